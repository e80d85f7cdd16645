/** /api/auth: sign in (session cookie), sign out, the signed-in user. Shapes are public (PRODUCT §7). */
import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { allow, createRouter, json, jsonBody, open } from '../http/openapi';
import { SESSION_COOKIE } from '../http/auth';
import { ApiError } from '../http/errors';
import { errorBodySchema, okSchema } from '../contract/common';
import { currentUserSchema, loginBody, loginResultSchema } from '../contract/auth';
import { deleteSession } from '../db/sessions';
import { signIn } from '../db/sign-in';
import { cellsOfAccount, scopeBbox } from '../db/users';
import { SESSION_ABSOLUTE_DAYS } from '../domain/auth/throttle';
import { cameOverHttps, clientAddress } from '../http/client';

const tags = ['auth'];

export const auth = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/login',
      tags,
      summary:
        'Sign in; sets an HttpOnly session cookie (Secure over HTTPS). The session ends after 12 h without use or 7 days after sign-in. ' +
        'After 5 failures for one username or 50 from one address within 15 minutes, sign-in is refused for a while (429 with Retry-After)',
      ...open,
      request: { body: jsonBody(loginBody) },
      responses: {
        200: json(loginResultSchema, 'The signed-in user'),
        401: json(errorBodySchema, 'Wrong username or password, the same answer for both (auth.wrong_credentials)'),
        429: json(
          errorBodySchema,
          'Too many failed sign-ins for this username or from this address (auth.too_many_attempts); the Retry-After header gives the seconds to wait',
        ),
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const session = await signIn(c.var.db, username, password, clientAddress(c));
      if (session.kind === 'throttled') {
        const seconds = session.retryAfterSeconds;
        c.header('Retry-After', String(seconds));
        throw new ApiError(429, 'auth.too_many_attempts', { retryAfterSeconds: seconds, minutes: Math.ceil(seconds / 60) });
      }
      if (session.kind === 'refused') throw new ApiError(401, 'auth.wrong_credentials');
      // The cookie may live as long as the session can; the server ends idle sessions itself.
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: SESSION_ABSOLUTE_DAYS * 24 * 3600,
        secure: cameOverHttps(c),
      });
      const { username: name, role, displayName } = session.user;
      return c.json({ username: name, role, displayName }, 200);
    },
  )
  .openapi(
    createRoute({ method: 'post', path: '/logout', tags, summary: 'Sign out', ...open, responses: { 200: json(okSchema, 'Signed out') } }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await c.var.db.withClient((q) => deleteSession(q, token));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags,
      summary:
        'The signed-in user, the cells they are responsible for, and their data scope with its bounds (null = the whole installation)',
      ...allow(),
      responses: { 200: json(currentUserSchema, 'The user with the codes of their cells') },
    }),
    async (c) => {
      const user = c.var.user!;
      const { cells, bbox } = await c.var.db.withClient(async (q) => ({
        cells: await cellsOfAccount(q, user.username, user.personId),
        bbox: await scopeBbox(q, user.scopeCode),
      }));
      const { username, role, displayName, scopeCode } = user;
      return c.json({ username, role, displayName, cells, scopeCode, scopeBbox: bbox }, 200);
    },
  );
