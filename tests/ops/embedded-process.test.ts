/**
 * The embedded database across processes: first start without an admin, `gridplan users`,
 * one process per data folder, and a clean stop on SIGTERM that lets in-flight requests finish
 * and leaves the folder cleanly shut down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { clusterState, freePort, run, start } from './children';
import { LOCK_FILE } from '../../server/src/db/folder-lock';
import { embeddedRun } from '../helpers/engine';

let root: string;
let dataDir: string;
let env: Record<string, string | undefined>;
const PASSWORD = 'a long enough password';

async function healthy(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gridplan-ops-'));
  dataDir = path.join(root, 'data');
  env = { GRIDPLAN_DATA_DIR: dataDir, DATABASE_URL: undefined, GRIDPLAN_PASSWORD: undefined };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.runIf(embeddedRun)('a data folder made by gridplan migrate', { timeout: 300_000 }, () => {
  it('gets no demo town: serve refuses to start without an admin and says how to make one', async () => {
    const migrated = await run(['migrate'], env);
    expect(migrated.code).toBe(0);
    const port = await freePort();
    const refused = await run(['serve', '--port', String(port)], env);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('no admin account');
    expect(refused.output).toContain('gridplan users add');
    expect(refused.output).not.toContain('demo town loaded');
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('gridplan users refuses a password on the command line or too short, then adds and lists an admin', async () => {
    const onCommandLine = await run(['users', 'add', 'boss', '--role', 'admin', '--password', PASSWORD], env);
    expect(onCommandLine.code).toBe(2);
    expect(onCommandLine.output).toMatch(/not taken on the command line/);
    const short = await run(['users', 'add', 'boss', '--role', 'admin'], { ...env, GRIDPLAN_PASSWORD: 'short' });
    expect(short.code).toBe(2);
    const fromStdin = await run(['users', 'add', 'boss', '--role', 'admin', '--password-stdin'], env, { stdin: `${PASSWORD}\n` });
    expect(fromStdin.code).toBe(0);
    const fromEnv = await run(['users', 'add', 'clerk', '--role', 'worker'], { ...env, GRIDPLAN_PASSWORD: PASSWORD });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.output).not.toContain(PASSWORD);
    const disabled = await run(['users', 'disable', 'clerk'], env);
    expect(disabled.code).toBe(0);
    const list = await run(['users', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.output).toMatch(/^boss\tadmin\tactive$/m);
    expect(list.output).toMatch(/^clerk\tworker\tdisabled$/m);
    expect(list.output).not.toMatch(/^admin\t/m);
  });
});

describe.runIf(embeddedRun)('gridplan serve on that folder', { timeout: 300_000 }, () => {
  it('starts with the new admin, refuses a second process on the folder naming itself, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = start(['serve', '--port', String(port)], env);
    await healthy(url);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'boss', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const demo = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo' }),
    });
    expect(demo.status).toBe(401);

    const second = await run(['migrate'], env);
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`data folder ${dataDir} is in use by gridplan serve (pid ${server.process.pid}`);
    expect(second.output).toContain('stop it first');
    // an import does not write beside the running server either
    const roads = path.join(dataDir, '..', 'roads.csv');
    await writeFile(roads, 'highway,geometry\nprimary,"LINESTRING (119.52 32.436, 119.53 32.436)"\n');
    const importing = await run(['import', roads, '--layer', 'roads'], env);
    expect(importing.code).not.toBe(0);
    expect(importing.output).toContain(`data folder ${dataDir} is in use by gridplan serve (pid ${server.process.pid}`);

    const stopping = Date.now();
    server.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(clusterState(dataDir)).toBe(1);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('stops cleanly on a SIGTERM that comes as soon as it answers, while the solver is still warming up', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = start(['serve', '--port', String(port)], env);
    await healthy(url);
    server.process.kill('SIGTERM');
    expect(await server.exited, server.output()).toBe(0);
    expect(clusterState(dataDir)).toBe(1);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('finishes a request in flight before exiting 0 on SIGTERM', async () => {
    const port = await freePort();
    const server = start([], { ...env, PORT: String(port), SLOW_MS: '1500' }, { script: 'tests/ops/fixtures/slow-serve.ts' });
    await server.waitFor('listening');
    const answer = fetch(`http://127.0.0.1:${port}/slow`);
    await server.waitFor('slow request started');
    server.process.kill('SIGTERM');
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ done: true });
    expect(await server.exited).toBe(0);
    expect(clusterState(dataDir)).toBe(1);
    // No new connections once stopping began.
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });

  it('takes over a lock left by a dead process on this host', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']);
    expect(dead.status).toBe(0);
    await writeFile(
      path.join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: dead.pid, host: hostname(), command: 'gridplan serve', startedAt: new Date(0).toISOString() }),
    );
    const list = await run(['users', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.output).toMatch(/^boss\tadmin/m);
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});
