/**
 * Starts the real Gridplan server as a child process for browser tests: a free port, an
 * embedded database in a temporary GRIDPLAN_DATA_DIR, ready when /api/health answers.
 * DATABASE_URL is removed from the child's environment so browser tests never touch a shared
 * PostgreSQL.
 *
 * A server starts on a copy of a demo folder: one server started on an empty folder (the first
 * start loads the demo town) and stopped, its folder kept in the package's cache while nothing it
 * depends on changes (tests/helpers/cache.ts). The browser-test run's global setup makes or finds
 * it; every browser-test file, and the files that poll a server while it works, then have a demo
 * town of their own without loading it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { keep, keptName, TEST_CACHE } from '../../helpers/cache';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A stopped server's data folder holding the demo town, made by the global setup. */
    demoDataDir: string;
  }
}

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningServer {
  /** Base URL such as http://127.0.0.1:43121 */
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output: () => string;
  /** Stops the server and removes its data folder, unless `keepData`. */
  stop: (options?: { keepData?: boolean }) => Promise<void>;
}

export interface StartOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Start on an empty folder (the demo town is loaded) instead of a copy of the demo folder. */
  fresh?: boolean;
}

/** A TCP port that is free right now on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Start `gridplan serve` on a free port with a data folder of its own; waits up to `timeoutMs`. */
export async function startServer({ timeoutMs = 180_000, env = {}, fresh = false }: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gridplan-e2e-'));
  // The browser-test run's global setup names the folder; other runs find or make it.
  const demo = fresh ? undefined : ((process.env.VITEST ? inject('demoDataDir') : undefined) ?? (await demoFolder()));
  if (demo !== undefined) await cp(demo, dataDir, { recursive: true });
  const childEnv: NodeJS.ProcessEnv = { ...process.env, GRIDPLAN_DATA_DIR: dataDir, ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['bin/gridplan.js', 'serve', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));

  const url = `http://127.0.0.1:${port}`;
  const stop = async ({ keepData = false } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    if (!keepData) await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(url))) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`gridplan serve exited with code ${child.exitCode}:\n${log}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`gridplan serve was not healthy after ${timeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { url, port, dataDir, output: () => log, stop };
}

const FOLDERS = path.join(TEST_CACHE, 'server-folders');

/**
 * A stopped server's data folder holding the demo town, kept between processes: made by a first
 * start on an empty folder when none is kept for the current sources.
 */
export async function demoFolder(): Promise<string> {
  const name = await keptName('demo-town', 'gridplan serve on an empty folder');
  const kept = path.join(FOLDERS, name);
  if (existsSync(kept)) return kept;
  const first = await startServer({ fresh: true });
  await first.stop({ keepData: true });
  await keep(FOLDERS, name, (to) => cp(first.dataDir, to, { recursive: true }));
  // Where the cache cannot be written, this run uses the folder it made.
  if (!existsSync(kept)) return first.dataDir;
  await rm(first.dataDir, { recursive: true, force: true });
  return kept;
}
