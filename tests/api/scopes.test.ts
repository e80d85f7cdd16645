/**
 * Data scopes (issue 14): an account scoped to a county sees and touches only that county's
 * communities. The test adds a second town in another county (far enough from the demo town not
 * to overlap it) with one community of three buildings, and scopes one account to each county.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { decodeTile } from '../helpers/tiles';
import { q } from './responsibility-helpers';
import { settleImportJobs } from '../../server/src/data/import-job';

const PASSWORD = 'scoped account password';
const OTHER_COUNTY = '329901';
const OTHER_TOWN = '329901001';
const OTHER = '329901001001';
/** The other community's outline: 0.06° square east of the demo town (which ends at 119.755° E). */
const [WEST, SOUTH, EAST, NORTH] = [119.8, 32.4, 119.86, 32.46];
const square = (w: number, s: number, e: number, n: number) => `SRID=4326;POLYGON((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s}))`;

let admin: string;
let home: string; // scoped to the demo town's county
let away: string; // scoped to the other county
let demoCounty: string;
let demoCommunities: string[];
let demoPlan: number;
let otherPlan: number;
let official: string; // an official scoped to the demo town's county
let countyAdmin: string; // an admin scoped to the demo town's county
const accounts = [`scope-home-${process.pid}`, `scope-away-${process.pid}`, `scope-official-${process.pid}`, `scope-admin-${process.pid}`];

