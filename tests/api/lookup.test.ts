import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { countingDb } from '../helpers/counting-db';
import { createApp } from '../../server/src/app';

interface Chain {
  building: { code: string; kind: string };
  community: { code: string };
  compound: { code: string } | null;
  cell: { code: string } | null;
  people: { name: string; type: string; role: string; phone: string | null }[];
  partyChain: { name: string; level: string; scope: string }[];
  partyMember: { name: string; phone: string | null } | null;
  volunteerTeams: { name: string; category: string }[];
  phonesMasked: boolean;
  distanceMetres?: number;
}

const MASKED = /^\d{3}\*{4}\d{4}$/;
async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}
async function chainOf(code: string, cookie?: string): Promise<Chain> {
  const res = await call('GET', `/api/buildings/${code}/coverage`, undefined, cookie);
  expect(res.status).toBe(200);
  return res.json();
}

let sample: { code: string; x: number; y: number };

beforeAll(async () => {
  await testApp();
  [sample] = await q<{ code: string; x: number; y: number }>(
    `SELECT b.code, ST_X(ST_PointOnSurface(b.geom)) AS x, ST_Y(ST_PointOnSurface(b.geom)) AS y FROM building b
      WHERE EXISTS (SELECT 1 FROM cell_building cb JOIN cell_assignment a ON a.cell_id = cb.cell_id AND a.valid_to IS NULL WHERE cb.building_code = b.code)
      ORDER BY b.code LIMIT 1`,
  );
});

