/** Session cookie handling and role checks, applied on the server for every route. */
import { createMiddleware } from 'hono/factory';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Role } from './env';
import { findSessionUser } from '../db/sessions';
import { ApiError } from './errors';

export const SESSION_COOKIE = 'gridplan_session';

/** Reads the session cookie (if any) into `c.var.user`; never rejects. */
export const loadUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
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

/** Roles that may change plans and registers. */
export const EDITORS: Role[] = ['admin', 'planner'];
