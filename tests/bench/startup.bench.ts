/**
 * Cold `gridplan serve` on a fresh embedded database (migrations + demo town) to the first map
 * render in chromium, and a warm restart on the same data directory (target: warm < 10 s), next
 * to the floor of any warm restart: PGlite + PostGIS alone opening the same data directory.
 * One browser profile for both: the cold start's first visit finds its cache empty, the warm
 * restart's visit is a returning browser's (the app's hashed assets kept, the shell asked again),
 * as a grid worker's phone opens the app after the server restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BenchContext, BenchResult } from './types';
import { openPglite } from '../../server/src/db/pool';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Start {
  child: ChildProcess;
  lines: { at: number; text: string }[];
  readyMs: number;
}

async function startServer(dataDir: string, port: number): Promise<Start> {
  const t0 = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, GRIDPLAN_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn('node', ['bin/gridplan.js', 'serve', '--port', String(port)], { cwd: root, env });
  const lines: Start['lines'] = [];
  child.stdout!.on('data', (d: Buffer) =>
    d
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((text) => lines.push({ at: Date.now() - t0, text })),
  );
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(d));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > 300_000) throw new Error('server did not start within 300 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, lines, readyMs: Date.now() - t0 };
}

async function firstRenderMs(profile: string, port: number): Promise<number> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: BROWSER_ARGS,
  });
  try {
    const page = await context.newPage();
    const t = Date.now();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(
      () => {
        const map = (window as unknown as { __gridplanMap?: { loaded(): boolean; queryRenderedFeatures(): unknown[] } }).__gridplanMap;
        return !!map && map.loaded() && map.queryRenderedFeatures().length > 0;
      },
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    return Date.now() - t;
  } finally {
    await context.close();
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gridplan-bench-data-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'gridplan-bench-browser-'));
  const port = 18000 + Math.floor(Math.random() * 1000);
  try {
    const cold = await startServer(dataDir, port);
    const coldRender = await firstRenderMs(profile, port);
    const phases = cold.lines.map((l) => `${(l.at / 1000).toFixed(1)} s ${l.text}`).slice(0, 12);
    phases.forEach((p) => ctx.log(`cold: ${p}`));
    await stop(cold.child);
    const warm = await startServer(dataDir, port);
    const warmRender = await firstRenderMs(profile, port);
    await stop(warm.child);
    // The floor of any warm restart: the same data directory opened by PGlite + PostGIS alone.
    const t = performance.now();
    const bare = await openPglite(dataDir);
    await bare.withClient((c) => c.query('SELECT PostGIS_Version()'));
    await bare.close();
    const bareMs = performance.now() - t;
    return [
      { name: 'cold start to API ready (fresh data dir: open, migrate, demo town)', value: cold.readyMs / 1000, unit: 's' },
      { name: 'cold start to first map render (a browser with an empty cache)', value: (cold.readyMs + coldRender) / 1000, unit: 's' },
      {
        name: 'warm restart to API ready',
        value: warm.readyMs / 1000,
        unit: 's',
        baseline: { name: 'the same data directory opened by PGlite + PostGIS alone', value: bareMs / 1000 },
        ratio: warm.readyMs / bareMs,
      },
      {
        name: 'warm restart to first map render (a returning browser)',
        value: (warm.readyMs + warmRender) / 1000,
        unit: 's',
        baseline: { name: 'PGlite alone opening the data directory + the same first render', value: (bareMs + warmRender) / 1000 },
        ratio: (warm.readyMs + warmRender) / (bareMs + warmRender),
        target: '< 10 s',
        ok: (warm.readyMs + warmRender) / 1000 < 10,
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
