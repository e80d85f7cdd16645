/**
 * Who may call what, for every operation of the OpenAPI document × every kind of caller, with the
 * expected outcome derived from the operation's `x-roles` alone (PRODUCT §5.7):
 * anonymous on a non-public route → 401 `unauthorized`; a role not listed → 403 `forbidden`;
 * an allowed caller → neither. A 400 or 404 for an allowed caller still proves it got past the
 * role check, so bodies are empty unless a valid one is cheap.
 *
 * Callers: anonymous, the demo grid worker on one of their own cells and on another cell, a
 * viewer (made for the run), official, planner, admin.
 *
 * Writes: the whole matrix runs on one transaction that is rolled back at the end
 * (tests/helpers/rollback.ts), so allowed writes really happen and no other test sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import type { Db } from '../../server/src/db/pool';
import { checkResponses } from '../helpers/contract';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';

type Role = 'admin' | 'planner' | 'official' | 'worker' | 'viewer';
type Access = 'public' | 'signed-in' | Role[];
type Caller = 'anonymous' | 'worker-own' | 'worker-other' | 'viewer' | 'planner' | 'official' | 'admin';
type Scope = 'own' | 'other';
interface Operation {
  method: string;
  path: string;
  roles: Access | undefined;
  hasBody: boolean;
}

const CALLERS: Caller[] = ['anonymous', 'worker-own', 'worker-other', 'viewer', 'official', 'planner', 'admin'];
const MASKED = /\*/;

/** What `x-roles` alone says this caller gets. */
function expectedOutcome(roles: Access, caller: Caller): 'unauthorized' | 'forbidden' | 'past the role check' {
  if (roles === 'public') return 'past the role check';
  if (caller === 'anonymous') return 'unauthorized';
  if (roles === 'signed-in') return 'past the role check';
  const role: Role = caller === 'worker-own' || caller === 'worker-other' ? 'worker' : caller;
  return roles.includes(role) ? 'past the role check' : 'forbidden';
}

/**
 * Finer data scope past the role check, as the routes document it: a grid worker reads and moves
 * only the cases of their own cells, and a case's photo is personal data, which officials see
 * masked only. These callers get 403 with the route's own code, not `forbidden`.
 */
const REFUSED_BY_DATA_SCOPE: Record<string, { callers: Caller[]; code: string }> = {
  'GET /api/disputes/{id}': { callers: ['worker-other'], code: 'dispute.outside_cells' },
  'POST /api/disputes/{id}/status': { callers: ['worker-other'], code: 'dispute.outside_cells' },
  'PUT /api/disputes/{id}/photo': { callers: ['worker-other'], code: 'dispute.outside_cells' },
  'GET /api/disputes/{id}/photo': { callers: ['worker-other', 'official'], code: 'dispute.outside_cells' },
};

/** The PNG signature: enough for the photo check, so the data-scope check is reached. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/**
 * Valid bodies where the data-scope check comes after validation, so it is reached; every other
 * write gets `{}` (its 400 comes after the role check).
 */
const BODIES: Record<string, { contentType: string; body: string | Uint8Array }> = {
  'POST /api/disputes/{id}/status': {
    contentType: 'application/json',
    body: JSON.stringify({ version: 1, status: 'accepted', note: 'access matrix' }),
  },
  'PUT /api/disputes/{id}/photo': { contentType: 'image/png', body: PNG },
  // No format: refused (400) past the role check, before a background job would start.
  'POST /api/import/jobs/{layer}': { contentType: 'application/octet-stream', body: '{}' },
};

interface Ids {
  community: Record<Scope, string>;
  building: Record<Scope, string>;
  plan: Record<Scope, number>;
  person: Record<Scope, number>;
  assignment: Record<Scope, number>;
  partyOrg: Record<Scope, number>;
  partyArea: Record<Scope, number>;
  team: Record<Scope, number>;
  option: Record<Scope, string>;
  dispute: Record<Scope, number>;
  cell: Record<Scope, string>;
  round: number;
  year: number;
}

