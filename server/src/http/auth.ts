/** Session cookie handling and role checks, applied on the server for every route. */
import { createMiddleware } from 'hono/factory';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Role } from './env';
import { findSessionUser } from '../db/sessions';
import { ApiError } from './errors';
import type { Context } from 'hono';
import type { Scope } from '../domain/access/scope';

export const SESSION_COOKIE = 'gridplan_session';

/** Lookups by code and by point: open routes whose one statement checks the session itself. */
const SESSION_IN_STATEMENT = /^\/api\/(?:lookup\/?|buildings\/[^/]+\/coverage)$/;

/**
 * Reads the session cookie (if any) into `c.var.user`; never rejects. On the lookup routes the
 * token is handed on in `c.var.sessionToken` instead, so a signed-in lookup is one round trip.
 */
export const loadUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token && c.req.method === 'GET' && SESSION_IN_STATEMENT.test(c.req.path)) {
    c.set('user', null);
    c.set('sessionToken', token);
    return next();
  }
  const user = token ? await c.var.db.withClient((db) => findSessionUser(db, token)) : null;
  c.set('user', user);
  await next();
});

/** 401 without a session, 403 when the user's role is not one of `roles` (none given = any role). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.var.user;
    if (!user) throw new ApiError(401, 'unauthorized');
    if (roles.length > 0 && !roles.includes(user.role)) {
      throw new ApiError(403, 'forbidden', { roles });
    }
    await next();
  });
}

/** The signed-in account's data scope; null for an unscoped account and for the public. */
export const scopeOf = (c: Context<AppEnv>): Scope => c.var.user?.scopeCode ?? null;

/** Roles that may change plans and registers. */
export const EDITORS: Role[] = ['admin', 'planner'];
