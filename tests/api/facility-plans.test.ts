import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

import type { Scenario } from '../../server/src/contract/facility-plans';

let planner: string;
let base: Scenario;
let lateOption: string;

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
  const res = await call('POST', '/api/facility-plans', {}, planner);
  expect(res.status).toBe(201);
  base = await res.json();
  // An option of our own that is ready only after three years (cleaned up below).
  const board = await (await call('GET', '/api/facilities/status', undefined, planner)).json();
  const community = board.communities.find((c: { compliant: boolean }) => !c.compliant);
  const created = await call(
    'POST',
    '/api/facility-options',
    {
      communityCode: community.code,
      method: 'reserve_in_new_development',
      name: '远期开发预留',
      lng: community.centroid[0],
      lat: community.centroid[1],
      areaM2: 300,
      oneOffCost: 30_000,
      availableAfterMonths: 36,
    },
    planner,
  );
  lateOption = (await created.json()).code;
});

afterAll(async () => {
  const db = await testDb();
  await db.withClient((q) => q.query('DELETE FROM facility_option WHERE code = $1', [lateOption]));
});

const cost = (s: Scenario) => s.communities.flatMap((c) => c.options).reduce((sum, o) => sum + o.cost, 0);

describe('POST /api/facility-plans with the defaults from settings', () => {
  it('brings all 22 communities up to standard within two years at proven least cost', () => {
    expect(base.status).toBe('optimal');
    expect(base.scenarioStatus).toBe('solved');
    expect(base.params).toMatchObject({ years: 2, startYear: 2008 });
    expect(base.byYear.map((y) => y.year)).toEqual([2008, 2009]);
    expect(base.byYear[1].compliantCount).toBe(22);
    // The default budget is calibrated so that not everyone makes it in the first year.
    expect(base.byYear[0].compliantCount).toBeGreaterThan(6);
    expect(base.byYear[0].compliantCount).toBeLessThan(22);
    expect(base.infeasible).toEqual([]);
    expect(base.totalCost).toBeCloseTo(cost(base), 0);
  });

  it('keeps every year within its budget and every community at or above its requirement', () => {
    for (const year of base.byYear) expect(year.cost).toBeLessThanOrEqual(year.budget + 0.5);
    expect(base.byYear.reduce((s, y) => s + y.cost, 0)).toBeCloseTo(base.totalCost, 0);
    for (const c of base.communities) {
      expect(c.reachedAreaM2).toBeCloseTo(c.currentAreaM2 + c.options.reduce((s, o) => s + o.netAreaM2, 0), 3);
      expect(c.reachedAreaM2 + 1e-6).toBeGreaterThanOrEqual(c.requiredAreaM2);
      expect(c.options.length).toBeLessThanOrEqual(2);
      for (const o of c.options) {
        expect(o.year === 2008 || o.year === 2009).toBe(true);
        expect(o.distanceMetres).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('is stored and can be read back, listed and is 404 for an unknown id', async () => {
    const one = await call('GET', `/api/facility-plans/${base.id}`, undefined, planner);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: base.id, status: 'optimal', totalCost: base.totalCost });
    const list = await (await call('GET', '/api/facility-plans', undefined, planner)).json();
    expect(list.find((s: { id: number }) => s.id === base.id)).toMatchObject({ status: 'optimal', infeasibleCount: 0 });
    expect((await call('GET', '/api/facility-plans/999999', undefined, planner)).status).toBe(404);
  });

  it('is for planners, officials and admins only', async () => {
    expect((await call('POST', '/api/facility-plans', {}, await loginAs('worker'))).status).toBe(403);
    expect((await call('POST', '/api/facility-plans', {})).status).toBe(401);
  });
});

describe('POST /api/facility-plans rejects bad input naming the field', () => {
  it.each([
    [{ years: 3, budgetPerYear: [1_000_000, 1_000_000] }, 'json.budgetPerYear'],
    [{ years: 3 }, 'json.budgetPerYear'],
    [{ budgetPerYear: [-1, 100] }, 'json.budgetPerYear.0'],
    [{ accessibilityWeight: -2 }, 'json.accessibilityWeight'],
    [{ years: 0 }, 'json.years'],
    [{ maxSitesPerCommunity: 0 }, 'json.maxSitesPerCommunity'],
    [{ forceUse: ['NO-SUCH-OPTION'] }, 'json.forceUse.0'],
    [{ forbid: ['NO-SUCH-OPTION'] }, 'json.forbid.0'],
    [{ budget: [1] }, 'json'],
  ])('%j → 400 at %s', async (body, field) => {
    const before = (await (await call('GET', '/api/facility-plans?limit=200', undefined, planner)).json()).length;
    const res = await call('POST', '/api/facility-plans', body, planner);
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await (await call('GET', '/api/facility-plans?limit=200', undefined, planner)).json()).length).toBe(before);
  });

  it('refuses to force an option that is available only after the deadline', async () => {
    const res = await call('POST', '/api/facility-plans', { forceUse: [lateOption] }, planner);
    expect(res.status).toBe(400);
    const error = (await res.json()).error;
    expect(error.details[0]).toMatchObject({
      field: 'json.forceUse.0',
      code: 'facility.field.option_too_late',
      params: { option: lateOption, months: 36, years: 2 },
    });
  });

  it('refuses an option that is both forced and forbidden', async () => {
    const id = base.communities.find((c) => c.options.length > 0)!.options[0].id;
    const res = await call('POST', '/api/facility-plans', { forceUse: [id], forbid: [id] }, planner);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toMatchObject({
      field: 'json.forceUse.0',
      code: 'facility.field.force_and_forbid',
      params: { option: id },
    });
  });
});

