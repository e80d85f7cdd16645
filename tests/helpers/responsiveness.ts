/**
 * Does the server keep answering while it works? `pollHealth` asks `GET /api/health` one request
 * at a time over one keep-alive connection while a piece of work runs, and reports each answer's
 * latency and every failed request. Shared by tests/ops/responsive.test.ts and the bench.
 */
import http from 'node:http';
import type { Db } from '../../server/src/db/pool';
import { rebuildAtoms } from '../../server/src/db/atoms';

export interface HealthPolls {
  latenciesMs: number[];
  errors: string[];
}

/** The `q` quantile (0–1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function healthOnce(agent: http.Agent, url: URL): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(new URL('/api/health', url), { agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** Polls health every `intervalMs` until `work` settles (at least `minMs`); `work`'s own result is returned beside the polls. */
export async function pollHealth<T>(
  baseUrl: string,
  work: () => Promise<T>,
  { intervalMs = 20, minMs = 0 } = {},
): Promise<HealthPolls & { result: T }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(baseUrl);
  const polls: HealthPolls = { latenciesMs: [], errors: [] };
  let done = false;
  const started = Date.now();
  const poller = (async () => {
    while (!done || Date.now() - started < minMs) {
      try {
        polls.latenciesMs.push(await healthOnce(agent, url));
      } catch (err) {
        polls.errors.push(err instanceof Error ? err.message : String(err));
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  try {
    const result = await work();
    return { ...polls, result };
  } finally {
    done = true;
    await poller;
    agent.destroy();
  }
}

const UNIT_SQUARE = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

/** `count` small square buildings in a block of rows around (lng, lat), codes `prefix` + 4 digits, as a GeoJSON import file. */
export function buildingsFile(count: number, community: string, prefix: string, [lng, lat]: [number, number]): string {
  const side = 0.00005;
  const step = 0.00008;
  const perRow = Math.ceil(Math.sqrt(count));
  const features = Array.from({ length: count }, (_, k) => {
    const x = lng + (k % perRow) * step;
    const y = lat + Math.floor(k / perRow) * step;
    return {
      type: 'Feature',
      properties: {
        code: `${prefix}${String(k + 1).padStart(4, '0')}`,
        name: `测试楼${k + 1}`,
        address: '',
        kind: 'slab',
        floors: 6,
        entrances: 2,
        households: 12 + (k % 7),
        residents: 30 + (k % 11),
        community_code: community,
        compound_code: null,
      },
      geometry: { type: 'Polygon', coordinates: [UNIT_SQUARE.map(([dx, dy]) => [x + dx * side, y + dy * side])] },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/**
 * The blocks of `buildingsFile` are laid over the demo town's buildings (up to ~26 m² of each
 * square overlaps one). They measure imports, not the overlap check, so a server importing them
 * is set to allow that: the setting's largest value, through the admin API.
 */
export const BLOCK_OVERLAP_M2 = 10_000;

/**
 * The same allowance on a test's own database (a file whose test block lies over demo buildings);
 * answers the function that puts the setting back.
 */
export async function allowBlockOverlapsIn(db: Db): Promise<() => Promise<void>> {
  const key = 'import.buildingOverlapMaxM2';
  const set = (sql: string, value: unknown) => db.withClient((c) => c.query(sql, [key, value]));
  const { rows } = await db.withClient((c) => c.query<{ value: unknown }>('SELECT value FROM setting WHERE key = $1', [key]));
  await set('UPDATE setting SET value = to_jsonb($2::float8) WHERE key = $1', BLOCK_OVERLAP_M2);
  return async () => {
    await set('UPDATE setting SET value = $2::jsonb WHERE key = $1', JSON.stringify(rows[0].value));
  };
}

/**
 * Removes what a test's import of a block of buildings wrote (its buildings by code prefix, its
 * audit entry) and recomputes the community's atoms as they were.
 */
export async function removeImportedBlock(db: Db, block: { community: string; prefix: string; fileName: string }): Promise<void> {
  await db.withTransaction(async (c) => {
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id = $1`, [block.fileName]);
    await c.query(`DELETE FROM atom_adjacency WHERE community_code = $1`, [block.community]);
    await c.query(`DELETE FROM building_atom WHERE community_code = $1`, [block.community]);
    await c.query(`DELETE FROM building WHERE code LIKE $1`, [`${block.prefix}%`]);
    await rebuildAtoms(c, block.community);
  });
}

export async function allowBlockOverlaps(baseUrl: string): Promise<void> {
  const admin = await signIn(baseUrl, 'admin', 'demo');
  const key = 'import.buildingOverlapMaxM2';
  const rows = (await (await fetch(`${baseUrl}/api/settings`, { headers: { cookie: admin } })).json()) as {
    key: string;
    version: number;
  }[];
  const version = rows.find((r) => r.key === key)?.version;
  const res = await fetch(`${baseUrl}/api/settings/${key}`, {
    method: 'PATCH',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ version, value: BLOCK_OVERLAP_M2 }),
  });
  if (!res.ok) throw new Error(`setting ${key}: ${res.status} ${await res.text()}`);
}

/** Signs in and returns the session cookie. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Runs `work` while a 5 ms timer ticks: the longest the event loop went without a tick, and how long `work` took. */
export async function eventLoopGap(work: () => Promise<unknown>): Promise<{ longestGapMs: number; elapsedMs: number }> {
  let longestGapMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { longestGapMs, elapsedMs: performance.now() - started };
}
