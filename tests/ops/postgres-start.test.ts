/**
 * An empty PostgreSQL reached through DATABASE_URL: serve applies migrations only (no demo town,
 * no accounts) and refuses to start without an admin; after `gridplan users add` it serves and
 * stops cleanly on SIGTERM.
 */
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/src/db/pool';
import { freePort, run, start } from './children';

const PG_URL = process.env.DATABASE_URL;

describe.skipIf(!PG_URL)('serve on an empty PostgreSQL', { timeout: 300_000 }, () => {
  it('migrates only, refuses without an admin, then starts once one exists', async () => {
    const admin = openPostgres(PG_URL!, 1);
    await admin.withClient(async (c) => {
      await c.query('DROP DATABASE IF EXISTS gridplan_ops_empty WITH (FORCE)');
      await c.query('CREATE DATABASE gridplan_ops_empty');
    });
    await admin.close();
    const url = new URL(PG_URL!);
    url.pathname = '/gridplan_ops_empty';
    const env = { DATABASE_URL: url.toString(), GRIDPLAN_PASSWORD: undefined };

    const port = await freePort();
    const refused = await run(['serve', '--port', String(port)], env);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('no admin account');

    const db = openPostgres(url.toString(), 2);
    try {
      const count = async (table: string) =>
        (await db.withClient((c) => c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))).rows[0].n;
      expect(await count('schema_migration')).toBeGreaterThan(0);
      expect(await count('community')).toBe(0);
      expect(await count('app_user')).toBe(0);

      expect((await run(['users', 'add', 'boss', '--role', 'admin'], { ...env, GRIDPLAN_PASSWORD: 'a long enough password' })).code).toBe(
        0,
      );
      const server = start(['serve', '--port', String(port)], env);
      await server.waitFor('Gridplan is running');
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'demo' }),
      });
      expect(login.status).toBe(401);
      server.process.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(await count('community')).toBe(0);
    } finally {
      await db.close();
    }
  });
});
