import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { count, newPerson, q, twoCommunities } from './responsibility-helpers';

let A: string;
let B: string;

beforeAll(async () => {
  await testApp();
  ({ a: A, b: B } = await twoCommunities());
});

describe('GET /api/people', () => {
  it('needs a session, filters, pages and never caches', async () => {
    expect((await call('GET', '/api/people')).status).toBe(401);
    const res = await call('GET', `/api/people?community=${A}&type=retiree&limit=5`, undefined, await loginAs('planner'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    const [expected] = await q<{ n: number }>("SELECT count(*)::int AS n FROM person WHERE community_code = $1 AND type = 'retiree'", [A]);
    expect(body.total).toBe(expected.n);
    expect(body.people.length).toBe(Math.min(5, expected.n));
    for (const p of body.people) expect(p).toMatchObject({ communityCode: A, type: 'retiree' });
  });

  it('shows full phones to planners and masked ones to officials and workers', async () => {
    const path = `/api/people?community=${A}&limit=20`;
    const full = (await (await call('GET', path, undefined, await loginAs('planner'))).json()).people;
    expect(full.some((p: { phone: string | null }) => p.phone && /^\d{11}$/.test(p.phone))).toBe(true);
    for (const who of ['official', 'worker'] as const) {
      const masked = (await (await call('GET', path, undefined, await loginAs(who))).json()).people;
      for (const p of masked) if (p.phone) expect(p.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
  });
});

describe('POST/PATCH/DELETE /api/people', () => {
  it('creates a person and refuses a home building of another community, changing nothing', async () => {
    const [home] = await q<{ code: string }>('SELECT code FROM building WHERE community_code = $1 ORDER BY code LIMIT 1', [B]);
    const before = await count('person');
    const res = await call(
      'POST',
      '/api/people',
      { communityCode: A, name: '跨社区', type: 'retiree', homeBuildingCode: home.code },
      await loginAs('planner'),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 'people.home_other_community',
      params: { buildingCode: home.code, buildingCommunity: B, communityCode: A },
      details: { field: 'json.homeBuildingCode' },
    });
    expect(await count('person')).toBe(before);
    const bad = await call('POST', '/api/people', { communityCode: A, name: 'x', type: 'chief' }, await loginAs('planner'));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      code: 'invalid_input',
      details: [{ field: 'json.type', code: 'field.invalid_value' }],
    });
    const id = await newPerson(A);
    expect(await count('person')).toBe(before + 1);
    expect((await call('DELETE', `/api/people/${id}?version=1`, {}, await loginAs('planner'))).status).toBe(204);
  });

  it('lets only editors write', async () => {
    const res = await call('POST', '/api/people', { communityCode: A, name: '无权', type: 'retiree' }, await loginAs('worker'));
    expect(res.status).toBe(403);
  });

  it('edits with the version, answers 409 when stale, and audits the change', async () => {
    const id = await newPerson(A);
    const cookie = await loginAs('planner');
    const ok = await call('PATCH', `/api/people/${id}`, { version: 1, phone: '13912345678', partyMember: true }, cookie);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ version: 2, phone: '13912345678', partyMember: true });
    const stale = await call('PATCH', `/api/people/${id}`, { version: 1, name: '旧版本' }, cookie);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'stale_version', params: { currentVersion: 2, version: 1 } });
    const [audit] = await q<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE entity = 'person' AND entity_id = $1", [
      String(id),
    ]);
    expect(audit.n).toBe(2);
    expect((await call('DELETE', `/api/people/${id}?version=2`, {}, cookie)).status).toBe(204);
  });

  it('refuses to delete a person who still holds an assignment', async () => {
    const [held] = await q<{ id: number; version: number }>(
      'SELECT p.id::int AS id, p.version FROM person p JOIN cell_assignment a ON a.person_id = p.id AND a.valid_to IS NULL ORDER BY p.id LIMIT 1',
    );
    const res = await call('DELETE', `/api/people/${held.id}?version=${held.version}`, {}, await loginAs('planner'));
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.code).toBe('people.in_use');
    expect(error.details.assignments).toBeGreaterThan(0);
    expect(error.params).toMatchObject({ id: held.id, assignments: error.details.assignments });
    expect(await count('person', 'id = $1', [held.id])).toBe(1);
  });
});
