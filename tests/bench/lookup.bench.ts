/**
 * Lookup and coverage on PostgreSQL. The real server (`gridplan serve`, its own process, its
 * default pool of 10 connections) listens on 127.0.0.1 and is loaded with autocannon at 50
 * connections (lookup by building code and by point, spread over many buildings); the same SQL is
 * run directly through a pool of the same size by 50 concurrent loops for the same time, and each
 * API figure is shown next to it (ratio target ≤ 3). The whole-town coverage report is timed at
 * demo scale (target ≤ 1 s) and at 1,000 communities.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { openPostgres, type Db } from '../../server/src/db/pool';
import { COVERAGE_SQL, LOOKUP_POINT_SQL } from '../../server/src/db/coverage';
import { buildReport } from '../../server/src/routes/coverage-report';
import { DEFAULT_TOLERANCE_METRES } from '../../server/src/routes/buildings';
import { postgresTown } from './shared';
import { freePort, REPO_ROOT } from '../e2e/helpers/server';
import { percentile, timeRuns, type BenchContext, type BenchResult } from './types';

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

const CONNECTIONS = 50;
const SECONDS = 8;

interface Sample {
  code: string;
  x: number;
  y: number;
}

async function samples(db: Db, n: number): Promise<Sample[]> {
  const { rows } = await db.withClient((c) =>
    c.query<Sample>(
      'SELECT code, ST_X(ST_PointOnSurface(geom))::float8 AS x, ST_Y(ST_PointOnSurface(geom))::float8 AS y FROM building ORDER BY md5(code) LIMIT $1',
      [n],
    ),
  );
  return rows;
}

/** `gridplan serve` on the bench database; resolves once /api/health answers. */
async function listen(databaseUrl: string): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/gridplan.js', 'serve', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gridplan serve exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('gridplan serve did not become healthy');
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 300));
  }
}

// The load generator runs in a worker thread so it does not share the server's event loop; each
// connection walks the request list in order, so the 50 connections spread over many buildings.
async function load(url: string, paths: string[]): Promise<AutocannonResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    workers: 1,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`lookup load saw ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return result;
}

/** Runs `fn` from CONNECTIONS concurrent loops for SECONDS; returns sorted latencies (ms). */
async function direct(fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const until = performance.now() + SECONDS * 1000;
  const times: number[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await fn(i++);
        times.push(performance.now() - t);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

function pair(name: string, api: AutocannonResult, sql: number[]): BenchResult[] {
  const p50 = percentile(sql, 50);
  const p99 = percentile(sql, 99);
  return [
    {
      name: `${name} via API at ${CONNECTIONS} connections (p50)`,
      value: api.latency.p50,
      unit: 'ms',
      baseline: { name: 'same SQL direct (p50)', value: p50 },
      ratio: api.latency.p50 / p50,
      target: '≤ 3',
      ok: api.latency.p50 / p50 <= 3,
    },
    {
      name: `${name} via API at ${CONNECTIONS} connections (p99)`,
      value: api.latency.p99,
      unit: 'ms',
      baseline: { name: 'same SQL direct (p99)', value: p99 },
      ratio: api.latency.p99 / p99,
      target: '≤ 3',
      ok: api.latency.p99 / p99 <= 3,
    },
    { name: `${name} via API throughput`, value: api.requests.average, unit: 'req/s' },
  ];
}

/** The server's own pool size (openConfigured → openPostgres default), used for the direct runs too. */
const SERVER_POOL = 10;

async function lookups(ctx: BenchContext, databaseUrl: string): Promise<BenchResult[]> {
  const db = openPostgres(databaseUrl, SERVER_POOL);
  const picks = await samples(db, 500);
  const server = await listen(databaseUrl);
  const { url } = server;
  try {
    const byCode = await load(
      url,
      picks.map((s) => `/api/buildings/${s.code}/coverage`),
    );
    const byCodeSql = await direct((i) => db.withClient((c) => c.query(COVERAGE_SQL, [picks[i % picks.length].code])));
    const byPoint = await load(
      url,
      picks.map((s) => `/api/lookup?lng=${s.x}&lat=${s.y}`),
    );
    const byPointSql = await direct((i) => {
      const s = picks[i % picks.length];
      return db.withClient((c) => c.query(LOOKUP_POINT_SQL, [s.x, s.y, DEFAULT_TOLERANCE_METRES]));
    });
    ctx.log(`by code: ${byCode.requests.average.toFixed(0)} req/s; by point: ${byPoint.requests.average.toFixed(0)} req/s`);
    return [
      ...pair('lookup by building code, PostgreSQL, 22 communities', byCode, byCodeSql),
      ...pair('lookup by point, PostgreSQL, 22 communities', byPoint, byPointSql),
    ];
  } finally {
    server.stop();
    await db.close();
  }
}

async function report(db: Db, communities: number): Promise<BenchResult> {
  await db.withClient((c) => buildReport(c, null));
  const times = await timeRuns(communities > 100 ? 3 : 5, () => db.withClient((c) => buildReport(c, null)));
  const p50 = percentile(times, 50);
  return communities <= 22
    ? {
        name: `coverage report, whole town, PostgreSQL, ${communities} communities (p50)`,
        value: p50,
        unit: 'ms',
        target: '≤ 1000 ms',
        ok: p50 <= 1000,
      }
    : { name: `coverage report, whole town, PostgreSQL, ${communities} communities (p50)`, value: p50, unit: 'ms' };
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const demo = await postgresTown(ctx, 22);
  const results: BenchResult[] = [];
  try {
    results.push(...(await lookups(ctx, ctx.postgresUrl('gridplan_bench_22'))), await report(demo, 22));
  } finally {
    await demo.close();
  }
  if (!ctx.quick) {
    const big = await postgresTown(ctx, 1000);
    try {
      results.push(await report(big, 1000));
    } finally {
      await big.close();
    }
  }
  return results;
}