let base: Db;
let workerCells: string[];
let ids: Ids;

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await base.withClient((c) => c.query<T>(sql, params));
  if (!rows[0]) throw new Error(`no demo row for: ${sql}`);
  return rows[0];
}

/** One id per scope: `own` inside the worker's cells (or their community), `other` outside. */
async function pair<T>(sql: string): Promise<Record<Scope, T>> {
  const own = await one<{ v: T }>(sql.replace('$SCOPE', '= ANY($1::text[])'), [workerCells]);
  const other = await one<{ v: T }>(sql.replace('$SCOPE', '<> ALL($1::text[])'), [workerCells]);
  return { own: own.v, other: other.v };
}

async function demoIds(): Promise<Ids> {
  const cells = await pair<string>(`SELECT g.code AS v FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
      WHERE p.status = 'published' AND g.valid_to IS NULL AND g.code $SCOPE ORDER BY g.code LIMIT 1`);
  const ownCommunity = cells.own.slice(0, 12);
  const otherCommunity = await one<{ v: string }>('SELECT min(code) AS v FROM community WHERE code <> $1', [ownCommunity]);
  const communityPair = async (table: string, column = 'id') => ({
    own: (await one<{ v: number }>(`SELECT min(${column}) AS v FROM ${table} WHERE community_code = $1`, [ownCommunity])).v,
    other: (await one<{ v: number }>(`SELECT min(${column}) AS v FROM ${table} WHERE community_code = $1`, [otherCommunity.v])).v,
  });
  const areaOf = `SELECT min(pa.area_id) AS v FROM party_area_building pa JOIN building b ON b.code = pa.building_code WHERE b.community_code = $1`;
  return {
    cell: cells,
    community: { own: ownCommunity, other: otherCommunity.v },
    building: await pair<string>(`SELECT min(cb.building_code) AS v FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id
        JOIN grid_plan p ON p.id = g.plan_id WHERE p.status = 'published' AND g.code $SCOPE`),
    plan: {
      own: (
        await one<{ v: number }>(`SELECT min(id) AS v FROM grid_plan WHERE status = 'published' AND community_code = $1`, [ownCommunity])
      ).v,
      other: (
        await one<{ v: number }>(`SELECT min(id) AS v FROM grid_plan WHERE status = 'published' AND community_code = $1`, [
          otherCommunity.v,
        ])
      ).v,
    },
    // Someone else than the worker, so the worker's own session and cells survive the matrix.
    person: await pair<number>(`SELECT min(a.person_id) AS v FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
        WHERE a.valid_to IS NULL AND g.code $SCOPE AND a.person_id NOT IN (SELECT person_id FROM app_user WHERE person_id IS NOT NULL)`),
    assignment: await pair<number>(`SELECT min(a.id) AS v FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
        WHERE a.valid_to IS NULL AND g.code $SCOPE AND a.person_id NOT IN (SELECT person_id FROM app_user WHERE person_id IS NOT NULL)`),
    partyOrg: await communityPair('party_org'),
    partyArea: {
      own: (await one<{ v: number }>(areaOf, [ownCommunity])).v,
      other: (await one<{ v: number }>(areaOf, [otherCommunity.v])).v,
    },
    team: await communityPair('volunteer_team'),
    option: {
      own: (await one<{ v: string }>('SELECT min(code) AS v FROM facility_option WHERE community_code = $1', [ownCommunity])).v,
      other: (await one<{ v: string }>('SELECT min(code) AS v FROM facility_option WHERE community_code <> $1', [ownCommunity])).v,
    },
    dispute: await pair<number>('SELECT min(id) AS v FROM dispute WHERE cell_code $SCOPE'),
    round: (await one<{ v: number }>('SELECT min(id) AS v FROM grading_round')).v,
    year: (await one<{ v: number }>('SELECT max(year) AS v FROM scorecard_target')).v,
  };
}

