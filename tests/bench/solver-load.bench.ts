/**
 * Lookups while a long solve runs. One process holds what `gridplan serve` holds: the API on the
 * embedded database (demo town) and the solver worker thread. Anonymous lookups by point are
 * loaded with autocannon (10 connections, from a worker thread) on a quiet server, then again
 * while the exact p-median search works through pmed36 (n = 800, p = 10; it needs more than the
 * time it is given, so the solver is busy for the whole window). Three quiet and three solving
 * windows alternate; each figure is the median of its three. Target: throughput during a solve
 * ≥ 80 % of the quiet figure. Windows of 20 s; BENCH_QUICK=1: 4 s.
 */
import { createRequire } from 'node:module';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/src/app';
import { solveLocation } from '../../server/src/domain/locate';
import { closeSolverPool, warmHighs } from '../../server/src/domain/solver/highs';
import { readPmed, toLocateProblem } from '../domain/locate/orlib';
import { freePort } from '../e2e/helpers/server';
import { pgliteTown } from './shared';
import { median, type BenchContext, type BenchResult } from './types';

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
/** Quiet and solving windows, alternated. */
const PAIRS = 3;
const SOLVE_HEAD_START_MS = 1000;

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const windowSeconds = ctx.quick ? 4 : 20;
  // Long enough to outlast its window: pmed36 is not proven in this time, so the solver works throughout.
  const solveSeconds = windowSeconds + 2;
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

    // Quiet and solving windows alternate, and each figure is the median of its windows, so a
    // few seconds of other work on the machine lands in one window instead of deciding the ratio.
    const problem = toLocateProblem(readPmed(36));
    const quiet: AutocannonResult[] = [];
    const during: AutocannonResult[] = [];
    for (let pair = 0; pair < PAIRS; pair += 1) {
      quiet.push(await load());
      const solveStarted = performance.now();
      const solving = solveLocation(problem, { timeLimitSeconds: solveSeconds });
      await new Promise((resolve) => setTimeout(resolve, SOLVE_HEAD_START_MS)); // the worker has the instance and is searching
      during.push(await load());
      const duringEnded = performance.now();
      const solved = await solving;
      const solveEnded = performance.now();
      if (solveEnded < duringEnded) throw new Error('the solve ended before the measurement did');
      ctx.log(
        `solve ${pair + 1}: ${solved.status} after ${((solveEnded - solveStarted) / 1000).toFixed(1)} s; ` +
          `${during[pair]!.requests.average} req/s during it, ${quiet[pair]!.requests.average} req/s just before`,
      );
    }
    const quietRate = median(quiet.map((r) => r.requests.average));
    const duringRate = median(during.map((r) => r.requests.average));
    const quietP99 = median(quiet.map((r) => r.latency.p99));
    const duringP99 = median(during.map((r) => r.latency.p99));
    const ratio = duringRate / quietRate;
    return [
      {
        name: `lookups during a solve (${CONNECTIONS} connections; median of ${PAIRS} windows of ${windowSeconds} s)`,
        value: duringRate,
        unit: 'req/s',
        baseline: { name: 'same lookups, no solve (windows between the solves)', value: quietRate },
        ratio,
        target: '≥ 0.8',
        ok: ratio >= 0.8,
      },
      {
        name: 'lookup p99 during the solve',
        value: duringP99,
        unit: 'ms',
        baseline: { name: 'no solve', value: quietP99 },
        ratio: duringP99 / quietP99,
      },
    ];
  } finally {
    server.close();
    await closeSolverPool();
    await db.close();
  }
}