describe('when the goal cannot be met', () => {
  it('a tiny budget gives the best partial plan and says by how much the budget is short', async () => {
    const res = await call('POST', '/api/facility-plans', { budgetPerYear: [100_000, 100_000] }, planner);
    expect(res.status).toBe(201);
    const s: Scenario = await res.json();
    expect(s.status).toBe('partial');
    const last = s.byYear[1].compliantCount;
    expect(last).toBeGreaterThanOrEqual(6);
    expect(last).toBeLessThan(22);
    expect(s.infeasible.length).toBe(22 - last);
    for (const entry of s.infeasible) {
      expect(['facility.reason.budget_short', 'facility.reason.budget_short_together']).toContain(entry.reason.code);
      expect(entry.reason.params.shortfallYuan).toBeGreaterThan(0);
      for (const year of entry.reason.params.shortYears as number[]) expect([2008, 2009]).toContain(year);
      expect(entry.name.length).toBeGreaterThan(0);
    }
    for (const year of s.byYear) expect(year.cost).toBeLessThanOrEqual(100_000);
  });

  it('with every option forbidden, each non-compliant community gets "best reachable … < required …"', async () => {
    const all = await (await call('GET', '/api/facility-options', undefined, planner)).json();
    const res = await call('POST', '/api/facility-plans', { forbid: all.map((o: { code: string }) => o.code) }, planner);
    expect(res.status).toBe(201);
    const s: Scenario = await res.json();
    expect(s.status).toBe('partial');
    expect(s.byYear.map((y) => y.compliantCount)).toEqual([6, 6]);
    expect(s.infeasible.length).toBe(16);
    for (const entry of s.infeasible) {
      const plan = s.communities.find((c) => c.code === entry.code)!;
      const area = (m2: number) => Math.round(m2 * 10) / 10;
      expect(entry.reason).toMatchObject({
        code: 'facility.reason.area_unreachable',
        params: { bestAreaM2: area(plan.currentAreaM2), requiredAreaM2: area(plan.requiredAreaM2) },
      });
      expect(entry.details).toContainEqual(expect.objectContaining({ code: 'facility.detail.usable_options', params: { count: 0 } }));
      expect(plan.compliantYear).toBeNull();
    }
  });
});

