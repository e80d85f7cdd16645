/** Community summaries: households, area, the housing standard, compliance and grid size. */
import { z } from 'zod';
import { version } from './common';

export const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');
export const communityCodeParam = z.object({ code: communityCode });

const lngLat = z.tuple([z.number(), z.number()]);
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const communitySchema = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  residents: z.number(),
  buildingCount: z.number().int(),
  areaM2: z.number(),
  centroid: lngLat,
  bbox,
  requiredAreaM2: z.number(),
  currentAreaM2: z.number(),
  gapM2: z.number(),
  compliant: z.boolean(),
  /** The community's own grid size, else the town's settings. */
  minHouseholdsPerCell: z.number().int(),
  maxHouseholdsPerCell: z.number().int(),
  version: z.number().int(),
});
export type CommunitySummary = z.infer<typeof communitySchema>;

const households = z.number().int().positive().max(100_000).nullable().optional();

export const communityPatch = z
  .object({
    version,
    name: z.string().trim().min(1).max(60).optional(),
    minHouseholdsPerCell: households,
    maxHouseholdsPerCell: households,
  })
  .refine((b) => !(b.minHouseholdsPerCell && b.maxHouseholdsPerCell && b.minHouseholdsPerCell > b.maxHouseholdsPerCell), {
    message: 'minHouseholdsPerCell must not exceed maxHouseholdsPerCell',
    path: ['minHouseholdsPerCell'],
    params: { code: 'field.min_over_max', other: 'json.maxHouseholdsPerCell' },
  });
export type CommunityPatch = z.infer<typeof communityPatch>;
