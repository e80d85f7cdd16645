/**
 * Concurrent edits of the same object (PRODUCT §5.7): 50 requests carrying the same `version`
 * race through the app; exactly one wins with 200, the other 49 answer 409 `stale_version`, the
 * version moves by exactly one and the audit log records exactly one change.
 *
 * On PostgreSQL the app gets its own `pg` pool of 60 connections, so the 50 transactions really
 * run at once and meet at the row lock. On PGlite (one connection) the requests still interleave
 * at every await, which checks the same rule with less contention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { openPostgres, type Db } from '../../server/src/db/pool';
import { checkResponses } from '../helpers/contract';
import { testDb } from '../helpers/db';

const RACERS = 50;

let shared: Db;
let db: Db;
let app: ReturnType<typeof createApp>;
let planner: string;

async function request(method: string, path: string, body?: unknown): Promise<Response> {
  return app.request(path, {
    method,
    headers: { 'Content-Type': 'application/json', Cookie: planner },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function auditRows(entity: string, entityId: string): Promise<number> {
  const { rows } = await shared.withClient((c) =>
    c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE entity = $1 AND entity_id = $2', [entity, entityId]),
  );
  return rows[0].n;
}

/** Fires RACERS concurrent writes built by `body(i)`; returns the statuses and error codes. */
async function race(method: string, path: string, body: (i: number) => unknown) {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: RACERS }, async (_, i) => {
      const res = await request(method, path, body(i));
      const json = (await res.json()) as { error?: { code: string } };
      return { status: res.status, code: json.error?.code };
    }),
  );
  const elapsedMs = Math.round(performance.now() - started);
  return { answers, elapsedMs };
}

function expectOneWinner(answers: { status: number; code?: string }[], label: string, elapsedMs: number) {
  const won = answers.filter((a) => a.status === 200).length;
  const stale = answers.filter((a) => a.status === 409 && a.code === 'stale_version').length;
  console.log(`${label} on ${db.kind}: ${RACERS} concurrent → ${won} × 200, ${stale} × 409 stale_version in ${elapsedMs} ms`);
  expect({ won, stale, other: answers.filter((a) => a.status !== 200 && a.status !== 409) }).toEqual({
    won: 1,
    stale: RACERS - 1,
    other: [],
  });
}

beforeAll(async () => {
  shared = await testDb();
  // The shared test database is migrated and loaded; the race app reaches it through a pool big
  // enough for every racer to hold its own connection.
  db = process.env.DATABASE_URL ? openPostgres(process.env.DATABASE_URL, RACERS + 10) : shared;
  app = checkResponses(createApp({ db }));
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'planner', password: 'demo' }),
  });
  expect(res.status).toBe(200);
  planner = res.headers.get('set-cookie')!.split(';')[0];
});

afterAll(async () => {
  await request('POST', '/api/auth/logout');
  if (db !== shared) await db.close();
});

