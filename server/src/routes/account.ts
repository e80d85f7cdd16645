/** /api/auth/password: a signed-in user changes their own password; their other sessions end. */
import { createRoute } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema, okSchema } from '../contract/common';
import { passwordChangeBody } from '../contract/users';
import { SESSION_COOKIE } from '../http/auth';
import { passwordHashOf, setPassword } from '../db/users';
import { hashPassword, verifyPassword } from '../domain/auth/password';
import { forbidden } from '../domain/errors';

export const account = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/password',
    tags: ['accounts'],
    summary: 'Change your own password (at least 10 characters); your other sessions are signed out',
    ...allow(),
    request: { body: jsonBody(passwordChangeBody) },
    responses: {
      200: json(okSchema, 'Changed; this session stays signed in'),
      400: json(errorBodySchema, 'The new password is too short or too long'),
      403: json(errorBodySchema, 'The current password is wrong (account.wrong_password)'),
    },
  }),
  async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    const username = c.var.user!.username;
    const db = c.var.db;
    const stored = await db.withClient((q) => passwordHashOf(q, username));
    if (!stored || !(await verifyPassword(currentPassword, stored))) throw forbidden('account.wrong_password');
    const passwordHash = await hashPassword(newPassword);
    await db.withTransaction((q) => setPassword(q, username, passwordHash, username, getCookie(c, SESSION_COOKIE)));
    return c.json({ ok: true as const }, 200);
  },
);