/** Fills the path's parameters with real demo ids; an unknown parameter fails the test. */
function fill(path: string, scope: Scope): string {
  const value = (name: string): string | number => {
    const key = `${path.split('/{')[0]} {${name}}`;
    switch (key) {
      case '/api/users {username}':
        return 'planner';
      case '/api/communities {code}':
      case '/api/public/communities {code}':
        return ids.community[scope];
      case '/api/buildings {code}':
        return ids.building[scope];
      case '/api/grid-plans {id}':
        return ids.plan[scope];
      case '/api/people {id}':
        return ids.person[scope];
      case '/api/assignments {id}':
        return ids.assignment[scope];
      case '/api/party/orgs {id}':
        return ids.partyOrg[scope];
      case '/api/party/areas {id}':
        return ids.partyArea[scope];
      case '/api/volunteers/teams {id}':
        return ids.team[scope];
      case '/api/facility-options {code}':
        return ids.option[scope];
      case '/api/disputes {id}':
        return ids.dispute[scope];
      case '/api/layers {file}':
        return 'cells.geojson';
      case '/api/tiles {layer}':
        return 'buildings';
      case '/api/tiles {z}':
        return 14;
      case '/api/tiles {x}':
        return 13716;
      case '/api/tiles {y}':
        return '6506.pbf';
      case '/api/features {layer}':
        return 'communities';
      case '/api/features {key}':
        return ids.community[scope];
      // No `value`: an allowed caller gets 400, past the role check, before any tile is fetched.
      case '/api/settings/basemap-preview {layer}':
      case '/api/settings/basemap-preview {z}':
      case '/api/settings/basemap-preview {x}':
      case '/api/settings/basemap-preview {y}':
        return 0;
      case '/api/settings {key}':
        return 'grid.minHouseholds';
      case '/api/scorecard/targets {year}':
        return ids.year;
      case '/api/scorecard/targets {key}':
        return 'service_items';
      case '/api/grading/rounds {id}':
        return ids.round;
      case '/api/import {layer}':
      case '/api/import/jobs {layer}':
      case '/api/export {layer}':
        return 'buildings';
      // The demo town has no facility scenarios or projects yet: an unknown id answers 404,
      // which still shows the caller got past the role check.
      case '/api/facility-plans {id}':
      case '/api/projects {id}':
      case '/api/import/jobs {id}':
        return 999999;
      default:
        throw new Error(`no demo value for ${key}: add one to the access matrix`);
    }
  };
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(value(name))));
}

/** Cheap valid query strings for reads, so allowed callers get real answers. */
function query(op: Operation, scope: Scope): string {
  const byPath: Record<string, string> = {
    '/api/roster': `?cell=${ids.cell[scope]}`,
    '/api/roster/export.csv': `?cell=${ids.cell[scope]}`,
    '/api/assignments': `?cell=${ids.cell[scope]}`,
    '/api/people': `?community=${ids.community[scope]}`,
  };
  return op.method === 'GET' ? (byPath[op.path] ?? '') : '';
}

function operations(doc: { paths: Record<string, Record<string, { 'x-roles'?: Access; requestBody?: unknown }>> }): Operation[] {
  const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      roles: op['x-roles'],
      hasBody: op.requestBody !== undefined,
    })),
  );
  // Signing out ends the caller's session, so it comes last.
  return ops.sort((a, b) => Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'));
}

