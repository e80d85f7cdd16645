/**
 * Lookups while a long solve runs. One process holds what `gridplan serve` holds: the API on the
 * embedded database (demo town) and the solver worker thread. Anonymous lookups by point are
 * loaded with autocannon (10 connections, from a worker thread) on a quiet server, then again
 * while the exact p-median search works through pmed36 (n = 800, p = 10; it needs more than the
 * 60 s it is given, so the solver is busy for the whole measurement). Target: throughput during
 * the solve ≥ 80 % of the quiet figure. BENCH_QUICK=1: 20 s solve, 6 s windows.
 */
import { createRequire } from 'node:module';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/src/app';
import { solveLocation } from '../../server/src/domain/locate';
import { closeSolverPool, warmHighs } from '../../server/src/domain/solver/highs';
import { readPmed, toLocateProblem } from '../domain/locate/orlib';
import { freePort } from '../e2e/helpers/server';
import { pgliteTown } from './shared';
import type { BenchContext, BenchResult } from './types';

interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  workers?: number;
  requests: { method: string; path: string }[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = 10;

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const solveSeconds = ctx.quick ? 20 : 60;
  const windowSeconds = ctx.quick ? 6 : 20;
  const db = await pgliteTown(ctx, 22);
  await warmHighs();
  const port = await freePort();
  const server = serve({ fetch: createApp({ db }).fetch, port, hostname: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  try {
    const { rows } = await db.withClient((c) =>
      c.query<{ x: number; y: number }>(
        'SELECT ST_X(ST_PointOnSurface(geom))::float8 AS x, ST_Y(ST_PointOnSurface(geom))::float8 AS y FROM building ORDER BY md5(code) LIMIT 200',
      ),
    );
    const paths = rows.map((r) => `/api/lookup?lng=${r.x}&lat=${r.y}`);
    const load = async (): Promise<AutocannonResult> => {
      const result = await autocannon({
        url,
        connections: CONNECTIONS,
        duration: windowSeconds,
        workers: 1,
        requests: paths.map((path) => ({ method: 'GET', path })),
      });
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`lookups saw ${result.non2xx} non-2xx answers and ${result.errors} errors`);
      return result;
    };
    await load(); // warm: statements planned, caches filled
    const quiet = await load();

    const problem = toLocateProblem(readPmed(36));
    const solveStarted = performance.now();
    const solving = solveLocation(problem, { timeLimitSeconds: solveSeconds });
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the worker has the instance and is searching
    const during = await load();
    const duringEnded = performance.now();
    const solved = await solving;
    const solveEnded = performance.now();
    if (solveEnded < duringEnded) throw new Error('the solve ended before the measurement did');
    ctx.log(`solve: ${solved.status} after ${((solveEnded - solveStarted) / 1000).toFixed(1)} s`);
    const ratio = during.requests.average / quiet.requests.average;
    return [
      {
        name: `lookups during a ${solveSeconds} s solve (${CONNECTIONS} connections)`,
        value: during.requests.average,
        unit: 'req/s',
        baseline: { name: 'same lookups, no solve', value: quiet.requests.average },
        ratio,
        target: '≥ 0.8',
        ok: ratio >= 0.8,
      },
      {
        name: 'lookup p99 during the solve',
        value: during.latency.p99,
        unit: 'ms',
        baseline: { name: 'no solve', value: quiet.latency.p99 },
        ratio: during.latency.p99 / quiet.latency.p99,
      },
    ];
  } finally {
    server.close();
    await closeSolverPool();
    await db.close();
  }
}
