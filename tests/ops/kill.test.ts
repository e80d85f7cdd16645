/**
 * `kill -9` of `gridplan serve` in the middle of a large building import and a plan publish, on
 * the embedded folder and (with DATABASE_URL) on PostgreSQL. After a restart on the same data:
 * the server starts (the dead process's folder lock is taken over), the import is all or nothing,
 * the plan is published with all its cells or not at all (and the community has exactly one
 * published plan that passes the integrity checks), and every write answered 200 before the kill
 * is there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPostgres } from '../../server/src/db/pool';
import { LOCK_FILE } from '../../server/src/db/folder-lock';
import { freePort, run, start, type Child } from './children';
import { embeddedRun } from '../helpers/engine';

const BUILDINGS = 4000;
const COMMUNITY = '321012100001';
const PASSWORD = 'a long enough password';
/**
 * Two rounds per engine on the same data: killed early (the publish in flight) and later (the
 * publish answered, the import still running). Each round's new building codes are the
 * community's code, a digit the demo town never uses (9, then 8) and four digits.
 */
const ROUNDS = [
  { killAfterMs: 150, prefix: `${COMMUNITY}9` },
  { killAfterMs: 600, prefix: `${COMMUNITY}8` },
];
type Round = (typeof ROUNDS)[number];

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function healthy(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A client of one running server, signed in as one user. */
function client(url: string) {
  let cookie = '';
  const send = async (method: string, p: string, body?: unknown, contentType = 'application/json') =>
    fetch(`${url}${p}`, {
      method,
      headers: { 'Content-Type': contentType, Cookie: cookie },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    send,
    async login(username: string) {
      const res = await send('POST', '/api/auth/login', { username, password: PASSWORD });
      expect(res.status, `login ${username}`).toBe(200);
      cookie = res.headers.get('set-cookie')!.split(';')[0];
    },
    async json<T>(method: string, p: string, body?: unknown): Promise<T> {
      const res = await send(method, p, body);
      expect(res.status, `${method} ${p}: ${res.status}`).toBeLessThan(300);
      return (await res.json()) as T;
    },
  };
}

/** BUILDINGS small squares in rows near `[lng, lat]`, as a GeoJSON FeatureCollection. */
function buildingsFile([lng, lat]: number[], round: Round): string {
  const side = 0.0001;
  const features = Array.from({ length: BUILDINGS }, (_, i) => {
    const x = lng + (i % 80) * side * 2 + (round.prefix.endsWith('8') ? 0.02 : 0);
    const y = lat + Math.floor(i / 80) * side * 2;
    return {
      type: 'Feature',
      properties: { code: `${round.prefix}${String(i).padStart(4, '0')}`, community_code: COMMUNITY, households: 10 + (i % 30) },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + side, y],
            [x + side, y + side],
            [x, y + side],
            [x, y],
          ],
        ],
      },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

interface Plan {
  id: number;
  version: number;
  status: string;
  communityCode: string;
  cells: { code: string | null }[];
}

async function addUsers(env: Record<string, string | undefined>) {
  for (const [name, role] of [
    ['boss', 'admin'],
    ['plan', 'planner'],
  ]) {
    const added = await run(['users', 'add', name, '--role', role], { ...env, GRIDPLAN_PASSWORD: PASSWORD });
    expect(added.code, added.output).toBe(0);
  }
}

async function scenario(env: Record<string, string | undefined>, label: string, round: Round, beforeRestart: () => Promise<void>) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server: Child = start(['serve', '--port', String(port)], env);
  await healthy(url);
  const boss = client(url);
  await boss.login('boss');
  const planner = client(url);
  await planner.login('plan');

  // An approved copy of the community's published plan, ready to publish.
  const published = (await boss.json<{ id: number; status: string }[]>('GET', `/api/communities/${COMMUNITY}/grid-plans`)).filter(
    (p) => p.status === 'published',
  );
  expect(published).toHaveLength(1);
  let draft = await planner.json<Plan>('POST', `/api/communities/${COMMUNITY}/grid-plans`, { from: 'published' });
  draft = await planner.json<Plan>('POST', `/api/grid-plans/${draft.id}/submit`, { version: draft.version });
  draft = await boss.json<Plan>('POST', `/api/grid-plans/${draft.id}/approve`, { version: draft.version });
  expect(draft.status).toBe('approved');
  const cellCount = draft.cells.length;

  // Somewhere to put the new buildings: next to the community's first building.
  const someBuilding = await boss.json<{ features: { geometry: { coordinates: number[][][] } }[] }>('GET', `/api/layers/buildings.geojson`);
  const file = buildingsFile(someBuilding.features[0].geometry.coordinates[0][0], round);

  // Acknowledged writes: a person's notes, changed one after another until the kill.
  const person = await boss
    .json<{ id: number; version: number }>('GET', '/api/people?community=' + COMMUNITY)
    .then((p) => (p as unknown as { people: { id: number; version: number }[] }).people[0]);
  let acked = { version: person.version, notes: '' };
  let ackedCount = 0;
  let stoppedBy = '';
  const write = async (notes: string) => {
    const res = await boss.send('PATCH', `/api/people/${person.id}`, { version: acked.version, notes });
    if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${await res.text()}`);
    acked = { version: ((await res.json()) as { version: number }).version, notes };
    ackedCount++;
  };
  for (let i = 0; i < 3; i++) await write(`well before the kill ${i}`);
  let killed = false;
  const writer = (async () => {
    for (let i = 0; !killed; i++) {
      try {
        await write(`during the import ${i}`);
      } catch (err) {
        stoppedBy = (err as Error).message;
        return;
      }
    }
  })();

  const started = Date.now();
  const importing = boss
    .send('POST', `/api/import/buildings?format=geojson`, file, 'application/geo+json')
    .then((r) => ({ status: r.status, atMs: Date.now() - started }))
    .catch(() => ({ status: 0, atMs: Date.now() - started }));
  const publishing = boss
    .send('POST', `/api/grid-plans/${draft.id}/publish`, { version: draft.version })
    .then((r) => ({ status: r.status, atMs: Date.now() - started }))
    .catch(() => ({ status: 0, atMs: Date.now() - started }));
  // Mid-way: the file is uploaded and being validated or written.
  await new Promise((r) => setTimeout(r, round.killAfterMs));
  server.process.kill('SIGKILL');
  killed = true;
  const killedAtMs = Date.now() - started;
  await server.exited;
  const [imported, publish] = await Promise.all([importing, publishing]);
  await writer;
  await beforeRestart();

  const restarting = Date.now();
  server = start(['serve', '--port', String(port)], env);
  await healthy(url);
  const restartMs = Date.now() - restarting;
  console.log(
    `${label}: ${BUILDINGS} buildings; SIGKILL at ${killedAtMs} ms; import ${imported.status || 'cut off'} at ${imported.atMs} ms, ` +
      `publish ${publish.status || 'cut off'} at ${publish.atMs} ms; ${ackedCount} person edits acknowledged (writer stopped by: ${stoppedBy}); ` +
      `restart healthy in ${restartMs} ms`,
  );
  try {
    const after = client(url);
    await after.login('boss');

    // The import: all or nothing, and all if it was acknowledged.
    const features = (await after.json<{ features: { properties: { code: string } }[] }>('GET', '/api/layers/buildings.geojson')).features;
    const present = features.filter((f) => f.properties.code.startsWith(round.prefix)).length;
    expect([0, BUILDINGS]).toContain(present);
    expect(imported.status === 200 ? present : BUILDINGS).toBe(BUILDINGS);

    // The publish: the new plan with all its cells, or the old plan still in force.
    const plans = await after.json<{ id: number; status: string }[]>('GET', `/api/communities/${COMMUNITY}/grid-plans`);
    const inForce = plans.filter((p) => p.status === 'published');
    expect(inForce).toHaveLength(1);
    expect([published[0].id, draft.id]).toContain(inForce[0].id);
    expect(publish.status === 200 ? inForce[0].id : draft.id).toBe(draft.id);
    const plan = await after.json<Plan>('GET', `/api/grid-plans/${draft.id}`);
    expect(plan.status).toBe(inForce[0].id === draft.id ? 'published' : 'approved');
    expect(plan.cells).toHaveLength(cellCount);
    const validation = await after.json<{ ok: boolean }>('GET', `/api/grid-plans/${inForce[0].id}/validation`);
    expect(validation.ok).toBe(true);

    // Every write acknowledged before the kill; at most one more that committed unanswered.
    const now = await after.json<{ version: number; notes: string }>('GET', `/api/people/${person.id}`);
    expect(acked.version).toBeGreaterThan(person.version);
    expect([acked.version, acked.version + 1]).toContain(now.version);
    expect(now.version === acked.version ? now.notes : acked.notes).toBe(acked.notes);
  } finally {
    server.process.kill('SIGTERM');
    await server.exited;
  }
}

describe('kill -9 during an import and a publish', { timeout: 600_000 }, () => {
  it.runIf(embeddedRun)('embedded: restarts on the folder, keeps acknowledged writes, no half import or publish', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'gridplan-kill-'));
    roots.push(root);
    const env = { GRIDPLAN_DATA_DIR: path.join(root, 'data'), DATABASE_URL: undefined, GRIDPLAN_PASSWORD: undefined };
    const demo = await run(['demo', '--communities', '3'], env);
    expect(demo.code, demo.output).toBe(0);
    await addUsers(env);
    for (const round of ROUNDS) {
      await scenario(env, 'embedded', round, async () => {
        // The dead server's lock is still there: the restart has to take it over.
        const lock = JSON.parse(await readFile(path.join(env.GRIDPLAN_DATA_DIR, LOCK_FILE), 'utf8')) as { command: string };
        expect(lock.command).toContain('serve');
      });
    }
    expect(existsSync(path.join(env.GRIDPLAN_DATA_DIR, LOCK_FILE))).toBe(false);
  });

  it.skipIf(!process.env.DATABASE_URL)('PostgreSQL: restarts, keeps acknowledged writes, no half import or publish', async () => {
    const admin = openPostgres(process.env.DATABASE_URL!, 1);
    await admin.withClient(async (c) => {
      await c.query('DROP DATABASE IF EXISTS gridplan_ops_kill WITH (FORCE)');
      await c.query('CREATE DATABASE gridplan_ops_kill');
    });
    await admin.close();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/gridplan_ops_kill';
    const env = { DATABASE_URL: url.toString(), GRIDPLAN_PASSWORD: undefined };
    const demo = await run(['demo', '--communities', '3'], env);
    expect(demo.code, demo.output).toBe(0);
    await addUsers(env);
    for (const round of ROUNDS) await scenario(env, 'postgres', round, async () => undefined);
  });
});
