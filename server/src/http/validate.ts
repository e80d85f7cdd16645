/**
 * `zValidator` with this project's error shape: a 400 whose details name every bad field
 * (`body.minHouseholds`, `query.lng`), so a form can point at it.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError } from './errors';

export interface FieldProblem {
  field: string;
  message: string;
}

export function issuesToFields(target: string, issues: readonly { path: PropertyKey[]; message: string }[]): FieldProblem[] {
  return issues.map((issue) => ({
    field: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const fields = issuesToFields(target, result.error.issues);
      const first = fields[0];
      throw new ApiError(400, 'invalid_input', first ? `${first.field}: ${first.message}` : 'Invalid input', fields);
    }
  });
}