describe(`${RACERS} writes with the same version`, () => {
  it('PATCH /api/grid-plans/{id}: one rename of the draft wins', async () => {
    const { rows } = await shared.withClient((c) =>
      c.query<{ code: string }>(
        "SELECT community_code AS code FROM grid_plan WHERE status = 'published' ORDER BY community_code DESC LIMIT 1",
      ),
    );
    const created = await request('POST', `/api/communities/${rows[0].code}/grid-plans`, { from: 'published' });
    expect(created.status).toBe(201);
    const draft = (await created.json()) as { id: number; version: number };
    try {
      const auditBefore = await auditRows('grid_plan', String(draft.id));
      const { answers, elapsedMs } = await race('PATCH', `/api/grid-plans/${draft.id}`, (i) => ({
        version: draft.version,
        name: `race ${i}`,
      }));
      expectOneWinner(answers, 'grid plan rename', elapsedMs);
      const after = (await (await request('GET', `/api/grid-plans/${draft.id}`)).json()) as { version: number; name: string };
      expect(after.version).toBe(draft.version + 1);
      expect(after.name).toMatch(/^race \d+$/);
      expect(await auditRows('grid_plan', String(draft.id))).toBe(auditBefore + 1);
    } finally {
      const current = (await (await request('GET', `/api/grid-plans/${draft.id}`)).json()) as { version: number };
      expect((await request('DELETE', `/api/grid-plans/${draft.id}?version=${current.version}`)).status).toBe(204);
    }
  });

  it('POST /api/grid-plans/{id}/edits: one edit of the draft wins, and only it is logged', async () => {
    const { rows } = await shared.withClient((c) =>
      c.query<{ code: string }>("SELECT community_code AS code FROM grid_plan WHERE status = 'published' ORDER BY community_code LIMIT 1"),
    );
    const created = await request('POST', `/api/communities/${rows[0].code}/grid-plans`, { from: 'published' });
    expect(created.status).toBe(201);
    const draft = (await created.json()) as { id: number; version: number; cells: { label: string; locked: boolean }[] };
    try {
      const auditBefore = await auditRows('grid_plan', String(draft.id));
      // Each racer locks a different cell, so a lost update would show as a second locked cell.
      const { answers, elapsedMs } = await race('POST', `/api/grid-plans/${draft.id}/edits`, (i) => ({
        op: 'lock',
        version: draft.version,
        cell: draft.cells[i % draft.cells.length].label,
        locked: true,
      }));
      expectOneWinner(answers, 'grid plan edit', elapsedMs);
      const after = (await (await request('GET', `/api/grid-plans/${draft.id}`)).json()) as typeof draft;
      expect(after.version).toBe(draft.version + 1);
      expect(after.cells.filter((c) => c.locked).length - draft.cells.filter((c) => c.locked).length).toBe(1);
      const log = (await (await request('GET', `/api/grid-plans/${draft.id}/edits`)).json()) as unknown[];
      expect(log).toHaveLength(1);
      expect(await auditRows('grid_plan', String(draft.id))).toBe(auditBefore + 1);
    } finally {
      const current = (await (await request('GET', `/api/grid-plans/${draft.id}`)).json()) as { version: number };
      expect((await request('DELETE', `/api/grid-plans/${draft.id}?version=${current.version}`)).status).toBe(204);
    }
  });

  it('PATCH /api/people/{id}: one change of the notes wins', async () => {
    const { rows } = await shared.withClient((c) => c.query<{ id: number }>('SELECT min(id)::int AS id FROM person'));
    const id = rows[0].id;
    const before = (await (await request('GET', `/api/people/${id}`)).json()) as { version: number; notes: string };
    const auditBefore = await auditRows('person', String(id));
    const { answers, elapsedMs } = await race('PATCH', `/api/people/${id}`, (i) => ({ version: before.version, notes: `race ${i}` }));
    expectOneWinner(answers, 'person notes', elapsedMs);
    const after = (await (await request('GET', `/api/people/${id}`)).json()) as { version: number; notes: string };
    expect(after.version).toBe(before.version + 1);
    expect(after.notes).toMatch(/^race \d+$/);
    expect(await auditRows('person', String(id))).toBe(auditBefore + 1);
    // Restore the demo notes for the other test files.
    expect((await request('PATCH', `/api/people/${id}`, { version: after.version, notes: before.notes })).status).toBe(200);
  });

  it('PATCH /api/facility-options/{code}: one change of the notes wins', async () => {
    const { rows } = await shared.withClient((c) => c.query<{ code: string }>('SELECT min(code) AS code FROM facility_option'));
    const code = rows[0].code;
    const before = (await (await request('GET', `/api/facility-options/${code}`)).json()) as { version: number; notes: string };
    const auditBefore = await auditRows('facility_option', code);
    const { answers, elapsedMs } = await race('PATCH', `/api/facility-options/${code}`, (i) => ({
      version: before.version,
      notes: `race ${i}`,
    }));
    expectOneWinner(answers, 'facility option notes', elapsedMs);
    const after = (await (await request('GET', `/api/facility-options/${code}`)).json()) as { version: number; notes: string };
    expect(after.version).toBe(before.version + 1);
    expect(after.notes).toMatch(/^race \d+$/);
    expect(await auditRows('facility_option', code)).toBe(auditBefore + 1);
    expect((await request('PATCH', `/api/facility-options/${code}`, { version: after.version, notes: before.notes })).status).toBe(200);
  });
});

describe('drafts creating new cells at the same time', () => {
  it('POST /api/grid-plans/{id}/edits: ten drafts of one community each get a different new number', async () => {
    const DRAFTS = 10;
    const { rows } = await shared.withClient((c) =>
      c.query<{ code: string }>("SELECT community_code AS code FROM grid_plan WHERE status = 'published' ORDER BY community_code LIMIT 1"),
    );
    const drafts: { id: number; version: number; cells: { buildingCodes: string[] }[] }[] = [];
    for (let i = 0; i < DRAFTS; i++) {
      const created = await request('POST', `/api/communities/${rows[0].code}/grid-plans`, { from: 'published' });
      expect(created.status).toBe(201);
      drafts.push((await created.json()) as (typeof drafts)[number]);
    }
    try {
      const answers = await Promise.all(
        drafts.map(async (draft) => {
          const res = await request('POST', `/api/grid-plans/${draft.id}/edits`, {
            op: 'new_cell',
            version: draft.version,
            buildings: [draft.cells[0].buildingCodes[0]],
          });
          const body = (await res.json()) as { version: number; edit: { createdCells: string[] } };
          draft.version = body.version;
          return { status: res.status, created: body.edit.createdCells };
        }),
      );
      expect(answers.map((a) => a.status)).toEqual(drafts.map(() => 200));
      const numbers = answers.flatMap((a) => a.created);
      console.log(`new cells of ${DRAFTS} concurrent drafts on ${db.kind}: ${numbers.join(' ')}`);
      expect(numbers).toHaveLength(DRAFTS);
      expect(new Set(numbers).size).toBe(DRAFTS);
    } finally {
      for (const draft of drafts)
        expect((await request('DELETE', `/api/grid-plans/${draft.id}?version=${draft.version}`)).status).toBe(204);
    }
  });
});