describe('access matrix from /api/openapi.json', () => {
  beforeAll(async () => {
    base = await testDb();
    const { rows } = await base.withClient((c) =>
      c.query<{ code: string }>(
        `SELECT DISTINCT g.code FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
           JOIN cell_assignment a ON a.cell_id = g.id AND a.valid_to IS NULL AND a.role IN ('grid_worker', 'grid_leader')
           JOIN app_user u ON u.person_id = a.person_id AND u.username = 'worker'
          WHERE p.status = 'published' AND g.valid_to IS NULL`,
      ),
    );
    workerCells = rows.map((r) => r.code);
    ids = await demoIds();
  });

  it('answers every operation × caller as its x-roles say (writes rolled back)', async () => {
    const mismatches: string[] = [];
    let size = 0;
    let operationCount = 0;
    let auditedInside = 0;
    const audited = async (db: Db) =>
      (await db.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))).rows[0].n;
    const auditedBefore = await audited(base);
    await withRollback(base, async (db) => {
      const app = checkResponses(createApp({ db }));
      const request = async (method: string, path: string, cookie?: string, body?: unknown, given?: (typeof BODIES)[string]) => {
        const headers: Record<string, string> = { 'Content-Type': given?.contentType ?? 'application/json' };
        if (cookie) headers.Cookie = cookie;
        const raw = given?.body ?? (body === undefined ? undefined : JSON.stringify(body));
        return app.request(path, { method, headers, body: raw as BodyInit | undefined });
      };
      const cookies: Partial<Record<Role, string>> = {};
      for (const role of ['admin', 'planner', 'official', 'worker'] as const) {
        const res = await request('POST', '/api/auth/login', undefined, { username: role, password: 'demo' });
        expect(res.status, `login ${role}`).toBe(200);
        cookies[role] = res.headers.get('set-cookie')!.split(';')[0];
      }
      // The demo town has no viewer; one made inside the rolled-back transaction is gone afterwards.
      const viewer = { username: 'matrix-viewer', role: 'viewer', password: 'a long enough password' };
      expect((await request('POST', '/api/users', cookies.admin, viewer)).status).toBe(201);
      const viewerLogin = await request('POST', '/api/auth/login', undefined, { username: viewer.username, password: viewer.password });
      expect(viewerLogin.status).toBe(200);
      cookies.viewer = viewerLogin.headers.get('set-cookie')!.split(';')[0];
      const me = await (await request('GET', '/api/auth/me', cookies.worker)).json();
      // The worker's own cells, as the API itself reports them, are the ones the ids were picked from.
      expect([...me.cells].sort()).toEqual([...workerCells].sort());
      expect(workerCells).toContain(ids.cell.own);
      expect(workerCells).not.toContain(ids.cell.other);

      const doc = await (await request('GET', '/api/openapi.json')).json();
      const ops = operations(doc);
      operationCount = ops.length;
      const unguarded = ops.filter((op) => op.roles === undefined).map((op) => `${op.method} ${op.path}`);
      expect(unguarded, 'operations without x-roles').toEqual([]);

      for (const op of ops) {
        for (const caller of CALLERS) {
          const scope: Scope = caller === 'worker-other' ? 'other' : 'own';
          const cookie =
            caller === 'anonymous' ? undefined : cookies[caller === 'worker-own' || caller === 'worker-other' ? 'worker' : caller];
          const url = fill(op.path, scope) + query(op, scope);
          const name = `${op.method} ${op.path}`;
          let status: number;
          let code: string | undefined;
          try {
            const res = await request(op.method, url, cookie, op.hasBody ? {} : undefined, BODIES[name]);
            status = res.status;
            code = (res.headers.get('content-type') ?? '').includes('json') && status >= 400 ? (await res.json()).error?.code : undefined;
          } catch (err) {
            mismatches.push(`${name} as ${caller}: ${(err as Error).message}`);
            continue;
          }
          size++;
          const outcome = expectedOutcome(op.roles!, caller);
          const refusal = REFUSED_BY_DATA_SCOPE[name];
          const refused = refusal?.callers.includes(caller) ?? false;
          const got = `${status} ${code ?? ''}`.trim();
          if (outcome === 'unauthorized' && !(status === 401 && code === 'unauthorized'))
            mismatches.push(`${name} as ${caller}: expected 401 unauthorized, got ${got}`);
          if (outcome === 'forbidden' && !(status === 403 && code === 'forbidden'))
            mismatches.push(`${name} as ${caller}: expected 403 forbidden, got ${got}`);
          if (outcome === 'past the role check' && refused && !(status === 403 && code === refusal!.code))
            mismatches.push(`${name} as ${caller}: expected 403 ${refusal!.code}, got ${got}`);
          if (outcome === 'past the role check' && !refused && (status === 401 || status === 403))
            mismatches.push(`${name} as ${caller}: expected to get past the role check, got ${got}`);
        }
      }
      auditedInside = await audited(db);
    });
    console.log(`access matrix: ${operationCount} operations × ${CALLERS.length} callers = ${size} requests`);
    expect(mismatches).toEqual([]);
    expect(size).toBe(operationCount * CALLERS.length);
    // Allowed writes really happened (and were audited) inside, and none of them outlived the rollback.
    expect(auditedInside).toBeGreaterThan(auditedBefore);
    expect(await audited(base)).toBe(auditedBefore);
    // Over 860 requests, some of them rendering printed maps: longer than one ordinary test on a busy machine.
  }, 180_000);
});

