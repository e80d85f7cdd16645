/** /api/auth: sign in (session cookie), sign out, the signed-in user. Shapes are public (PRODUCT §7). */
import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { allow, createRouter, json, jsonBody, open } from '../http/openapi';
import { SESSION_COOKIE } from '../http/auth';
import { ApiError } from '../http/errors';
import { errorBodySchema, okSchema } from '../contract/common';
import { currentUserSchema, loginBody, loginResultSchema } from '../contract/auth';
import { deleteSession, SESSION_HOURS, signIn } from '../db/sessions';
import { cellsOfAccount } from '../db/users';

const tags = ['auth'];

export const auth = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/login',
      tags,
      summary: 'Sign in; sets an HttpOnly session cookie',
      ...open,
      request: { body: jsonBody(loginBody) },
      responses: {
        200: json(loginResultSchema, 'The signed-in user'),
        401: json(errorBodySchema, 'Wrong username or password, the same answer for both (auth.wrong_credentials)'),
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const session = await c.var.db.withTransaction((q) => signIn(q, username, password));
      if (!session) throw new ApiError(401, 'auth.wrong_credentials');
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: SESSION_HOURS * 3600,
        secure: c.req.url.startsWith('https:'),
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
      summary: 'The signed-in user and the cells they are responsible for',
      ...allow(),
      responses: { 200: json(currentUserSchema, 'The user with the codes of their cells') },
    }),
    async (c) => {
      const user = c.var.user!;
      const cells = await c.var.db.withClient((q) => cellsOfAccount(q, user.username, user.personId));
      return c.json({ username: user.username, role: user.role, displayName: user.displayName, cells }, 200);
    },
  );
