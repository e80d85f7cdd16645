import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { count, newPerson, postCsv, q, twoCommunities } from './responsibility-helpers';

let A: string;
let B: string;
let cellA: string;
let cellB: string;
let planner: string;

beforeAll(async () => {
  await testApp();
  ({ a: A, b: B, cellA, cellB } = await twoCommunities());
  planner = await loginAs('planner');
});

describe('volunteer teams', () => {
  it('adds a team serving one cell, which the lookup then lists for buildings of that cell only', async () => {
    const [m1, m2] = [await newPerson(A), await newPerson(A)];
    const res = await call(
      'POST',
      '/api/volunteers/teams',
      {
        communityCode: A,
        name: '测试治安巡逻队',
        category: 'public_order',
        leaderPersonId: m1,
        memberPersonIds: [m1, m2],
        cellCodes: [cellA],
      },
      planner,
    );
    expect(res.status).toBe(201);
    const team = await res.json();
    expect(team).toMatchObject({ category: 'public_order', cellCodes: [cellA], compoundCodes: [], leaderPersonId: m1 });
    expect(team.members.map((m: { personId: number }) => m.personId).sort()).toEqual([m1, m2].sort());
    const [inside] = await q<{ code: string }>(
      'SELECT cb.building_code AS code FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id WHERE g.code = $1 LIMIT 1',
      [cellA],
    );
    const [outside] = await q<{ code: string }>(
      `SELECT b.code FROM building b WHERE b.community_code = $1
          AND NOT EXISTS (SELECT 1 FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id WHERE g.code = $2 AND cb.building_code = b.code) LIMIT 1`,
      [A, cellA],
    );
    const names = async (code: string) =>
      (await (await call('GET', `/api/buildings/${code}/coverage`)).json()).volunteerTeams.map((t: { name: string }) => t.name);
    expect(await names(inside.code)).toContain('测试治安巡逻队');
    expect(await names(outside.code)).not.toContain('测试治安巡逻队');
    const stale = await call('PUT', `/api/volunteers/teams/${team.id}`, { name: '改名', category: 'health', version: 2 }, planner);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'stale_version', params: { currentVersion: 1, version: 2 } });
    const put = await call('PUT', `/api/volunteers/teams/${team.id}`, { name: '改名', category: 'health', version: 1 }, planner);
    expect(await put.json()).toMatchObject({ name: '改名', category: 'health', members: [], cellCodes: [], version: 2 });
    expect((await call('DELETE', `/api/volunteers/teams/${team.id}?version=2`, {}, planner)).status).toBe(204);
  });

  it('refuses members or cells of another community, and unknown categories, changing nothing', async () => {
    const stranger = await newPerson(B);
    const before = await count('volunteer_team');
    const member = await call(
      'POST',
      '/api/volunteers/teams',
      { communityCode: A, name: 'x', category: 'health', memberPersonIds: [stranger] },
      planner,
    );
    expect(member.status).toBe(400);
    expect((await member.json()).error).toMatchObject({
      code: 'volunteers.people_other_community',
      params: { communityCode: A, personIds: [stranger] },
    });
    const cell = await call(
      'POST',
      '/api/volunteers/teams',
      { communityCode: A, name: 'x', category: 'health', cellCodes: [cellB] },
      planner,
    );
    expect((await cell.json()).error).toMatchObject({
      code: 'volunteers.cells_other_community',
      params: { communityCode: A, cellCodes: [cellB] },
    });
    expect((await call('POST', '/api/volunteers/teams', { communityCode: A, name: 'x', category: 'dancing' }, planner)).status).toBe(400);
    expect(await count('volunteer_team')).toBe(before);
  });

  it("round-trips a community's teams through CSV", async () => {
    const csv = await (await call('GET', `/api/volunteers/teams/export.csv?community=${A}`, undefined, planner)).text();
    const before = await count('volunteer_team', 'community_code = $1', [A]);
    const res = await postCsv(`/api/volunteers/teams/import?community=${A}`, csv, planner);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ added: { count: 0 }, changed: { count: 0 }, deleted: { count: 0 }, unchanged: before });
    const again = await (await call('GET', `/api/volunteers/teams/export.csv?community=${A}`, undefined, planner)).text();
    const canon = (text: string) =>
      text
        .split('\r\n')
        .map((line) =>
          line
            .split(',')
            .map((cell) => cell.split(' ').sort().join(' '))
            .join(','),
        )
        .sort();
    expect(canon(again)).toEqual(canon(csv));
    const badQuery = await postCsv('/api/volunteers/teams/import?community=12', csv, planner);
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).error.code).toBe('invalid_input');
    expect(await count('volunteer_team', 'community_code = $1', [A])).toBe(before);
    const wrong = await postCsv(`/api/volunteers/teams/import?community=${B}`, csv, planner);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details.problems[0]).toMatchObject({
      row: 2,
      field: 'community_code',
      code: 'csv.other_community_row',
      params: { communityCode: B },
    });
  });
});
