import { Hono } from 'hono';
import { z } from 'zod';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { requireRole, SESSION_COOKIE } from '../http/auth';
import { createSession, deleteSession, findUserForLogin, SESSION_HOURS } from '../db/sessions';
import { verifyPassword } from '../domain/auth/password';
import { audit } from '../db/audit';
import { cellsOfAccount } from '../db/users';

export const loginBody = z.object({
  username: z.string().min(1).max(40),
  password: z.string().min(1).max(200),
});

export const auth = new Hono<AppEnv>()
  .post('/login', validate('json', loginBody), async (c) => {
    const { username, password } = c.req.valid('json');
    const db = c.var.db;
    const user = await db.withClient((q) => findUserForLogin(q, username));
    // The same answer for an unknown user and a wrong password: no account probing.
    if (!user || !user.active || !(await verifyPassword(password, user.password_hash))) {
      throw new HTTPException(401, { message: 'Wrong username or password' });
    }
    const token = await db.withTransaction(async (q) => {
      await audit(q, { username, action: 'login', entity: 'app_user', entityId: username });
      return createSession(q, username);
    });
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: SESSION_HOURS * 3600,
      secure: c.req.url.startsWith('https:'),
    });
    return c.json({ username: user.username, role: user.role, displayName: user.display_name });
  })
  .post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.var.db.withClient((q) => deleteSession(q, token));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  })
  .get('/me', requireRole(), async (c) => {
    const user = c.var.user!;
    const cells = await c.var.db.withClient((q) => cellsOfAccount(q, user.username, user.personId));
    return c.json({ username: user.username, role: user.role, displayName: user.displayName, cells });
  });
