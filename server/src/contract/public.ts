/** The public page of a community (居务公开): what anyone may see, nothing personal. */
import { z } from 'zod';

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
  /** Summary of the yearly scorecard: always null until the scorecard is published here. */
  scorecard: z.null(),
});
export type PublicCommunity = z.infer<typeof publicCommunitySchema>;
