/** The targets scorecard: targets per year, each community's indicators, entry and CSV import. */
import { z } from 'zod';
import { COMPARATORS, INDICATOR_KEYS } from '../domain/scorecard/indicators';

export type { Comparator, IndicatorKey, IndicatorUnit } from '../domain/scorecard/indicators';
import { messageSchema } from './common';

export const indicatorKeySchema = z.enum(INDICATOR_KEYS);
export const comparatorSchema = z.enum(COMPARATORS);
const year = z.coerce.number().int().min(2000).max(2100);
const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');

export const scorecardQuery = z.object({ year });

export const targetResultSchema = z.object({
  key: indicatorKeySchema,
  target: z.number(),
  comparator: comparatorSchema,
  /** Mean of the known community values (for a status: the share that has it); null without data. */
  townValue: z.number().nullable(),
  communitiesMeeting: z.number().int(),
  communitiesTotal: z.number().int(),
  met: z.boolean().nullable(),
});

export const indicatorValueSchema = z.object({
  value: z.number().nullable(),
  target: z.number(),
  met: z.boolean().nullable(),
  source: z.enum(['entered', 'computed']),
});

export const scorecardSchema = z.object({
  year: z.number().int(),
  targets: z.array(targetResultSchema),
  communities: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      indicators: z.record(z.string(), indicatorValueSchema),
      /** The latest confirmed grade up to this year (null before the first confirmed round). */
      grade: z.object({ class: z.enum(['A', 'B', 'C']), level: z.number().int() }).nullable(),
    }),
  ),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

/** A target as the admin edits it: direction, value, and for town-level targets a share or count of communities. */
export const targetSchema = z.object({
  year: z.number().int(),
  key: indicatorKeySchema,
  comparator: comparatorSchema,
  target: z.number(),
  townShare: z.number().nullable(),
  townCount: z.number().int().nullable(),
  /** count: whole number; percent: 0–100; status: 1 or 0. */
  unit: z.enum(['count', 'percent', 'status']),
  /** Read from the registers for the current plan year rather than entered. */
  computed: z.boolean(),
  version: z.number().int(),
});
export type Target = z.infer<typeof targetSchema>;

export const targetParams = z.object({ year, key: indicatorKeySchema });
export const targetPut = z
  .object({
    comparator: comparatorSchema,
    target: z.number().finite(),
    townShare: z.number().gt(0).max(1).nullable().default(null),
    townCount: z.number().int().positive().nullable().default(null),
    /** The version last read; omit when creating the target for a new year. */
    version: z.number().int().positive().optional(),
  })
  .strict()
  .refine((t) => t.townShare === null || t.townCount === null, {
    message: 'a share or a count of communities, not both',
    path: ['townCount'],
  });

export const yearsSchema = z.object({ years: z.array(z.number().int()), currentYear: z.number().int() });

export const indicatorsPut = z
  .object({
    year: z.number().int().min(2000).max(2100),
    values: z
      .array(z.object({ communityCode, key: indicatorKeySchema, value: z.number().finite().nullable() }).strict())
      .min(1)
      .max(2000),
  })
  .strict();

export const indicatorsImport = z
  .object({
    year: z.number().int().min(2000).max(2100),
    csv: z.string().min(1).max(1_000_000),
    /** Check the file and say what it would change, writing nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();

export const importResultSchema = z.object({
  year: z.number().int(),
  written: z.number().int(),
  communities: z.number().int(),
  /** A dry run: nothing written; each value the file would add or change, and how many it leaves as they are. */
  dryRun: z.literal(true).optional(),
  changes: z.array(z.object({ communityCode, key: indicatorKeySchema, before: z.number().nullable(), value: z.number() })).optional(),
  unchanged: z.number().int().optional(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** One bad row of an import (row 1 is the header). */
export const importProblemSchema = messageSchema.extend({ row: z.number().int(), field: z.string() });
export type ImportProblem = z.infer<typeof importProblemSchema>;
