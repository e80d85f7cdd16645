/** Accounts as an admin manages them, and the own-password change every user can make. */
import { z } from 'zod';
import { version } from './common';

export const ROLES = ['admin', 'planner', 'official', 'worker', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);

/** Shortest password a user may choose (the demo accounts predate this rule). */
export const MIN_PASSWORD_LENGTH = 10;

export const usernameSchema = z.string().regex(/^[a-z0-9_.-]{2,40}$/, '2-40 characters: a-z, 0-9, _ . -');
const cellCode = z.string().regex(/^[0-9]{15}$/, 'a cell code is 15 digits');
export const cellCodesSchema = z.array(cellCode).max(200);
/** An account's data scope: a city (4 digits), county (6), town (9) or community (12) code; null = everything. */
export const scopeCodeSchema = z
  .string()
  .regex(/^([0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$/, 'a city (4 digits), county (6), town (9) or community (12) code')
  .nullable();
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(200);

export const userSchema = z.object({
  username: z.string(),
  role: roleSchema,
  displayName: z.string(),
  /** Cells given to the account directly (`--cells`, the admin screen). */
  cells: z.array(z.string()),
  /** The data scope (a division or community code prefix); null = the whole installation. */
  scopeCode: z.string().nullable(),
  disabled: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const usernameParam = z.object({ username: usernameSchema });

export const newUserBody = z
  .object({
    username: usernameSchema,
    role: roleSchema,
    displayName: z.string().max(80).optional(),
    cells: cellCodesSchema.optional(),
    scopeCode: scopeCodeSchema.optional(),
    password: passwordSchema,
  })
  .strict();
export type NewUser = z.infer<typeof newUserBody>;

export const userPatch = z
  .object({
    version,
    role: roleSchema.optional(),
    displayName: z.string().max(80).optional(),
    cells: cellCodesSchema.optional(),
    scopeCode: scopeCodeSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UserPatch = z.infer<typeof userPatch>;

export const passwordChangeBody = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: passwordSchema,
  })
  .strict();