describe('GET /api/buildings/{code}/coverage: the chain for buildings of several kinds', () => {
  it('climbs from the organisation bound to a building up to its community general branch', async () => {
    const [row] = await q<{ code: string; level: string; name: string }>(
      `SELECT pb.building_code AS code, o.level, o.name FROM party_org_building pb JOIN party_org o ON o.id = pb.party_org_id
        WHERE o.parent_id IS NOT NULL ORDER BY o.level = 'group' DESC, pb.building_code LIMIT 1`,
    );
    const chain = await chainOf(row.code);
    expect(chain.partyChain[0]).toMatchObject({ level: row.level, name: row.name });
    expect(chain.partyChain.length).toBeGreaterThanOrEqual(2);
    expect(chain.partyChain.at(-1)!.level).toBe('general_branch');
    expect(chain.building.code.startsWith(chain.community.code)).toBe(true);
    expect(chain.cell!.code.startsWith(chain.community.code)).toBe(true);
  });

  it('falls back to the compound branch, then to the general branch, when no organisation names the building', async () => {
    const [inCompound] = await q<{ code: string; branch: string }>(
      `SELECT b.code, o.name AS branch FROM building b JOIN party_org o ON o.compound_code = b.compound_code AND o.scope = 'compound'
        WHERE NOT EXISTS (SELECT 1 FROM party_org_building pb WHERE pb.building_code = b.code) ORDER BY b.code LIMIT 1`,
    );
    if (inCompound) {
      const chain = await chainOf(inCompound.code);
      expect(chain.partyChain[0]).toMatchObject({ scope: 'compound' });
      expect(chain.partyChain.at(-1)!.level).toBe('general_branch');
    }
    const [loose] = await q<{ code: string; general: string }>(
      `SELECT b.code, o.name AS general FROM building b JOIN party_org o ON o.community_code = b.community_code AND o.level = 'general_branch'
        WHERE b.compound_code IS NULL AND NOT EXISTS (SELECT 1 FROM party_org_building pb WHERE pb.building_code = b.code)
        ORDER BY b.code LIMIT 1`,
    );
    expect(loose).toBeDefined();
    const chain = await chainOf(loose.code);
    expect(chain.compound).toBeNull();
    expect(chain.partyChain).toEqual([expect.objectContaining({ level: 'general_branch', name: loose.general })]);
  });

  it('lists the responsible party member and the volunteer teams serving the building', async () => {
    const [row] = await q<{ code: string; member: string }>(
      `SELECT ab.building_code AS code, p.name AS member FROM party_area_building ab JOIN party_area a ON a.id = ab.area_id
         JOIN person p ON p.id = a.person_id ORDER BY a.id, ab.building_code LIMIT 1`,
    );
    const chain = await chainOf(row.code);
    expect(chain.partyMember!.name).toBe(row.member);
    expect(chain.volunteerTeams.length).toBeGreaterThan(0);
    const [teams] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM volunteer_team t JOIN building b ON b.community_code = t.community_code
        WHERE b.code = $1 AND NOT EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id)`,
      [row.code],
    );
    expect(chain.volunteerTeams.length).toBeGreaterThanOrEqual(teams.n);
  });

  it('orders the cell people leaders first and marks the answer no-store', async () => {
    const res = await call('GET', `/api/buildings/${sample.code}/coverage`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const chain: Chain = await res.json();
    const ranks = chain.people.map((p) => ['grid_leader', 'grid_worker', 'liaison'].indexOf(p.role));
    expect(ranks.filter((r) => r >= 0)).toEqual([...ranks.filter((r) => r >= 0)].sort());
  });

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    const missing = await call('GET', '/api/buildings/99999999999999999/coverage');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: 'lookup.unknown_building', params: { code: '99999999999999999' } });
    expect((await call('GET', '/api/buildings/3210121/coverage')).status).toBe(400);
  });
});

describe('GET /api/lookup', () => {
  it('finds the building containing the point at distance 0', async () => {
    const res = await call('GET', `/api/lookup?lng=${sample.x}&lat=${sample.y}`);
    expect(res.status).toBe(200);
    const body: Chain = await res.json();
    expect(body.building.code).toBe(sample.code);
    expect(body.distanceMetres).toBe(0);
  });

  it('takes the nearest building within the tolerance and 404s beyond it, naming the distance searched', async () => {
    // A point ~45 m south of the sample's nearest edge is inside the default 60 m but outside 20 m.
    const [p] = await q<{ x: number; y: number; d: number; code: string }>(
      `WITH p AS (SELECT ST_Project(ST_PointOnSurface(geom)::geography, 200, radians(180))::geometry AS g FROM building WHERE code = $1)
       SELECT ST_X(p.g) AS x, ST_Y(p.g) AS y, b.code, ST_Distance(b.geom::geography, p.g::geography) AS d
         FROM p, building b ORDER BY b.geom <-> p.g LIMIT 1`,
      [sample.code],
    );
    const within = await call('GET', `/api/lookup?lng=${p.x}&lat=${p.y}&toleranceMetres=${Math.ceil(p.d) + 1}`);
    if (p.d > 0) {
      expect(within.status).toBe(200);
      const body: Chain = await within.json();
      expect(body.building.code).toBe(p.code);
      expect(body.distanceMetres).toBeCloseTo(p.d, 0);
      const tight = await call('GET', `/api/lookup?lng=${p.x}&lat=${p.y}&toleranceMetres=${Math.max(0, Math.floor(p.d) - 1)}`);
      expect(tight.status).toBe(404);
    }
    const far = await call('GET', '/api/lookup?lng=100&lat=30&toleranceMetres=250');
    expect(far.status).toBe(404);
    expect((await far.json()).error).toMatchObject({
      code: 'lookup.no_building_near',
      params: { toleranceMetres: 250, lng: 100, lat: 30 },
      details: { searchedMetres: 250, lng: 100, lat: 30 },
    });
  });

  it('rejects coordinates out of range and tolerances over 500 m', async () => {
    expect((await call('GET', '/api/lookup?lng=119.5&lat=95')).status).toBe(400);
    expect((await call('GET', '/api/lookup?lng=abc&lat=32')).status).toBe(400);
    expect((await call('GET', `/api/lookup?lng=${sample.x}&lat=${sample.y}&toleranceMetres=501`)).status).toBe(400);
  });
});

describe('phone masking by role and cell', () => {
  it('masks every phone for visitors and officials, shows them to planners and admins', async () => {
    for (const cookie of [undefined, await loginAs('official')]) {
      const chain = await chainOf(sample.code, cookie);
      expect(chain.phonesMasked).toBe(true);
      for (const p of chain.people) if (p.phone) expect(p.phone).toMatch(MASKED);
    }
    for (const who of ['planner', 'admin'] as const) {
      const chain = await chainOf(sample.code, await loginAs(who));
      expect(chain.phonesMasked).toBe(false);
      expect(chain.people.some((p) => p.phone && !p.phone.includes('*'))).toBe(true);
    }
  });

  it('shows a grid worker the phones of their own cells only', async () => {
    const cookie = await loginAs('worker');
    const me = await (await call('GET', '/api/auth/me', undefined, cookie)).json();
    const [own] = await q<{ code: string }>(
      `SELECT cb.building_code AS code FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id JOIN grid_plan p ON p.id = g.plan_id
         JOIN cell_assignment a ON a.cell_id = g.id AND a.valid_to IS NULL AND a.role IN ('grid_worker', 'grid_leader')
         JOIN app_user u ON u.person_id = a.person_id AND u.username = 'worker'
        WHERE p.status = 'published' ORDER BY cb.building_code LIMIT 1`,
    );
    expect(own).toBeDefined();
    const mine = await chainOf(own.code, cookie);
    expect(me.cells).toContain(mine.cell!.code);
    expect(mine.phonesMasked).toBe(false);
    const [other] = await q<{ code: string }>(
      `SELECT cb.building_code AS code FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id JOIN grid_plan p ON p.id = g.plan_id
        WHERE p.status = 'published' AND NOT (g.code = ANY($1::text[]))
          AND EXISTS (SELECT 1 FROM cell_assignment a JOIN person pe ON pe.id = a.person_id WHERE a.cell_id = g.id AND a.valid_to IS NULL AND pe.phone IS NOT NULL)
        ORDER BY cb.building_code LIMIT 1`,
      [me.cells],
    );
    const theirs = await chainOf(other.code, cookie);
    expect(theirs.phonesMasked).toBe(true);
    for (const p of theirs.people) if (p.phone) expect(p.phone).toMatch(MASKED);
  });
});

describe('one round trip per lookup', () => {
  it('checks a signed-in worker’s session and own cells in the same statement as the chain', async () => {
    const counted = countingDb(await testDb());
    const app = createApp({ db: counted });
    const cookie = await loginAs('worker');
    const [own] = await q<{ code: string; x: number; y: number }>(
      `SELECT b.code, ST_X(ST_PointOnSurface(b.geom))::float8 AS x, ST_Y(ST_PointOnSurface(b.geom))::float8 AS y
         FROM building b JOIN cell_building cb ON cb.building_code = b.code JOIN grid_cell g ON g.id = cb.cell_id
         JOIN grid_plan p ON p.id = g.plan_id AND p.status = 'published'
         JOIN cell_assignment a ON a.cell_id = g.id AND a.valid_to IS NULL AND a.role IN ('grid_worker', 'grid_leader')
         JOIN app_user u ON u.person_id = a.person_id AND u.username = 'worker'
        ORDER BY b.code LIMIT 1`,
    );
    for (const path of [`/api/buildings/${own.code}/coverage`, `/api/lookup?lng=${own.x}&lat=${own.y}`]) {
      counted.reset();
      const res = await app.request(path, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      const chain = (await res.json()) as Chain;
      expect(chain.building.code).toBe(own.code);
      expect(chain.phonesMasked).toBe(false);
      expect(counted.statements).toHaveLength(1);

      counted.reset();
      const stranger = await app.request(path, { headers: { Cookie: 'gridplan_session=not-a-session' } });
      expect(((await stranger.json()) as Chain).phonesMasked).toBe(true);
      expect(counted.statements).toHaveLength(1);
    }
  });
});

describe('GET /api/search', () => {
  it('finds people for staff without leaking any phone number, and none for visitors', async () => {
    const [person] = await q<{ name: string; phone: string }>('SELECT name, phone FROM person WHERE phone IS NOT NULL ORDER BY id LIMIT 1');
    const res = await call('GET', `/api/search?q=${encodeURIComponent(person.name)}`, undefined, await loginAs('planner'));
    const text = await res.text();
    const hits = JSON.parse(text) as { kind: string; name: string }[];
    expect(hits.some((h) => h.kind === 'person' && h.name === person.name)).toBe(true);
    expect(text).not.toContain(person.phone);
    expect(text).not.toMatch(/"phone"/);
    const anonymous = await (await call('GET', `/api/search?q=${encodeURIComponent(person.name)}`)).json();
    expect(anonymous.some((h: { kind: string }) => h.kind === 'person')).toBe(false);
  });
});

describe('GET /api/openapi.json', () => {
  it('documents the responsibility routes', async () => {
    const doc = await (await call('GET', '/api/openapi.json')).json();
    for (const path of [
      '/api/people',
      '/api/assignments',
      '/api/assignments/suggest',
      '/api/assignments/import',
      '/api/party/orgs',
      '/api/party/areas/suggest',
      '/api/volunteers/teams',
      '/api/coverage-report',
      '/api/roster',
      '/api/lookup',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/assignments'].post.responses['409'].description).toMatch(/assignments\.duplicate/);
    // Declared from the routes' own schemas, not described in prose.
    for (const [path, method] of [
      ['/api/people', 'get'],
      ['/api/coverage-report', 'get'],
      ['/api/roster', 'get'],
      ['/api/lookup', 'get'],
      ['/api/buildings/{code}/coverage', 'get'],
      ['/api/party/areas/suggest', 'post'],
    ]) {
      expect(doc.paths[path][method].responses['200'].content['application/json'].schema.type, `${method} ${path}`).toBe('object');
    }
    expect(Object.keys(doc.paths['/api/assignments/import'].post.requestBody.content)).toEqual(['text/csv']);
  });
});
