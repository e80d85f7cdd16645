/**
 * Routes declare their request and response schemas with `createRoute`; the OpenAPI document is
 * generated from them. Helpers here keep those declarations short: who may call a route
 * (`allow`), JSON bodies and answers (`jsonBody`, `json`), and the router every resource uses.
 */
import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Role } from './env';
import { requireRole } from './auth';
import { invalidInput } from './validate';
import { errorBodySchema } from '../contract/common';

/** A resource's sub-app: request validation failures become field-named 400s. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.target, result.error.issues);
    },
  });
}

/** Who may call a route, as the OpenAPI extension `x-roles`: `public`, `signed-in` or role names. */
export type Access = 'public' | 'signed-in' | Role[];

/** A public route (no session needed). */
export const open = { 'x-roles': 'public' as Access };

/**
 * A route for signed-in users, optionally of some roles only: spread into `createRoute`. The
 * middleware answers 401/403; `x-roles` documents it (and drives the access tests).
 */
export function allow(...roles: Role[]): { middleware: MiddlewareHandler<AppEnv>; 'x-roles': Access } {
  return { middleware: requireRole(...roles), 'x-roles': roles.length ? roles : 'signed-in' };
}

/** A JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { 'application/json': { schema } } } as const;
}

/** A JSON answer. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** The answer for a community, building or plan outside the signed-in account's data scope. */
export const OUTSIDE_SCOPE = json(errorBodySchema, 'Outside your data scope (scope.outside)');
