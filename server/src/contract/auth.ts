/** Sign-in, sign-out and the signed-in user (PRODUCT §7: these shapes are public). */
import { z } from 'zod';

export const ROLES = ['admin', 'planner', 'official', 'worker', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const loginBody = z.object({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
});

export const loginResultSchema = z.object({
  username: z.string(),
  role: roleSchema,
  displayName: z.string(),
});
export type LoginResult = z.infer<typeof loginResultSchema>;

/**
 * The signed-in user with the codes of the grid cells they are responsible for, and their data
 * scope (null = the whole installation) with its bounds [west, south, east, north], where the map starts.
 */
export const currentUserSchema = loginResultSchema.extend({
  cells: z.array(z.string()),
  scopeCode: z.string().nullable(),
  scopeBbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;
