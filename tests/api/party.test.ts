import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { count, newPerson, postCsv, q, twoCommunities } from './responsibility-helpers';

let A: string;
let B: string;
let planner: string;
let generalA: { id: number };
let generalB: { id: number };
let compoundA: string;
let buildingsA: string[];
let buildingB: string;

beforeAll(async () => {
  await testApp();
  ({ a: A, b: B } = await twoCommunities());
  planner = await loginAs('planner');
  [generalA] = await q<{ id: number }>("SELECT id::int AS id FROM party_org WHERE community_code = $1 AND level = 'general_branch'", [A]);
  [generalB] = await q<{ id: number }>("SELECT id::int AS id FROM party_org WHERE community_code = $1 AND level = 'general_branch'", [B]);
  [{ code: compoundA }] = await q<{ code: string }>('SELECT code FROM compound WHERE community_code = $1 ORDER BY code LIMIT 1', [A]);
  buildingsA = (
    await q<{ code: string }>('SELECT code FROM building WHERE community_code = $1 AND households > 0 ORDER BY code LIMIT 3', [A])
  ).map((r) => r.code);
  [{ code: buildingB }] = await q<{ code: string }>('SELECT code FROM building WHERE community_code = $1 ORDER BY code LIMIT 1', [B]);
});

const branch = (over: Record<string, unknown> = {}) => ({
  communityCode: A,
  parentId: generalA.id,
  level: 'branch',
  scope: 'compound',
  name: '测试小区党支部',
  compoundCode: compoundA,
  ...over,
});

describe('POST /api/party/orgs', () => {
  it('adds a compound branch under the general branch and a group under it; refuses to delete the parent first', async () => {
    const res = await call('POST', '/api/party/orgs', branch(), planner);
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ level: 'branch', parentId: generalA.id, compoundCode: compoundA, version: 1 });
    const group = await call(
      'POST',
      '/api/party/orgs',
      { communityCode: A, parentId: created.id, level: 'group', scope: 'building', name: '测试党小组', buildingCodes: buildingsA },
      planner,
    );
    expect(group.status).toBe(201);
    const g = await group.json();
    const chain = await (await call('GET', `/api/buildings/${buildingsA[0]}/coverage`)).json();
    expect(chain.partyChain.slice(0, 3).map((o: { id: number }) => o.id)).toEqual([g.id, created.id, generalA.id]);
    const parentFirst = await call('DELETE', `/api/party/orgs/${created.id}?version=1`, {}, planner);
    expect(parentFirst.status).toBe(409);
    expect((await parentFirst.json()).error.code).toBe('party.has_children');
    expect((await call('DELETE', `/api/party/orgs/${g.id}?version=1`, {}, planner)).status).toBe(204);
    const renamed = await call(
      'PUT',
      `/api/party/orgs/${created.id}`,
      { ...branch({ name: '改名党支部' }), communityCode: undefined, version: 1 },
      planner,
    );
    expect(renamed.status).toBe(200);
    expect(
      (await call('PUT', `/api/party/orgs/${created.id}`, { ...branch(), communityCode: undefined, version: 1 }, planner)).status,
    ).toBe(409);
    expect((await call('DELETE', `/api/party/orgs/${created.id}?version=2`, {}, planner)).status).toBe(204);
  });

  it('refuses a parent, compound or building of another community, and levels out of order, changing nothing', async () => {
    const before = await count('party_org');
    const cases: [Record<string, unknown>, string][] = [
      [branch({ parentId: generalB.id }), 'party.parent_other_community'],
      [branch({ scope: 'building', compoundCode: null, buildingCodes: [buildingB] }), 'party.buildings_other_community'],
      [branch({ parentId: null }), 'party.root_level'],
      [branch({ level: 'general_branch', scope: 'compound' }), 'party.scope_level'],
      [branch({ parentId: 999999999 }), 'party.unknown_parent'],
    ];
    for (const [body, code] of cases) {
      const res = await call('POST', '/api/party/orgs', body, planner);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error.code).toBe(code);
    }
    expect(await count('party_org')).toBe(before);
  });
});

