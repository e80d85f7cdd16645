/** Pieces shared by the facility routes: the one-field 400, code schemas, the roles that plan. */
import { z } from 'zod';
import type { Role } from '../http/env';
import { ApiError } from '../http/errors';

/** A 400 in the same shape as `validate()`'s: the message and details name the field. */
export function fieldError(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid_input', `${field}: ${message}`, [{ field, message }]);
}

export const optionCode = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'an option code is 1–40 letters, digits, _ or -');
export const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');
export const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 53) });

/** Planners run scenarios; officials run them too (to override a choice) and approve. */
export const PLANNERS: Role[] = ['admin', 'planner', 'official'];
/** Roles that approve scenarios and move projects along. */
export const DECIDERS: Role[] = ['admin', 'official'];
