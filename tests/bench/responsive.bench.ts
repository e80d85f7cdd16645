/**
 * Does the embedded server keep answering while it works? A real `gridplan serve` (embedded
 * database, its own process) is polled with `GET /api/health` over one keep-alive connection,
 * idle (the baseline) and during a 3,000-building import and a grid proposal for the community
 * those buildings make large (target p99 ≤ 100 ms, no failed request). Then embedded lookups by
 * building code at 10 connections (autocannon), for the record. Full runs only: CI asserts the
 * same targets in tests/ops/responsive.test.ts, run alone.
 */
import { createRequire } from 'node:module';
import { startServer } from '../e2e/helpers/server';
import { allowBlockOverlaps, buildingsFile, pollHealth, quantile, signIn, type HealthPolls } from '../helpers/responsiveness';
import type { BenchContext, BenchResult } from './types';

const COMMUNITY = '321012100006';
const PREFIX = `${COMMUNITY}7`;
const BUILDINGS = 3000;

type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: string; path: string }[];
}) => Promise<{ latency: { p99: number }; requests: { average: number }; non2xx: number; errors: number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function post(url: string, cookie: string, path: string, type: string, body: string): Promise<number> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type, cookie }, body });
  await res.arrayBuffer();
  return res.status;
}

function during(name: string, polls: HealthPolls, idleP99: number): BenchResult {
  const p99 = quantile(polls.latenciesMs, 0.99);
  return {
    name: `health p99 during ${name} (${polls.latenciesMs.length} polls, ${polls.errors.length} failed)`,
    value: p99,
    unit: 'ms',
    baseline: { name: 'health p99 on the idle server', value: idleP99 },
    ratio: p99 / idleP99,
    target: '≤ 100 ms, no failed poll',
    ok: p99 <= 100 && polls.errors.length === 0,
  };
}

/** The figures for a running, signed-in embedded server (also used to measure other builds by hand). */
export async function measureResponsiveness(
  url: string,
  cookie: string,
  quick: boolean,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const file = buildingsFile(BUILDINGS, COMMUNITY, PREFIX, [119.5296, 32.4388]);
  // In a source checkout the import's modules are compiled on first use: once, before measuring.
  await post(
    url,
    cookie,
    '/api/import/buildings?dryRun=true',
    'application/geo+json',
    buildingsFile(10, COMMUNITY, PREFIX, [119.5296, 32.4388]),
  );
  const idle = await pollHealth(url, () => new Promise((r) => setTimeout(r, 3000)));
  const idleP99 = quantile(idle.latenciesMs, 0.99);
  const imported = await pollHealth(url, () => post(url, cookie, '/api/import/buildings', 'application/geo+json', file));
  if (imported.result !== 200) throw new Error(`import answered ${imported.result}`);
  const body = JSON.stringify({ minHouseholds: 300, maxHouseholds: 500 });
  const generated = await pollHealth(url, () =>
    post(url, cookie, `/api/communities/${COMMUNITY}/grid-plans/generate`, 'application/json', body),
  );
  if (generated.result !== 201) throw new Error(`generate answered ${generated.result}`);
  log(`import: ${imported.latenciesMs.length} polls; generate: ${generated.latenciesMs.length} polls`);
  const lookups = await autocannon({
    url,
    connections: 10,
    duration: quick ? 5 : 10,
    requests: Array.from({ length: 300 }, (_, k) => ({
      method: 'GET',
      path: `/api/buildings/${PREFIX}${String(k * 10 + 1).padStart(4, '0')}/coverage`,
    })),
  });
  if (lookups.non2xx + lookups.errors > 0) throw new Error(`lookups: ${lookups.non2xx} non-2xx, ${lookups.errors} errors`);
  return [
    during(`a ${BUILDINGS}-building import`, imported, idleP99),
    during(`a generate of a community of ${BUILDINGS}+ buildings`, generated, idleP99),
    { name: 'embedded lookups by building code, 10 connections', value: lookups.requests.average, unit: 'req/s' },
    { name: 'embedded lookups by building code, 10 connections (p99)', value: lookups.latency.p99, unit: 'ms' },
  ];
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  // The same polls under the same targets are a test that CI runs alone (tests/ops/responsive.test.ts):
  // quick runs leave them to it, full runs print them beside the idle baseline.
  if (ctx.quick) {
    ctx.log('full runs only (CI asserts the same targets in tests/ops/responsive.test.ts)');
    return [];
  }
  const server = await startServer();
  try {
    await allowBlockOverlaps(server.url);
    const cookie = await signIn(server.url, 'planner', 'demo');
    return await measureResponsiveness(server.url, cookie, ctx.quick, ctx.log);
  } finally {
    await server.stop();
  }
}