describe('party responsibility areas', () => {
  it('accepts party members only, with buildings of their community', async () => {
    const member = await newPerson(A, { partyMember: true, type: 'retiree' });
    const plain = await newPerson(A, { partyMember: false });
    const before = await count('party_area');
    const notMember = await call('POST', '/api/party/areas', { personId: plain, buildingCodes: buildingsA }, planner);
    expect((await notMember.json()).error).toMatchObject({ code: 'party.not_party_member', params: { personId: plain } });
    const foreign = await call('POST', '/api/party/areas', { personId: member, buildingCodes: [buildingB] }, planner);
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).error).toMatchObject({
      code: 'party.buildings_other_community',
      params: { communityCode: A, buildingCodes: [buildingB] },
    });
    expect(await count('party_area')).toBe(before);
    const ok = await call('POST', '/api/party/areas', { personId: member, name: '测试责任区', buildingCodes: buildingsA }, planner);
    expect(ok.status).toBe(201);
    const area = await ok.json();
    expect(area).toMatchObject({ personId: member, buildingCodes: [...buildingsA].sort() });
    expect((await call('DELETE', `/api/party/areas/${area.id}?version=1`, {}, planner)).status).toBe(204);
  });

  it('suggests areas that cover every uncovered building once, within the capacity when it can', async () => {
    const res = await call('POST', '/api/party/areas/suggest', { communityCode: A, tolerance: 0.3 }, planner);
    expect(res.status).toBe(200);
    const body = await res.json();
    const codes = body.areas.flatMap((a: { buildingCodes: string[] }) => a.buildingCodes);
    expect(codes.length).toBe(body.unassignedBuildings);
    expect(new Set(codes).size).toBe(codes.length);
    expect(body.notes.some((n: { code: string }) => n.code === 'suggest.no_party_members')).toBe(body.members === 0);
    const [outside] = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM building b WHERE community_code = $1 AND households > 0 AND NOT EXISTS (SELECT 1 FROM party_area_building ab WHERE ab.building_code = b.code)',
      [A],
    );
    expect(body.unassignedBuildings).toBe(outside.n);
    const [load] = await q<{ max: number }>(
      `SELECT coalesce(max(h), 0)::int AS max FROM (SELECT sum(b.households) AS h FROM party_area a JOIN person p ON p.id = a.person_id
         JOIN party_area_building ab ON ab.area_id = a.id JOIN building b ON b.code = ab.building_code WHERE p.community_code = $1 GROUP BY p.id) x`,
      [A],
    );
    if (load.max <= body.capacityHouseholds) for (const a of body.areas) expect(a.households).toBeLessThanOrEqual(body.capacityHouseholds);
  });
});

describe('party CSV', () => {
  const normalise = (csv: string) => {
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const name = new Map(rows.map((r) => [r[0], r[5]]));
    return rows
      .map((r) => [name.get(r[1]) ?? '', ...r.slice(2)].join(','))
      .sort()
      .concat(header.join(','));
  };

  it('round-trips the organisation tree of a community', async () => {
    const csv = await (await call('GET', `/api/party/orgs/export.csv?community=${A}`, undefined, planner)).text();
    const before = await count('party_org', 'community_code = $1', [A]);
    const res = await postCsv(`/api/party/orgs/import?community=${A}`, csv, planner);
    expect(res.status, await res.clone().text()).toBe(200);
    // Every organisation is matched by its ref (its id): nothing added, changed or deleted, ids kept.
    expect(await res.json()).toMatchObject({ added: { count: 0 }, changed: { count: 0 }, deleted: { count: 0 }, unchanged: before });
    const again = await (await call('GET', `/api/party/orgs/export.csv?community=${A}`, undefined, planner)).text();
    expect(normalise(again)).toEqual(normalise(csv));
    expect(again).toBe(csv);
  });

  it('rejects a file whose parent_ref points nowhere, keeping the tree', async () => {
    const csv = await (await call('GET', `/api/party/orgs/export.csv?community=${A}`, undefined, planner)).text();
    const before = await count('party_org', 'community_code = $1', [A]);
    const broken = `${csv.trimEnd()}\r\nx1,nope,${A},group,building,孤儿党小组,,,\r\n`;
    const res = await postCsv(`/api/party/orgs/import?community=${A}`, broken, planner);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.problems[0]).toMatchObject({
      field: 'parent_ref',
      code: 'csv.unknown_parent_ref',
      params: { ref: 'nope' },
    });
    expect(await count('party_org', 'community_code = $1', [A])).toBe(before);
  });

  it('round-trips responsibility areas', async () => {
    const csv = await (await call('GET', `/api/party/areas/export.csv?community=${A}`, undefined, planner)).text();
    expect((await postCsv(`/api/party/areas/import?community=${A}`, csv, planner)).status).toBe(200);
    const again = await (await call('GET', `/api/party/areas/export.csv?community=${A}`, undefined, planner)).text();
    expect(again.split('\r\n').sort()).toEqual(csv.split('\r\n').sort());
  });
});