async function signIn(username: string): Promise<string> {
  const res = await call('POST', '/api/auth/login', { username, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

async function addScoped(username: string, scopeCode: string | null | undefined, role = 'planner'): Promise<Response> {
  return call('POST', '/api/users', { username, role, password: PASSWORD, scopeCode }, admin);
}

const codesOf = async (res: Response, key = 'code'): Promise<string[]> => {
  expect(res.status).toBe(200);
  return ((await res.json()) as Record<string, string>[]).map((r) => r[key]);
};

beforeAll(async () => {
  await testApp();
  admin = await loginAs('admin');
  const [town] = await q<{ code: string }>('SELECT code FROM town ORDER BY code LIMIT 1');
  demoCounty = town.code.slice(0, 6);
  demoCommunities = (await q<{ code: string }>('SELECT code FROM community ORDER BY code')).map((r) => r.code);
  await q('INSERT INTO town (code, name, geom) VALUES ($1, $2, ST_Multi(ST_GeomFromEWKT($3)))', [
    OTHER_TOWN,
    '邻县镇',
    square(WEST, SOUTH, EAST, NORTH),
  ]);
  await q('INSERT INTO community (code, town_code, name, geom) VALUES ($1, $2, $3, ST_Multi(ST_GeomFromEWKT($4)))', [
    OTHER,
    OTHER_TOWN,
    '邻县社区',
    square(WEST, SOUTH, EAST, NORTH),
  ]);
  for (let i = 1; i <= 3; i++) {
    const w = WEST + 0.01 * i;
    await q('INSERT INTO building (code, community_code, households, geom) VALUES ($1, $2, 40, ST_GeomFromEWKT($3))', [
      `${OTHER}0000${i}`,
      OTHER,
      square(w, 32.42, w + 0.0005, 32.4205),
    ]);
  }
  const plan = await call('POST', `/api/communities/${OTHER}/grid-plans`, { from: 'empty' }, admin);
  expect(plan.status).toBe(201);
  otherPlan = (await plan.json()).id;
  const [demo] = await q<{ id: number }>(
    "SELECT id::int AS id FROM grid_plan WHERE community_code <> $1 AND status = 'published' LIMIT 1",
    [OTHER],
  );
  demoPlan = demo.id;
  expect((await addScoped(accounts[0], demoCounty)).status).toBe(201);
  expect((await addScoped(accounts[1], OTHER_COUNTY)).status).toBe(201);
  expect((await addScoped(accounts[2], demoCounty, 'official')).status).toBe(201);
  home = await signIn(accounts[0]);
  away = await signIn(accounts[1]);
  expect((await addScoped(accounts[3], demoCounty, 'admin')).status).toBe(201);
  official = await signIn(accounts[2]);
  countyAdmin = await signIn(accounts[3]);
});

afterAll(async () => {
  await q('DELETE FROM app_user WHERE username = ANY($1::text[])', [accounts]);
  for (const table of ['community_indicator', 'grading_score', 'community_grade'])
    await q(`DELETE FROM ${table} WHERE community_code = $1`, [OTHER]);
  await q('DELETE FROM grid_plan_edit WHERE plan_id IN (SELECT id FROM grid_plan WHERE community_code = $1)', [OTHER]);
  await q('DELETE FROM grid_plan WHERE community_code = $1', [OTHER]);
  await q('DELETE FROM building WHERE community_code = $1', [OTHER]);
  await q('DELETE FROM community_building_summary WHERE community_code = $1', [OTHER]);
  await q('DELETE FROM community WHERE code = $1', [OTHER]);
  await q('DELETE FROM town WHERE code = $1', [OTHER_TOWN]);
});

describe('an account’s data scope', () => {
  it('is set by an admin to a known division or community, and refused for a code nobody has', async () => {
    const res = await addScoped(`scope-bad-${process.pid}`, '990000');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('scope.unknown');
    expect(body.error.details).toEqual({ field: 'scopeCode' });
    const malformed = await addScoped(`scope-bad-${process.pid}`, '12345');
    expect(malformed.status).toBe(400);
    expect(await q('SELECT 1 FROM app_user WHERE username = $1', [`scope-bad-${process.pid}`])).toEqual([]);
  });

  it('is shown in the account list and changed (or removed) with PATCH', async () => {
    const list = (await (await call('GET', '/api/users', undefined, admin)).json()) as {
      username: string;
      scopeCode: string | null;
      version: number;
    }[];
    const mine = list.find((u) => u.username === accounts[1])!;
    expect(mine.scopeCode).toBe(OTHER_COUNTY);
    expect(list.find((u) => u.username === 'admin')!.scopeCode).toBeNull();
    const widened = await call('PATCH', `/api/users/${accounts[1]}`, { version: mine.version, scopeCode: null }, admin);
    expect(widened.status).toBe(200);
    expect((await widened.json()).scopeCode).toBeNull();
    const back = await call('PATCH', `/api/users/${accounts[1]}`, { version: mine.version + 1, scopeCode: OTHER_TOWN }, admin);
    expect((await back.json()).scopeCode).toBe(OTHER_TOWN);
    const again = await call('PATCH', `/api/users/${accounts[1]}`, { version: mine.version + 2, scopeCode: OTHER_COUNTY }, admin);
    expect(again.status).toBe(200);
  });

  it('comes with the signed-in user, with the bounds the map starts on', async () => {
    const me = await (await call('GET', '/api/auth/me', undefined, away)).json();
    expect(me.scopeCode).toBe(OTHER_COUNTY);
    expect(me.scopeBbox.map((v: number) => Math.round(v * 1e6) / 1e6)).toEqual([WEST, SOUTH, EAST, NORTH]);
    const unscoped = await (await call('GET', '/api/auth/me', undefined, admin)).json();
    expect(unscoped).toMatchObject({ scopeCode: null, scopeBbox: null });
  });
});

describe('lists and reports of a scoped account', () => {
  it('lists only the scope’s communities; an unscoped admin sees both counties', async () => {
    expect(await codesOf(await call('GET', '/api/communities', undefined, away))).toEqual([OTHER]);
    expect(await codesOf(await call('GET', '/api/communities', undefined, home))).toEqual(demoCommunities);
    expect(await codesOf(await call('GET', '/api/communities', undefined, admin))).toEqual([...demoCommunities, OTHER].sort());
  });

  it('gives the community picker’s status for the scope only', async () => {
    expect(await codesOf(await call('GET', '/api/grid-plans/status', undefined, away), 'communityCode')).toEqual([OTHER]);
    expect(await codesOf(await call('GET', '/api/grid-plans/status', undefined, home), 'communityCode')).toEqual(demoCommunities);
  });

  it('reports coverage for the scope, narrowing a wider prefix and refusing a prefix outside it', async () => {
    const own = await call('GET', '/api/coverage-report', undefined, away);
    expect(own.status).toBe(200);
    const report = await own.json();
    expect(report.communities.map((c: { communityCode: string }) => c.communityCode)).toEqual([OTHER]);
    expect(report.page.total).toBe(1);
    const wider = await (await call('GET', '/api/coverage-report?prefix=32', undefined, away)).json();
    expect(wider.communities.map((c: { communityCode: string }) => c.communityCode)).toEqual([OTHER]);
    const outside = await call('GET', `/api/coverage-report?prefix=${demoCounty}`, undefined, away);
    expect(outside.status).toBe(403);
    expect((await outside.json()).error.code).toBe('scope.outside');
    const community = await call('GET', `/api/coverage-report?community=${demoCommunities[0]}`, undefined, away);
    expect(community.status).toBe(403);
    const all = await (await call('GET', '/api/coverage-report', undefined, admin)).json();
    expect(all.page.total).toBe(demoCommunities.length + 1);
  });

  it('gives map layers with the scope’s features only', async () => {
    const res = await call('GET', '/api/layers/buildings.geojson', undefined, away);
    expect(res.status).toBe(200);
    const fc = await res.json();
    expect(fc.features.map((f: { id: string }) => f.id).sort()).toEqual([1, 2, 3].map((i) => `${OTHER}0000${i}`));
  });

  it('draws tiles of the scope’s features only when the map asks with its scope', async () => {
    // z7 tile 106/51 holds the demo town and the other community.
    const tile = async (query: string) => {
      const res = await call('GET', `/api/tiles/communities/7/106/51.pbf${query}`);
      expect(res.status).toBe(200);
      return decodeTile(new Uint8Array(await res.arrayBuffer()), 'communities')
        .map((f) => String(f.properties.code))
        .sort();
    };
    expect(await tile(`?scope=${OTHER_COUNTY}`)).toEqual([OTHER]);
    expect(await tile(`?scope=${demoCounty}`)).toEqual(demoCommunities);
    expect(await tile('')).toEqual([...demoCommunities, OTHER].sort());
  });
});

describe('records outside the scope', () => {
  it('refuses a community outside the scope with 403, whether or not it exists, and changes nothing', async () => {
    for (const code of [demoCommunities[0], '329902001001']) {
      const res = await call('GET', `/api/communities/${code}`, undefined, away);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('scope.outside');
    }
    const before = await q<{ name: string; version: number }>('SELECT name, version FROM community WHERE code = $1', [demoCommunities[0]]);
    const patch = await call('PATCH', `/api/communities/${demoCommunities[0]}`, { version: before[0].version, name: '改名' }, away);
    expect(patch.status).toBe(403);
    expect(await q('SELECT name, version FROM community WHERE code = $1', [demoCommunities[0]])).toEqual(before);
    expect((await call('GET', `/api/communities/${OTHER}`, undefined, away)).status).toBe(200);
  });

  it('refuses another scope’s grid plans (reading, editing, starting one) with 403', async () => {
    expect((await call('GET', `/api/grid-plans/${demoPlan}`, undefined, away)).status).toBe(403);
    expect((await call('GET', `/api/grid-plans/${otherPlan}`, undefined, home)).status).toBe(403);
    expect((await call('GET', `/api/grid-plans/compare?a=${demoPlan}&b=${demoPlan}`, undefined, away)).status).toBe(403);
    const started = await call('POST', `/api/communities/${demoCommunities[0]}/grid-plans`, { from: 'empty' }, away);
    expect(started.status).toBe(403);
    const plans = await call('GET', `/api/communities/${demoCommunities[0]}/grid-plans`, undefined, away);
    expect(plans.status).toBe(403);
    const [n] = await q<{ n: number }>('SELECT count(*)::int AS n FROM grid_plan WHERE created_by = $1', [accounts[1]]);
    expect(n.n).toBe(0);
    const own = await call('GET', `/api/grid-plans/${otherPlan}`, undefined, away);
    expect(own.status).toBe(200);
    expect((await own.json()).communityCode).toBe(OTHER);
  });
});

describe('registers of a scoped account', () => {
  it('lists people of the scope only, and refuses adding a person outside it', async () => {
    const added = await call('POST', '/api/people', { communityCode: OTHER, name: '邻县居民', type: 'volunteer' }, admin);
    expect(added.status).toBe(201);
    const id = (await added.json()).id as number;
    try {
      const own = await (await call('GET', '/api/people?limit=1000', undefined, away)).json();
      expect(own.total).toBe(1);
      expect(own.people.map((p: { id: number }) => p.id)).toEqual([id]);
      const [all] = await q<{ n: number }>('SELECT count(*)::int AS n FROM person WHERE community_code <> $1', [OTHER]);
      expect((await (await call('GET', '/api/people?limit=1', undefined, home)).json()).total).toBe(all.n);
      expect((await call('GET', `/api/people/${id}`, undefined, home)).status).toBe(403);
      const refused = await call('POST', '/api/people', { communityCode: demoCommunities[0], name: '越界', type: 'volunteer' }, away);
      expect(refused.status).toBe(403);
      expect(await q("SELECT 1 FROM person WHERE name = '越界'")).toEqual([]);
    } finally {
      await q('DELETE FROM person WHERE id = $1', [id]);
    }
  });

  it('lists disputes, options and the inbox of the scope only', async () => {
    const [disputes] = await q<{ n: number }>('SELECT count(*)::int AS n FROM dispute');
    expect(disputes.n).toBeGreaterThan(0);
    expect(await (await call('GET', '/api/disputes', undefined, away)).json()).toEqual([]);
    expect(((await (await call('GET', '/api/disputes', undefined, home)).json()) as unknown[]).length).toBe(disputes.n);
    const [options] = await q<{ n: number }>('SELECT count(*)::int AS n FROM facility_option WHERE community_code <> $1', [OTHER]);
    expect(options.n).toBeGreaterThan(0);
    expect(await (await call('GET', '/api/facility-options', undefined, away)).json()).toEqual([]);
    expect(((await (await call('GET', '/api/facility-options', undefined, home)).json()) as unknown[]).length).toBe(options.n);
    const inbox = await (await call('GET', '/api/inbox', undefined, away)).json();
    expect(inbox.items.map((i: { communityCode: string }) => i.communityCode).filter((code: string) => code !== OTHER)).toEqual([]);
    const unscoped = await (await call('GET', '/api/inbox', undefined, home)).json();
    expect(unscoped.items.some((i: { communityCode: string }) => demoCommunities.includes(i.communityCode))).toBe(true);
  });
});

describe('search of a scoped account', () => {
  it('finds only places of the scope; an unscoped account finds both', async () => {
    const communitiesHit = async (cookie: string) => {
      const res = await call('GET', `/api/search?q=${encodeURIComponent('社区')}&limit=50`, undefined, cookie);
      expect(res.status).toBe(200);
      return new Set(((await res.json()) as { community: string }[]).map((h) => h.community));
    };
    expect([...(await communitiesHit(away))]).toEqual(['邻县社区']);
    const own = await communitiesHit(home);
    expect(own.size).toBeGreaterThan(0);
    expect(own.has('邻县社区')).toBe(false);
    expect((await communitiesHit(admin)).has('邻县社区')).toBe(true);
  });
});

describe('exports of a scoped account', () => {
  it('hold only the scope’s rows, and refuse a community outside it', async () => {
    const res = await call('GET', '/api/export/buildings?format=geojson', undefined, away);
    expect(res.status).toBe(200);
    const fc = await res.json();
    expect(fc.features.map((f: { id: string }) => f.id).sort()).toEqual([1, 2, 3].map((i) => `${OTHER}0000${i}`));
    const communities = await (await call('GET', '/api/export/communities?format=geojson', undefined, away)).json();
    expect(communities.features.map((f: { id: string }) => f.id)).toEqual([OTHER]);
    const [n] = await q<{ n: number }>('SELECT count(*)::int AS n FROM building WHERE community_code <> $1', [OTHER]);
    const own = await (await call('GET', '/api/export/buildings?format=geojson', undefined, home)).json();
    expect(own.features.length).toBe(n.n);
    expect((await call('GET', `/api/export/buildings?community=${demoCommunities[0]}`, undefined, away)).status).toBe(403);
    const plans = await (await call('GET', '/api/export/grid-plans', undefined, away)).json();
    expect(plans.features.every((f: { properties: { community_code: string } }) => f.properties.community_code === OTHER)).toBe(true);
    expect((await call('GET', `/api/export/grid-plans?community=${demoCommunities[0]}`, undefined, away)).status).toBe(403);
  });
});

describe('party, volunteer and assignment registers of a scoped account', () => {
  const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
  const listed = async (path: string, cookie: string) => {
    const res = await call('GET', path, undefined, cookie);
    expect(res.status).toBe(200);
    return ids((await res.json()) as { id: number }[]);
  };
  const stored = async (sql: string) => ids(await q<{ id: number }>(sql, [OTHER]));

  it('lists organisations, areas, teams and assignments of the scope only; an unscoped admin sees both', async () => {
    const person = await call(
      'POST',
      '/api/people',
      { communityCode: OTHER, name: '邻县党员', type: 'volunteer', partyMember: true },
      admin,
    );
    expect(person.status).toBe(201);
    const personId = (await person.json()).id as number;
    try {
      const org = await call(
        'POST',
        '/api/party/orgs',
        { communityCode: OTHER, level: 'general_branch', scope: 'community', name: '邻县总支' },
        admin,
      );
      expect(org.status).toBe(201);
      const orgId = (await org.json()).id as number;
      const area = await call('POST', '/api/party/areas', { personId, name: '邻县责任区', buildingCodes: [`${OTHER}00001`] }, admin);
      expect(area.status).toBe(201);
      const areaId = (await area.json()).id as number;
      const team = await call('POST', '/api/volunteers/teams', { communityCode: OTHER, name: '邻县志愿队', category: 'health' }, admin);
      expect(team.status).toBe(201);
      const teamId = (await team.json()).id as number;

      expect(await listed('/api/party/orgs', away)).toEqual([orgId]);
      expect(await listed('/api/party/areas', away)).toEqual([areaId]);
      expect(await listed('/api/volunteers/teams', away)).toEqual([teamId]);
      expect(await listed('/api/assignments', away)).toEqual([]);

      const homeOrgs = await stored("SELECT id::int AS id FROM party_org WHERE community_code <> $1 AND level <> 'committee'");
      const homeAreas = await stored(
        'SELECT a.id::int AS id FROM party_area a JOIN person p ON p.id = a.person_id WHERE p.community_code <> $1',
      );
      const homeTeams = await stored('SELECT id::int AS id FROM volunteer_team WHERE community_code <> $1');
      const homeAssignments = await stored(
        `SELECT a.id::int AS id FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id JOIN grid_plan p ON p.id = g.plan_id
          WHERE a.valid_to IS NULL AND p.status = 'published' AND p.community_code <> $1`,
      );
      expect(homeOrgs.length * homeTeams.length * homeAssignments.length).toBeGreaterThan(0);
      expect(await listed('/api/party/orgs', home)).toEqual(homeOrgs);
      expect(await listed('/api/party/areas', home)).toEqual(homeAreas);
      expect(await listed('/api/volunteers/teams', home)).toEqual(homeTeams);
      expect(await listed('/api/assignments', home)).toEqual(homeAssignments);

      expect(await listed('/api/party/orgs', admin)).toEqual(ids([...homeOrgs, orgId].map((id) => ({ id }))));
      expect(await listed('/api/volunteers/teams', admin)).toEqual(ids([...homeTeams, teamId].map((id) => ({ id }))));

      for (const path of [`/api/party/orgs/${orgId}`, `/api/party/areas/${areaId}`, `/api/volunteers/teams/${teamId}`]) {
        expect((await call('GET', path, undefined, home)).status).toBe(403);
        expect((await call('GET', path, undefined, away)).status).toBe(200);
      }
    } finally {
      await q('DELETE FROM party_area WHERE person_id = $1', [personId]);
      await q('DELETE FROM volunteer_team WHERE community_code = $1', [OTHER]);
      await q('DELETE FROM party_org WHERE community_code = $1', [OTHER]);
      await q('DELETE FROM person WHERE id = $1', [personId]);
    }
  });

  it('refuses reading, changing or adding records of another scope with 403, whether or not they exist, and changes nothing', async () => {
    const [org] = await q<{ id: number; version: number; name: string }>(
      "SELECT id::int AS id, version, name FROM party_org WHERE community_code <> $1 AND level = 'general_branch' ORDER BY id LIMIT 1",
      [OTHER],
    );
    const [team] = await q<{ id: number; version: number }>(
      'SELECT id::int AS id, version FROM volunteer_team WHERE community_code <> $1 ORDER BY id LIMIT 1',
      [OTHER],
    );
    const [assignment] = await q<{ id: number; version: number; cell: string }>(
      `SELECT a.id::int AS id, a.version, g.code AS cell FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
        WHERE a.valid_to IS NULL AND g.code IS NOT NULL ORDER BY a.id LIMIT 1`,
    );
    const refused = async (method: string, path: string, body?: unknown) => {
      const res = await call(method, path, body, away);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).error.code).toBe('scope.outside');
    };
    await refused('GET', `/api/party/orgs/${org.id}`);
    await refused('GET', '/api/party/orgs/987654321');
    await refused('PUT', `/api/party/orgs/${org.id}`, {
      version: org.version,
      parentId: null,
      level: 'general_branch',
      scope: 'community',
      name: '越界',
    });
    await refused('DELETE', `/api/volunteers/teams/${team.id}?version=${team.version}`);
    await refused('DELETE', `/api/assignments/${assignment.id}?version=${assignment.version}`);
    await refused('POST', '/api/party/orgs', {
      communityCode: demoCommunities[0],
      level: 'general_branch',
      scope: 'community',
      name: '越界',
    });
    await refused('POST', '/api/volunteers/teams', { communityCode: demoCommunities[0], name: '越界', category: 'health' });
    await refused('POST', '/api/assignments', { cellCode: assignment.cell, personId: 1, role: 'volunteer' });
    await refused('GET', `/api/assignments?community=${demoCommunities[0]}`);
    await refused('GET', `/api/party/orgs/export.csv?community=${demoCommunities[0]}`);
    expect(await q('SELECT name, version FROM party_org WHERE id = $1', [org.id])).toEqual([{ name: org.name, version: org.version }]);
    expect(await q('SELECT version FROM volunteer_team WHERE id = $1', [team.id])).toEqual([{ version: team.version }]);
    expect(await q('SELECT valid_to FROM cell_assignment WHERE id = $1', [assignment.id])).toEqual([{ valid_to: null }]);
    expect(await q("SELECT 1 FROM party_org WHERE name = '越界' UNION ALL SELECT 1 FROM volunteer_team WHERE name = '越界'")).toEqual([]);
  });
});

describe('setting up areas, teams and grid workers from a scoped account', () => {
  it('refuses suggestions and register imports for another scope’s community with 403, and writes nothing', async () => {
    const community = demoCommunities[0];
    const counts = () =>
      q<{ areas: number; teams: number; assignments: number }>(
        `SELECT (SELECT count(*) FROM party_area)::int AS areas, (SELECT count(*) FROM volunteer_team)::int AS teams,
                (SELECT count(*) FROM cell_assignment)::int AS assignments`,
      );
    const before = await counts();
    const refused = async (res: Response, what: string) => {
      expect(res.status, what).toBe(403);
      expect((await res.json()).error.code, what).toBe('scope.outside');
    };
    await refused(await call('POST', '/api/party/areas/suggest', { communityCode: community }, away), 'party area suggestion');
    await refused(await call('POST', '/api/assignments/suggest', { communityCode: community }, away), 'grid worker suggestion');
    // The registers' own CSV exports, as a planner of that community would import them back.
    for (const register of ['party/areas', 'volunteers/teams', 'assignments']) {
      const csv = await call('GET', `/api/${register}/export.csv?community=${community}`, undefined, home);
      expect(csv.status, `${register} export`).toBe(200);
      const res = await (
        await testApp()
      ).request(`/api/${register}/import?community=${community}&confirm=1`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', Cookie: away },
        body: await csv.text(),
      });
      await refused(res, `${register} import`);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('scorecard and grading of a scoped account', () => {
  const codes = (body: { communities: { code: string }[] }) => body.communities.map((c) => c.code);

  it('shows the scorecard of the scope’s communities, its targets counted over them', async () => {
    const [{ year }] = await q<{ year: number }>('SELECT max(year)::int AS year FROM scorecard_target');
    const card = async (cookie: string) => {
      const res = await call('GET', `/api/scorecard?year=${year}`, undefined, cookie);
      expect(res.status).toBe(200);
      return res.json();
    };
    const own = await card(away);
    expect(codes(own)).toEqual([OTHER]);
    expect(own.targets.every((t: { communitiesTotal: number }) => t.communitiesTotal === 1)).toBe(true);
    expect(codes(await card(home))).toEqual(demoCommunities);
    expect(codes(await card(admin))).toEqual([...demoCommunities, OTHER].sort());
  });

  it('refuses entering or importing values of another scope’s communities with 403, naming the row, and writes nothing', async () => {
    const [{ year }] = await q<{ year: number }>('SELECT max(year)::int AS year FROM scorecard_target');
    const before = await q('SELECT community_code, indicator, value, version FROM community_indicator ORDER BY 1, 2, 3');
    const entered = await call(
      'PUT',
      '/api/scorecard/indicators',
      { year, values: [{ communityCode: demoCommunities[0], key: 'full_reemployment', value: 1 }] },
      away,
    );
    expect(entered.status).toBe(403);
    expect((await entered.json()).error.code).toBe('scope.outside');
    const csv = `community_code,full_reemployment\n${OTHER},1\n${demoCommunities[1]},1\n`;
    const imported = await call('POST', '/api/scorecard/import', { year, csv }, away);
    expect(imported.status).toBe(403);
    const error = (await imported.json()).error;
    expect(error.code).toBe('scope.row_outside');
    expect(error.params).toMatchObject({ row: 3, code: demoCommunities[1], scope: OTHER_COUNTY });
    expect(error.details.problems.map((p: { row: number; code: string }) => p.row)).toEqual([3]);
    expect(await q('SELECT community_code, indicator, value, version FROM community_indicator ORDER BY 1, 2, 3')).toEqual(before);
    const own = await call('POST', '/api/scorecard/import', { year, csv: `community_code,full_reemployment\n${OTHER},1\n` }, away);
    expect(own.status).toBe(200);
    expect(await q('SELECT value FROM community_indicator WHERE community_code = $1', [OTHER])).toEqual([{ value: 1 }]);
  });

  it('shows a grading round’s communities and the grade history of the scope; scores elsewhere and round-wide decisions from a narrower scope answer 403', async () => {
    const created = await call('POST', '/api/grading/rounds', { year: 2091 }, admin);
    expect(created.status).toBe(201);
    const round = (await created.json()) as { id: number; version: number };
    try {
      expect(codes(await (await call('GET', `/api/grading/rounds/${round.id}`, undefined, away)).json())).toEqual([OTHER]);
      expect(codes(await (await call('GET', `/api/grading/rounds/${round.id}`, undefined, home)).json())).toEqual(demoCommunities);
      const score = (communityCode: string) => ({ scores: [{ communityCode, source: 'self', score: 80 }] });
      const elsewhere = await call('PUT', `/api/grading/rounds/${round.id}/scores`, score(demoCommunities[0]), away);
      expect(elsewhere.status).toBe(403);
      expect((await elsewhere.json()).error.code).toBe('scope.outside');
      const own = await call('PUT', `/api/grading/rounds/${round.id}/scores`, score(OTHER), away);
      expect(own.status).toBe(200);
      expect(await q('SELECT community_code FROM grading_score WHERE round_id = $1', [round.id])).toEqual([{ community_code: OTHER }]);
      // The official's county leaves the other county out: rules and confirmation are for every community.
      const patched = await call(
        'PATCH',
        `/api/grading/rounds/${round.id}`,
        { version: round.version + 1, rewards: { perLevelYuan: 100, perClassYuan: 0 } },
        official,
      );
      expect(patched.status).toBe(403);
      expect((await patched.json()).error).toMatchObject({ code: 'scope.outside', params: { code: OTHER } });
      expect((await call('POST', `/api/grading/rounds/${round.id}/confirm`, undefined, official)).status).toBe(403);
      expect((await call('POST', '/api/grading/rounds', { year: 2092 }, away)).status).toBe(403);
      expect(await q('SELECT status, version FROM grading_round WHERE id = $1', [round.id])).toEqual([
        { status: 'open', version: round.version + 1 },
      ]);
      expect(await q('SELECT 1 FROM grading_round WHERE year = 2092')).toEqual([]);
    } finally {
      await q('DELETE FROM grading_round WHERE id = $1', [round.id]);
    }
    const history = await (await call('GET', '/api/grading/history', undefined, home)).json();
    const [all] = await q<{ n: number }>('SELECT count(*)::int AS n FROM community_grade');
    expect(all.n).toBeGreaterThan(0);
    expect(JSON.stringify(history)).toContain(demoCommunities[0]);
    expect(JSON.stringify(await (await call('GET', '/api/grading/history', undefined, away)).json())).not.toContain(demoCounty);
  });
});

describe('facility scenarios of a scoped account', () => {
  const planCodes = (s: { communities: { code: string }[]; infeasible: { code: string }[] }) => [
    ...new Set([...s.communities.map((c) => c.code), ...s.infeasible.map((c) => c.code)]),
  ];
  const listIds = async (cookie: string) =>
    ((await (await call('GET', '/api/facility-plans', undefined, cookie)).json()) as { id: number }[]).map((s) => s.id);

  it('solves for the scope only, lists and reads scenarios that concern it, and shows a town-wide one with its own rows only', async () => {
    const solved = await call('POST', '/api/facility-plans', { timeLimitSeconds: 10 }, away);
    expect(solved.status).toBe(201);
    const own = await solved.json();
    const made = [own.id as number];
    try {
      expect(own.scopeCode).toBe(OTHER_COUNTY);
      expect(planCodes(own)).toEqual([OTHER]);
      const wide = await call('POST', '/api/facility-plans', { timeLimitSeconds: 10 }, admin);
      expect(wide.status).toBe(201);
      const town = await wide.json();
      made.push(town.id);
      expect(town.scopeCode).toBeNull();
      expect(planCodes(town).sort()).toEqual([...demoCommunities, OTHER].sort());

      expect(await listIds(away)).toEqual(expect.arrayContaining([own.id, town.id]));
      expect(await listIds(home)).not.toContain(own.id);
      expect(await listIds(home)).toContain(town.id);
      expect(await listIds(admin)).toEqual(expect.arrayContaining([own.id, town.id]));

      const refused = await call('GET', `/api/facility-plans/${own.id}`, undefined, home);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe('scope.outside');
      expect((await call('GET', '/api/facility-plans/987654321', undefined, home)).status).toBe(403);
      expect((await call('GET', `/api/facility-plans/compare?ids=${own.id},${town.id}`, undefined, home)).status).toBe(403);
      const seen = await (await call('GET', `/api/facility-plans/${town.id}`, undefined, away)).json();
      expect(planCodes(seen)).toEqual([OTHER]);
      const fromHome = await (await call('GET', `/api/facility-plans/${town.id}`, undefined, home)).json();
      expect(planCodes(fromHome).sort()).toEqual(demoCommunities);
    } finally {
      await q('DELETE FROM facility_scenario WHERE id = ANY($1::bigint[])', [made]);
    }
  });

  it('approves a county’s scenario for that county only: other counties’ projects and approved scenarios stay as they were', async () => {
    const option = await call(
      'POST',
      '/api/facility-options',
      {
        communityCode: OTHER,
        method: 'expand_renovate',
        name: '邻县活动室',
        lng: 119.83,
        lat: 32.43,
        areaM2: 3000,
        oneOffCost: 1000,
        availableAfterMonths: 0,
      },
      admin,
    );
    expect(option.status).toBe(201);
    const code = (await option.json()).code as string;
    const solved = await call('POST', '/api/facility-plans', { timeLimitSeconds: 10 }, away);
    expect(solved.status).toBe(201);
    const scenario = await solved.json();
    // A town-wide plan approved earlier, with a planned project in the demo county.
    const [town] = await q<{ id: number }>(
      `INSERT INTO facility_scenario (name, params, result, status) SELECT '全镇', params, result, 'approved' FROM facility_scenario
        WHERE id = $1 RETURNING id::int AS id`,
      [scenario.id],
    );
    const planned = await q<{ id: number }>(
      `INSERT INTO facility_project (scenario_id, option_id, community_code, county_code, planned_year)
       SELECT $1, o.id, o.community_code, o.county_code, 2030 FROM facility_option o
        WHERE o.community_code <> $2 AND o.status <> 'withdrawn'
          AND NOT EXISTS (SELECT 1 FROM facility_project p WHERE p.option_id = o.id AND p.status <> 'cancelled')
        ORDER BY o.id LIMIT 1 RETURNING id::int AS id`,
      [town.id, OTHER],
    );
    expect(planned.length).toBe(1);
    const projectsBefore = await q('SELECT id::int AS id, status, scenario_id::int AS scenario FROM facility_project ORDER BY id');
    const approvedBefore = await q("SELECT id::int AS id FROM facility_scenario WHERE status = 'approved' ORDER BY id");
    expect(approvedBefore).toContainEqual({ id: town.id });
    try {
      expect(scenario.communities.flatMap((c: { options: { id: string }[] }) => c.options.map((o) => o.id))).toEqual([code]);
      const approved = await call('POST', `/api/facility-plans/${scenario.id}/approve`, { version: scenario.version }, admin);
      expect(approved.status).toBe(200);
      const { projects } = await approved.json();
      expect(projects.map((p: { communityCode: string; optionCode: string }) => [p.communityCode, p.optionCode])).toEqual([[OTHER, code]]);
      expect(
        await q('SELECT id::int AS id, status, scenario_id::int AS scenario FROM facility_project WHERE community_code <> $1 ORDER BY id', [
          OTHER,
        ]),
      ).toEqual(projectsBefore);
      expect(
        await q("SELECT id::int AS id FROM facility_scenario WHERE status = 'approved' AND id <> $1 ORDER BY id", [scenario.id]),
      ).toEqual(approvedBefore);
    } finally {
      await q('DELETE FROM facility_project WHERE community_code = $1 OR scenario_id = $2', [OTHER, town.id]);
      await q('DELETE FROM facility_scenario WHERE id = ANY($1::bigint[])', [[scenario.id, town.id]]);
      await q('DELETE FROM facility_option WHERE community_code = $1', [OTHER]);
    }
  });

  it('refuses approving a town-wide scenario from a narrower scope with 403, and leaves it unapproved', async () => {
    const wide = await call('POST', '/api/facility-plans', { timeLimitSeconds: 10 }, admin);
    expect(wide.status).toBe(201);
    const town = await wide.json();
    try {
      const preview = await call('GET', `/api/facility-plans/${town.id}/approve-preview`, undefined, official);
      expect(preview.status).toBe(403);
      const approved = await call('POST', `/api/facility-plans/${town.id}/approve`, { version: town.version }, official);
      expect(approved.status).toBe(403);
      expect((await approved.json()).error).toMatchObject({ code: 'scope.outside', params: { code: OTHER } });
      expect(await q('SELECT status, version FROM facility_scenario WHERE id = $1', [town.id])).toEqual([
        { status: 'solved', version: town.version },
      ]);
    } finally {
      await q('DELETE FROM facility_scenario WHERE id = $1', [town.id]);
    }
  });
});

describe('imports of a scoped account', () => {
  const importPeople = (csv: string, cookie: string, path = '/api/import/people?format=csv') =>
    app.request(path, { method: 'POST', headers: { cookie, 'content-type': 'text/csv' }, body: csv });
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(async () => {
    await settleImportJobs();
    await q("DELETE FROM person WHERE community_code = $1 AND name LIKE '邻县导入%'", [OTHER]);
  });

  it('refuses a file with a row outside the scope with 403 naming the row and its code, and writes nothing', async () => {
    const [person] = await q<{ id: number; name: string; version: number; community: string }>(
      'SELECT id::int AS id, name, version, community_code AS community FROM person WHERE community_code <> $1 ORDER BY id LIMIT 1',
      [OTHER],
    );
    const res = await importPeople(
      `name,type,community_code\n邻县导入甲,volunteer,${OTHER}\n越界导入,volunteer,${demoCommunities[1]}\n`,
      away,
    );
    expect(res.status).toBe(403);
    const error = (await res.json()).error;
    expect(error.code).toBe('scope.row_outside');
    expect(error.params).toMatchObject({ row: 3, code: demoCommunities[1], scope: OTHER_COUNTY });
    expect(error.details.problems).toEqual([expect.objectContaining({ row: 3, field: 'community_code' })]);
    // A row that would move another scope's person into this one is refused as well.
    const moved = await importPeople(`id,name,type,community_code\n${person.id},${person.name},volunteer,${OTHER}\n`, away);
    expect(moved.status).toBe(403);
    expect((await moved.json()).error.params).toMatchObject({ row: 2, code: person.community, scope: OTHER_COUNTY });
    expect(await q("SELECT 1 FROM person WHERE name LIKE '%导入%'")).toEqual([]);
    expect(await q('SELECT name, version, community_code AS community FROM person WHERE id = $1', [person.id])).toEqual([
      { name: person.name, version: person.version, community: person.community },
    ]);
    const plans = await call('GET', `/api/export/grid-plans?community=${demoCommunities[0]}`, undefined, admin);
    expect(plans.status).toBe(200);
    const planImport = await app.request('/api/import/grid-plans', {
      method: 'POST',
      headers: { cookie: away, 'content-type': 'application/geo+json' },
      body: await plans.text(),
    });
    expect(planImport.status).toBe(403);
    expect((await planImport.json()).error).toMatchObject({ code: 'scope.feature_outside', params: { code: demoCommunities[0] } });
    const [made] = await q<{ n: number }>('SELECT count(*)::int AS n FROM grid_plan WHERE created_by = $1', [accounts[1]]);
    expect(made.n).toBe(0);
  });

  it('lists only its own scope’s imports and jobs; an unscoped admin sees them all', async () => {
    const res = await importPeople(`name,type,community_code\n邻县导入乙,volunteer,${OTHER}\n`, away);
    expect(res.status).toBe(200);
    const history = async (cookie: string) =>
      (
        (await (await call('GET', '/api/import/history?limit=200', undefined, cookie)).json()).imports as { id: number; username: string }[]
      ).map((i) => i.username);
    expect(await history(away)).toEqual([accounts[1]]);
    expect(await history(home)).not.toContain(accounts[1]);
    expect(await history(admin)).toContain(accounts[1]);

    const started = await importPeople(
      `name,type,community_code\n邻县导入丙,volunteer,${OTHER}\n`,
      away,
      '/api/import/jobs/people?format=csv&dryRun=true',
    );
    expect(started.status).toBe(202);
    const { id } = (await started.json()).job as { id: number };
    await settleImportJobs();
    expect(await q('SELECT scope_code FROM import_job WHERE id = $1', [id])).toEqual([{ scope_code: OTHER_COUNTY }]);
    expect((await call('GET', `/api/import/jobs/${id}`, undefined, away)).status).toBe(200);
    expect((await call('GET', `/api/import/jobs/${id}`, undefined, admin)).status).toBe(200);
    expect((await call('GET', `/api/import/jobs/${id}`, undefined, countyAdmin)).status).toBe(404);
  });
});
