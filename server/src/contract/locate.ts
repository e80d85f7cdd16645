/**
 * Location-allocation: the public problem of `gridplan locate` (PRODUCT §7) and its answer, and
 * the siting question over the database (demand = buildings or compounds, sites = options and
 * existing facilities) with what the map draws.
 */
import { z } from 'zod';
import { communityCode, optionCode } from './facility';

// Ids may arrive as JSON numbers; they are normalised to strings because codes are strings
// (leading zeros matter) and because the result uses them as object keys.
const idSchema = z.union([z.string().min(1), z.number()]).transform(String);

/**
 * The problem's shape, field by field. Rules across fields (matrix size, p against the sites,
 * duplicate ids) are checked by domain/locate, each with its own message code.
 */
export const locateProblemSchema = z.object({
  problem: z.enum(['p-median', 'mclp']),
  p: z.number().int().min(1),
  radius: z.number().nonnegative().optional(),
  demand: z.array(z.object({ id: idSchema, weight: z.number().nonnegative() })).min(1),
  sites: z.array(z.object({ id: idSchema, fixed: z.boolean().optional().default(false) })).min(1),
  cost: z.array(z.array(z.number().nonnegative())),
});
export type LocateProblem = z.output<typeof locateProblemSchema>;
export type LocateProblemInput = z.input<typeof locateProblemSchema>;

export const locateQuery = z.object({ timeLimitSeconds: z.coerce.number().min(0.1).max(60).default(30) });

export const PLAN_SOURCES = ['heuristic', 'solver'] as const;

export const LOCATE_STATUSES = ['optimal', 'time_limit', 'infeasible', 'error'] as const;
export const locateStatusSchema = z.enum(LOCATE_STATUSES);
export type LocateStatus = z.infer<typeof locateStatusSchema>;

export const locateResultSchema = z.object({
  status: locateStatusSchema,
  /** p-median: total weighted cost; mclp: covered weight. */
  objective: z.number(),
  open: z.array(z.string()),
  /** Every demand id mapped to its nearest open site id. */
  assign: z.record(z.string(), z.string()),
  /** Relative optimality gap of the returned plan; null when unknown. */
  gap: z.number().nullable(),
  solveMs: z.number(),
  /**
   * Who found the returned plan: the quick heuristic (greedy + interchange), or the exact solver,
   * whose incumbent is returned only when it is better. With status time_limit and source
   * heuristic, the solver found nothing better within the limit.
   */
  source: z.enum(PLAN_SOURCES),
});
export type PlanSource = (typeof PLAN_SOURCES)[number];
export type LocateResult = z.infer<typeof locateResultSchema>;

export const DEMAND_LEVELS = ['buildings', 'compounds'] as const;
export type DemandLevel = (typeof DEMAND_LEVELS)[number];

export const sitingBody = z
  .object({
    communityCode: communityCode.nullable().default(null),
    problem: z.enum(['p-median', 'mclp']).default('p-median'),
    p: z.number().int().min(1),
    /** Covering radius in metres; required for mclp. */
    radius: z.number().positive().max(50_000).optional(),
    demand: z.enum(DEMAND_LEVELS).optional(),
    includeExisting: z.boolean().default(true),
    optionCodes: z.array(optionCode).min(1).max(2000).nullable().default(null),
    timeLimitSeconds: z.number().min(0.1).max(60).default(30),
  })
  .strict();
export type SitingRequest = z.input<typeof sitingBody>;

export const sitingSiteSchema = z.object({
  /** `option:<code>` or `facility:<id>`. */
  id: z.string(),
  kind: z.enum(['option', 'facility']),
  code: z.string(),
  name: z.string(),
  communityCode: z.string(),
  lng: z.number(),
  lat: z.number(),
  fixed: z.boolean(),
});
export type SitingSite = z.infer<typeof sitingSiteSchema>;

export const sitingDemandSchema = z.object({ id: z.string(), weight: z.number(), lng: z.number(), lat: z.number() });
export type SitingDemand = z.infer<typeof sitingDemandSchema>;

export const sitingResultSchema = locateResultSchema.extend({
  scope: z.object({
    communityCode: z.string().nullable(),
    demand: z.enum(DEMAND_LEVELS),
    includeExisting: z.boolean(),
    optionCodes: z.array(z.string()).nullable(),
    p: z.number().int(),
    radius: z.number().nullable(),
  }),
  sites: z.array(
    sitingSiteSchema.extend({
      open: z.boolean(),
      households: z.number(),
      demandPoints: z.number().int(),
      meanDistanceMetres: z.number().nullable(),
    }),
  ),
  demand: z.array(sitingDemandSchema.extend({ site: z.string().nullable() })),
});
export type SitingResult = z.infer<typeof sitingResultSchema>;
