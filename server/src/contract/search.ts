/** Free-text search over communities, compounds, buildings and (for staff) people. */
import { z } from 'zod';

export const searchQuery = z
  .object({
    q: z.string().trim().min(1).max(60),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    /** Where the searcher is looking from (the map centre); hits then carry their distance. */
    lng: z.coerce.number().min(-180).max(180).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
  })
  .refine((query) => (query.lng === undefined) === (query.lat === undefined), {
    path: ['lat'],
    message: 'lng and lat come together',
  });

export const SEARCH_KINDS = ['community', 'compound', 'building', 'person'] as const;

export const searchHitSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  code: z.string(),
  name: z.string(),
  label: z.string(),
  center: z.tuple([z.number(), z.number()]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** Name of the community the hit lies in (a person's: the one they belong to). */
  community: z.string(),
  /** Metres from the lng/lat given with the query, when one was given. */
  distanceMetres: z.number().optional(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