describe('overriding a choice and comparing scenarios', () => {
  it('re-solves without a forbidden option, then compares the two side by side', async () => {
    const chosen = base.communities.find((c) => c.options.length > 0)!.options[0];
    const res = await call('POST', `/api/facility-plans/${base.id}/override`, { forbid: [chosen.id] }, await loginAs('official'));
    expect(res.status).toBe(201);
    const alt: Scenario = await res.json();
    expect(alt.params.basedOn).toBe(base.id);
    expect(alt.params.forbid).toContain(chosen.id);
    expect(alt.communities.flatMap((c) => c.options).map((o) => o.id)).not.toContain(chosen.id);
    // The base plan was the optimum, so leaving an option out can't make it cheaper.
    expect(alt.totalCost).toBeGreaterThanOrEqual(base.totalCost - 0.5);

    const cmp = await call('GET', `/api/facility-plans/compare?ids=${base.id},${alt.id}`, undefined, planner);
    expect(cmp.status).toBe(200);
    const body = await cmp.json();
    expect(body.scenarios.map((s: { id: number }) => s.id)).toEqual([base.id, alt.id]);
    expect(body.scenarios[0]).toMatchObject({ totalCost: base.totalCost, byYear: base.byYear });
    expect(body.scenarios[1].accessibility).toHaveProperty('meanDistanceMetres');
    const differ = body.optionsThatDiffer.find((o: { id: string }) => o.id === chosen.id);
    expect(differ.choices).toEqual([
      expect.objectContaining({ scenarioId: base.id, chosen: true, year: chosen.year }),
      expect.objectContaining({ scenarioId: alt.id, chosen: false }),
    ]);
  });

  it('answers 400 for a malformed id list and 404 for an unknown scenario', async () => {
    expect((await call('GET', '/api/facility-plans/compare?ids=1', undefined, planner)).status).toBe(400);
    expect((await call('GET', `/api/facility-plans/compare?ids=${base.id},999999`, undefined, planner)).status).toBe(404);
  });
});

describe('a scenario stored before reasons were coded', () => {
  it('is read with its English sentences as messages that carry them', async () => {
    const db = await testDb();
    const sentence = 'best reachable 400 m² < required 600 m² (current 400 m²; 0 usable options)';
    const {
      id: _id,
      name: _name,
      scenarioStatus: _state,
      params: _params,
      createdBy: _by,
      createdAt: _at,
      approvedBy: _approvedBy,
      approvedAt: _approvedAt,
      version: _version,
      ...result
    } = base;
    const legacy = {
      ...result,
      infeasible: [{ code: base.communities[0].code, name: base.communities[0].name, reason: sentence }],
      notes: ['forced option X does not exist; ignored'],
    };
    const { rows } = await db.withClient((q) =>
      q.query<{ id: number }>(
        `INSERT INTO facility_scenario (name, params, result, created_by) VALUES ('old', $1::jsonb, $2::jsonb, 'planner') RETURNING id::int AS id`,
        [JSON.stringify(base.params), JSON.stringify(legacy)],
      ),
    );
    try {
      const res = await call('GET', `/api/facility-plans/${rows[0].id}`, undefined, planner);
      expect(res.status).toBe(200);
      const s: Scenario = await res.json();
      expect(s).toMatchObject({ id: rows[0].id, name: 'old', totalCost: base.totalCost });
      expect(s.infeasible).toEqual([
        expect.objectContaining({
          reason: expect.objectContaining({ code: 'facility.stored_text', params: { text: sentence } }),
          details: [],
        }),
      ]);
      expect(s.notes).toEqual([
        expect.objectContaining({ code: 'facility.stored_text', params: { text: 'forced option X does not exist; ignored' } }),
      ]);
    } finally {
      await db.withClient((q) => q.query('DELETE FROM facility_scenario WHERE id = $1', [rows[0].id]));
    }
  });
});

describe('GET /api/openapi.json', () => {
  it('documents the facility, project and location routes', async () => {
    const doc = await (await call('GET', '/api/openapi.json')).json();
    for (const [path, method] of [
      ['/api/facility-plans', 'post'],
      ['/api/facility-plans/{id}/approve', 'post'],
      ['/api/facility-plans/compare', 'get'],
      ['/api/facility-options/{code}', 'patch'],
      ['/api/projects/{id}', 'patch'],
      ['/api/facilities/status', 'get'],
      ['/api/locate', 'post'],
      ['/api/siting', 'post'],
    ]) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/api/facility-plans'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('budgetPerYear');
  });
});
