/** The public page of a community (居务公开): what anyone may see, nothing personal. */
import { z } from 'zod';
import { comparatorSchema, indicatorKeySchema } from './scorecard';

export const publicCommunityParam = z.object({ code: z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits') });

const geometry = z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) });

export const publicCellSchema = z.object({
  type: z.literal('Feature'),
  geometry: geometry.nullable(),
  properties: z.object({
    code: z.string(),
    label: z.string(),
    households: z.number().int(),
    /** Names of the cell's grid leaders and workers (a public duty); never their phones. */
    gridWorkers: z.array(z.string()),
  }),
});

export const publicProjectSchema = z.object({
  name: z.string(),
  method: z.string(),
  plannedYear: z.number().int(),
  status: z.enum(['planned', 'in_progress', 'delivered', 'cancelled']),
  netAreaM2: z.number(),
});

/** The community's scorecard for the current plan year: its own figures against the targets. */
export const publicScorecardSchema = z.object({
  year: z.number().int(),
  /** Targets the community meets. */
  targetsMet: z.number().int(),
  /** Targets with a value this year (met or not); the rest have no data yet. */
  targetsWithData: z.number().int(),
  targetsTotal: z.number().int(),
  indicators: z.array(
    z.object({
      key: indicatorKeySchema,
      /** count: a whole number; percent: 0–100; status: 1 (has it) or 0. */
      unit: z.enum(['count', 'percent', 'status']),
      comparator: comparatorSchema,
      target: z.number(),
      /** null when there is no value for the year (never read as 0). */
      value: z.number().nullable(),
      met: z.boolean().nullable(),
    }),
  ),
});
export type PublicScorecard = z.infer<typeof publicScorecardSchema>;

export const publicCommunitySchema = z.object({
  code: z.string(),
  name: z.string(),
  /** The community office's phone; null when none is on record. */
  officePhone: z.string().nullable(),
  officeAddress: z.string().nullable(),
  households: z.number().int(),
  cells: z.object({ type: z.literal('FeatureCollection'), features: z.array(publicCellSchema) }),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  facility: z.object({
    requiredAreaM2: z.number(),
    currentAreaM2: z.number(),
    compliant: z.boolean(),
    /** The approved facility plan's projects for this community (cancelled ones left out). */
    projects: z.array(publicProjectSchema),
    /** Delivered projects out of all projects; null with no approved plan for this community. */
    progress: z.object({ delivered: z.number().int(), total: z.number().int() }).nullable(),
  }),
  /** The latest grade (ABC × 1–3), or null when the community has not been graded. */
  grade: z.object({ year: z.number().int(), gradeClass: z.enum(['A', 'B', 'C']), gradeLevel: z.number().int() }).nullable(),
  /** The scorecard summary of the current plan year; null when that year has no targets. */
  scorecard: publicScorecardSchema.nullable(),
});
export type PublicCommunity = z.infer<typeof publicCommunitySchema>;
