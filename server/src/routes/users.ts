/** /api/users: accounts, managed by admins (list, add, change role/cells, disable/enable). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import { newUserBody, userPatch, userSchema, usernameParam } from '../contract/users';
import { createUser, listUsers, updateUser } from '../db/users';
import { hashPassword } from '../domain/auth/password';

const tags = ['accounts'];

export const users = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Every account, by username (no password hashes)',
      ...allow('admin'),
      responses: { 200: json(z.array(userSchema), 'Accounts') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listUsers(q)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: `Add an account with a password of at least 10 characters`,
      ...allow('admin'),
      request: { body: jsonBody(newUserBody) },
      responses: {
        201: json(userSchema, 'The new account'),
        400: json(
          errorBodySchema,
          'Bad fields, unknown cell codes (account.unknown_cells), or a scope code no division or community has (scope.unknown)',
        ),
        409: json(errorBodySchema, 'The username is taken (account.exists)'),
      },
    }),
    async (c) => {
      const { password, ...user } = c.req.valid('json');
      const passwordHash = await hashPassword(password);
      const created = await c.var.db.withTransaction((q) => createUser(q, { ...user, passwordHash }, c.var.user!.username));
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{username}',
      tags,
      summary: 'Change role, display name, cells, data scope (null = everything) or disabled (a disabled account is signed out everywhere)',
      ...allow('admin'),
      request: { params: usernameParam, body: jsonBody(userPatch) },
      responses: {
        200: json(userSchema, 'The account after the change'),
        400: json(
          errorBodySchema,
          'Bad fields, unknown cell codes (account.unknown_cells), or a scope code no division or community has (scope.unknown)',
        ),
        403: json(errorBodySchema, 'Disabling your own account (account.self_disable)'),
        404: json(errorBodySchema, 'No such account (account.not_found)'),
        409: json(errorBodySchema, 'Stale version (stale_version), or the last active admin would go (account.last_admin)'),
      },
    }),
    async (c) => {
      const { username } = c.req.valid('param');
      const patch = c.req.valid('json');
      return c.json(await c.var.db.withTransaction((q) => updateUser(q, username, patch, c.var.user!.username)), 200);
    },
  );