describe('phones by data scope for a grid worker (PRODUCT §5.7)', () => {
  let app: ReturnType<typeof createApp>;
  let worker: string;

  beforeAll(async () => {
    app = checkResponses(createApp({ db: base }));
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'worker', password: 'demo' }),
    });
    worker = res.headers.get('set-cookie')!.split(';')[0];
  });
  afterAll(async () => {
    await app.request('/api/auth/logout', { method: 'POST', headers: { Cookie: worker, 'Content-Type': 'application/json' } });
  });

  const get = async (path: string) => {
    const res = await app.request(path, { headers: { Cookie: worker } });
    expect(res.status, path).toBe(200);
    return res.json();
  };
  /** A cell of the given scope where someone with a phone is assigned. */
  const cellWithPhone = (scope: Scope) =>
    one<{ code: string; building: string }>(
      `SELECT g.code, min(cb.building_code) AS building FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
         JOIN cell_building cb ON cb.cell_id = g.id
         JOIN cell_assignment a ON a.cell_id = g.id AND a.valid_to IS NULL AND a.role IN ('grid_worker', 'grid_leader')
         JOIN person pe ON pe.id = a.person_id AND pe.phone IS NOT NULL
        WHERE p.status = 'published' AND g.valid_to IS NULL AND g.code ${scope === 'own' ? '= ANY' : '<> ALL'}($1::text[])
        GROUP BY g.code ORDER BY g.code LIMIT 1`,
      [workerCells],
    );
  const phones = (people: { phone: string | null }[]) => people.map((p) => p.phone).filter((p): p is string => p !== null);

  it('shows the coverage chain of an own-cell building in full and masks it elsewhere', async () => {
    const own = await get(`/api/buildings/${(await cellWithPhone('own')).building}/coverage`);
    expect(own.phonesMasked).toBe(false);
    expect(phones(own.people).length).toBeGreaterThan(0);
    for (const phone of phones(own.people)) expect(phone).not.toMatch(MASKED);
    const other = await get(`/api/buildings/${(await cellWithPhone('other')).building}/coverage`);
    expect(other.phonesMasked).toBe(true);
    expect(phones(other.people).length).toBeGreaterThan(0);
    for (const phone of phones(other.people)) expect(phone).toMatch(MASKED);
  });

  it('shows the roster of an own cell in full and masks another cell', async () => {
    const own = await get(`/api/roster?cell=${(await cellWithPhone('own')).code}`);
    const ownPhones = phones(own.cells.flatMap((c: { people: { phone: string | null }[] }) => c.people));
    expect(ownPhones.length).toBeGreaterThan(0);
    for (const phone of ownPhones) expect(phone).not.toMatch(MASKED);
    const other = await get(`/api/roster?cell=${(await cellWithPhone('other')).code}`);
    const otherPhones = phones(other.cells.flatMap((c: { people: { phone: string | null }[] }) => c.people));
    expect(otherPhones.length).toBeGreaterThan(0);
    for (const phone of otherPhones) expect(phone).toMatch(MASKED);
  });

  it('shows the assignment register of an own cell in full and masks another cell', async () => {
    const own = phones(await get(`/api/assignments?cell=${(await cellWithPhone('own')).code}`));
    expect(own.length).toBeGreaterThan(0);
    for (const phone of own) expect(phone).not.toMatch(MASKED);
    const other = phones(await get(`/api/assignments?cell=${(await cellWithPhone('other')).code}`));
    expect(other.length).toBeGreaterThan(0);
    for (const phone of other) expect(phone).toMatch(MASKED);
  });
});
