/** Free-text search over communities, compounds, buildings and (for staff) people. */
import { z } from 'zod';

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(60),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const SEARCH_KINDS = ['community', 'compound', 'building', 'person'] as const;

export const searchHitSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  code: z.string(),
  name: z.string(),
  label: z.string(),
  center: z.tuple([z.number(), z.number()]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
