/**
 * Grid plans (PRODUCT §5.3): the requests of the grid-plan API and the answers it gives. Geometry
 * arrives as GeoJSON coordinates; their finer rules (closed rings, vertex cap, validity) are
 * checked by the edit code, which names the spot. Answers are in grid-plan-answers.ts.
 */
import { z } from 'zod';
import { version } from './common';

export * from './grid-plan-answers';

export const planIdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52),
});
export const communityParam = z.object({ code: z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits') });

const label = z.string().trim().min(1).max(40);
const buildingCode = z.string().regex(/^[0-9]{17}$/, 'a building code is 17 digits');
const compoundCode = z.string().regex(/^[0-9]{12}-[0-9]{3}$/, 'a compound code is the community code, a dash and 3 digits');
const households = z.number().int().positive().max(100_000);
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const planName = z.string().trim().min(1).max(80);
// z.number() refuses NaN and ±Infinity, so a coordinate that overflowed in JSON is named here.
const position = z.array(z.number()).min(2, 'a position is [lng, lat]').max(3);

export const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)).max(50) });
export const lineSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(position) });

const selection = {
  buildings: z.array(buildingCode).max(20_000).default([]),
  compounds: z.array(compoundCode).max(1_000).default([]),
};

/** One edit of a draft; `version` is the plan's. */
export const editBody = z.discriminatedUnion('op', [
  z.object({ op: z.literal('move'), version, ...selection, to: label.nullable().describe('target cell label; null = a new cell') }),
  z.object({ op: z.literal('new_cell'), version, ...selection }),
  z.object({ op: z.literal('merge'), version, cells: z.array(label).min(2).max(100).describe('labels; all merge into the first') }),
  z.object({ op: z.literal('split_line'), version, cell: label, line: lineSchema }),
  z.object({
    op: z.literal('draw'),
    version,
    cell: label.nullable().describe('cell to (re)draw; null = a new cell'),
    outline: polygonSchema,
    replace: z.boolean().default(false).describe('true: buildings of the cell outside the outline go to their neighbours'),
  }),
  z.object({ op: z.literal('lock'), version, cell: label, locked: z.boolean() }),
  z.object({
    op: z.literal('rename'),
    version,
    cell: label,
    name: z.string().trim().max(40).describe('a name shown beside the label, e.g. 福星新村片; empty removes it'),
  }),
  z.object({ op: z.literal('rebalance'), version }),
  z.object({ op: z.literal('regenerate'), version, seed: seed.optional() }),
]);
/** An edit as the server reads it (defaults filled). */
export type EditBody = z.output<typeof editBody>;
/** An edit as a client sends it (defaults optional), without the version the client adds. */
export type EditRequest = DistributiveOmit<z.input<typeof editBody>, 'version'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const versionBody = z.object({ version });
export const rejectBody = z.object({ version, reason: z.string().trim().min(1).max(500) });

const minNotOverMax = (b: { minHouseholds?: number; maxHouseholds?: number }) =>
  b.minHouseholds === undefined || b.maxHouseholds === undefined || b.minHouseholds <= b.maxHouseholds;
const minOverMax = {
  message: 'minHouseholds must not exceed maxHouseholds',
  path: ['minHouseholds'],
  params: { code: 'field.min_over_max', other: 'json.maxHouseholds' },
};

export const planPatch = z
  .object({ version, name: planName.optional(), minHouseholds: households.optional(), maxHouseholds: households.optional() })
  .refine(minNotOverMax, minOverMax);
export type PlanPatch = z.output<typeof planPatch>;

export const generateBody = z
  .object({
    minHouseholds: households.default(300),
    maxHouseholds: households.default(500),
    seed: seed.optional(),
    name: planName.optional(),
    targetCells: z
      .number()
      .int()
      .positive()
      .max(999)
      .optional()
      .describe('A number of cells to aim for instead of the household range: the range is then chosen around households ÷ cells'),
  })
  .refine(minNotOverMax, minOverMax);

export const createBody = z.object({
  from: z
    .union([z.enum(['empty', 'published']), z.number().int().positive()])
    .default('empty')
    .describe("'empty', 'published' or a plan id to copy"),
  name: planName.optional(),
});

export const compareQuery = z.object({ a: z.coerce.number().int().positive(), b: z.coerce.number().int().positive() });
export const deleteQuery = z.object({ version: z.coerce.number().int().positive() });
