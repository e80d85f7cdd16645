import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import {
  type ErrorAnswer,
  type PlanAnswer,
  buildingsOf,
  cellOf,
  cleanUpDrafts,
  communityWithValidPublishedPlan,
  draftFrom,
  generated,
  json,
  planner,
} from './grid-plans-helpers';

let community: string;
let publishedId: number;
let otherCommunity: string;

beforeAll(async () => {
  await testApp();
  ({ code: community, planId: publishedId } = await communityWithValidPublishedPlan());
  const all = await json<{ code: string }[]>(await call('GET', '/api/communities'));
  otherCommunity = all.find((c) => c.code !== community)!.code;
});
afterAll(cleanUpDrafts);

describe('POST /api/communities/{code}/grid-plans/generate', () => {
  it('answers a draft whose cells hold every building once, with codes, households, geometry, metrics and validation', async () => {
    const plan = await generated(community);
    expect(plan.status).toBe('draft');
    const buildings = await buildingsOf(community);
    const assigned = plan.cells.flatMap((c) => c.buildingCodes);
    expect(assigned.length).toBe(buildings.length);
    expect(new Set(assigned)).toEqual(new Set(buildings.map((b) => b.code)));
    const households = new Map(buildings.map((b) => [b.code, b.households]));
    for (const cell of plan.cells) {
      expect(cell.code).toMatch(new RegExp(`^${community}\\d{3}$`));
      expect(cell.codeProvisional).toBe(true);
      expect(cell.households).toBe(cell.buildingCodes.reduce((s, b) => s + households.get(b)!, 0));
      expect(cell.geometry?.type).toBe('MultiPolygon');
      expect(cell.areaM2).toBeGreaterThan(0);
    }
    expect(new Set(plan.cells.map((c) => c.code)).size).toBe(plan.cells.length);
    expect(plan.metrics!.cellCount).toBe(plan.cells.length);
    expect(plan.metrics!.households).toBe(buildings.reduce((s, b) => s + b.households, 0));
    // Tiling holds by construction: no gap, overlap, outside part or unassigned building.
    for (const kind of ['gap', 'overlap', 'outside', 'unassigned', 'double_assigned'] as const)
      expect(plan.validation.counts[kind]).toBeUndefined();
  });

  it('keeps compounds that fit one cell whole', async () => {
    const plan = await generated(community);
    const of = cellOf(plan);
    const byCompound = new Map<string, { households: number; cells: Set<string> }>();
    for (const b of await buildingsOf(community)) {
      if (!b.compound) continue;
      const entry = byCompound.get(b.compound) ?? { households: 0, cells: new Set<string>() };
      entry.households += b.households;
      entry.cells.add(of.get(b.code)!);
      byCompound.set(b.compound, entry);
    }
    const small = [...byCompound.values()].filter((c) => c.households <= 500);
    expect(small.length).toBeGreaterThan(0);
    for (const c of small) expect(c.cells.size).toBe(1);
  });

  it('is deterministic for a seed', async () => {
    const a = await generated(community, { seed: 7 });
    const b = await generated(community, { seed: 7 });
    expect(b.cells.map((c) => c.buildingCodes)).toEqual(a.cells.map((c) => c.buildingCodes));
  });

  it('answers 400 naming the field when min > max', async () => {
    const res = await call(
      'POST',
      `/api/communities/${community}/grid-plans/generate`,
      { minHouseholds: 600, maxHouseholds: 500 },
      await planner(),
    );
    expect(res.status).toBe(400);
    const body = await json<ErrorAnswer>(res);
    expect(body.error.details).toContainEqual(expect.objectContaining({ field: 'json.minHouseholds' }));
  });

  it('answers 422 with the reason when no plan can meet the range', async () => {
    const res = await call(
      'POST',
      `/api/communities/${community}/grid-plans/generate`,
      { minHouseholds: 5, maxHouseholds: 10 },
      await planner(),
    );
    expect(res.status).toBe(422);
    const body = await json<ErrorAnswer>(res);
    expect(body.error).toMatchObject({ code: 'grid.plan.range_infeasible', params: { min: 5, max: 10 } });
    // Every building over 10 households is named (up to five), with its own household count.
    const buildings = await buildingsOf(community);
    const over = buildings.filter((b) => b.households > 10);
    const reasons = (
      body.error.details as { reasons: { code: string; params: { building?: string; households?: number; max?: number } }[] }
    ).reasons;
    const named = reasons.filter((r) => r.code === 'grid.range.building_over_max');
    expect(named).toHaveLength(Math.min(5, over.length));
    for (const r of named)
      expect(r.params).toEqual({
        building: r.params.building,
        households: over.find((b) => b.code === r.params.building)!.households,
        max: 10,
      });

    const huge = await call(
      'POST',
      `/api/communities/${community}/grid-plans/generate`,
      { minHouseholds: 90_000, maxHouseholds: 100_000 },
      await planner(),
    );
    expect(huge.status).toBe(422);
    // The community holds far fewer than 90 000 households: each connected group is under the minimum.
    const under = (await json<ErrorAnswer>(huge)).error.details as {
      reasons: { code: string; params: { households: number; min: number } }[];
    };
    for (const r of under.reasons) {
      expect(['grid.range.community_under_min', 'grid.range.group_under_min']).toContain(r.code);
      expect(r.params.min).toBe(90_000);
    }
    expect(under.reasons.reduce((sum, r) => sum + r.params.households, 0)).toBe(buildings.reduce((sum, b) => sum + b.households, 0));
  });

  it('is for planners: 401 without a session, 403 for a grid worker, 404 for an unknown community', async () => {
    expect((await call('POST', `/api/communities/${community}/grid-plans/generate`, {})).status).toBe(401);
    expect((await call('POST', `/api/communities/${community}/grid-plans/generate`, {}, await loginAs('worker'))).status).toBe(403);
    const unknown = await call('POST', '/api/communities/999999999999/grid-plans/generate', {}, await planner());
    expect(unknown.status).toBe(404);
    expect((await json<ErrorAnswer>(unknown)).error).toMatchObject({ code: 'grid.community.not_found', params: { code: '999999999999' } });
  });
});

describe('GET /api/grid-plans/{id} and /validation', () => {
  it('answers the same shape as generate, and 404 for an unknown plan', async () => {
    const plan = await generated(community);
    const res = await call('GET', `/api/grid-plans/${plan.id}`, undefined, await planner());
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`W/"${plan.version}"`);
    const again = await json<PlanAnswer>(res);
    expect(again.cells.map((c) => [c.label, c.code, c.households, c.buildingCodes])).toEqual(
      plan.cells.map((c) => [c.label, c.code, c.households, c.buildingCodes]),
    );
    const missing = await call('GET', '/api/grid-plans/987654', undefined, await planner());
    expect(missing.status).toBe(404);
    expect((await json<ErrorAnswer>(missing)).error).toMatchObject({ code: 'grid.plan.not_found', params: { id: 987654 } });
    expect((await call('GET', '/api/grid-plans/abc', undefined, await planner())).status).toBe(400);
  });

  it('lists every unassigned building and the gap of an empty draft', async () => {
    const empty = await draftFrom(community, 'empty');
    const res = await call('GET', `/api/grid-plans/${empty.id}/validation`, undefined, await planner());
    const v = await json<PlanAnswer['validation']>(res);
    expect(v.ok).toBe(false);
    const buildings = await buildingsOf(community);
    expect(v.counts.unassigned).toBe(buildings.length);
    const gap = v.problems.find((p) => p.kind === 'gap')!;
    expect(gap.areaM2).toBeGreaterThan(10_000);
    expect(gap.location).toHaveLength(2);
    expect(gap).toMatchObject({ code: 'grid.problem.gap', params: { areaM2: expect.any(Number) } });
    const unassigned = v.problems.find((p) => p.kind === 'unassigned')!;
    expect(unassigned.location).toHaveLength(2);
    const building = buildings.find((b) => b.code === unassigned.buildings![0])!;
    expect(unassigned).toMatchObject({
      code: 'grid.problem.unassigned',
      params: { building: building.code, households: building.households },
    });
  });
});

describe('POST /api/communities/{code}/grid-plans and GET …/grid-plans', () => {
  it('copies the published plan, lists it, and compares equal to it', async () => {
    const copy = await draftFrom(community, 'published');
    const published = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${publishedId}`, undefined, await planner()));
    expect(copy.cells.map((c) => c.buildingCodes).sort()).toEqual(published.cells.map((c) => c.buildingCodes).sort());
    // A copy's provisional codes are the codes publishing would give: the published ones.
    expect(new Map(copy.cells.map((c) => [c.buildingCodes[0], c.code]))).toEqual(
      new Map(published.cells.map((c) => [c.buildingCodes[0], c.code])),
    );
    const list = await json<{ id: number; status: string }[]>(
      await call('GET', `/api/communities/${community}/grid-plans`, undefined, await planner()),
    );
    expect(list[0]).toMatchObject({ id: publishedId, status: 'published' });
    expect(list.some((p) => p.id === copy.id && p.status === 'draft')).toBe(true);
    const same = await json<{ movedBuildings: number; matches: unknown[] }>(
      await call('GET', `/api/grid-plans/compare?a=${publishedId}&b=${copy.id}`, undefined, await planner()),
    );
    expect(same.movedBuildings).toBe(0);
    expect(same.matches).toHaveLength(copy.cells.length);
  });

  it('refuses a plan of another community as the source', async () => {
    const other = await generated(community);
    const res = await call('POST', `/api/communities/${otherCommunity}/grid-plans`, { from: other.id }, await planner());
    expect(res.status).toBe(400);
    expect((await json<ErrorAnswer>(res)).error).toMatchObject({
      code: 'grid.plan.other_community',
      params: { id: other.id, community, expected: otherCommunity },
    });
  });
});

describe('GET /api/grid-plans/compare', () => {
  it('lists the buildings and households that change cell', async () => {
    const plan = await generated(community, { minHouseholds: 200, maxHouseholds: 350 });
    const res = await call('GET', `/api/grid-plans/compare?a=${publishedId}&b=${plan.id}`, undefined, await planner());
    expect(res.status).toBe(200);
    const cmp = await json<{
      moved: { building: string; households: number; from: { label: string } | null; to: { label: string } | null }[];
      movedHouseholds: number;
      movedBuildings: number;
    }>(res);
    expect(cmp.movedBuildings).toBeGreaterThan(0);
    expect(cmp.movedHouseholds).toBe(cmp.moved.reduce((s, m) => s + m.households, 0));
    const of = cellOf(plan);
    for (const m of cmp.moved) expect(m.to?.label).toBe(of.get(m.building));
  });

  it('answers 400 for plans of different communities', async () => {
    const other = await json<{ id: number }[]>(
      await call('GET', `/api/communities/${otherCommunity}/grid-plans`, undefined, await planner()),
    );
    const res = await call('GET', `/api/grid-plans/compare?a=${publishedId}&b=${other[0].id}`, undefined, await planner());
    expect(res.status).toBe(400);
    expect((await json<ErrorAnswer>(res)).error).toMatchObject({
      code: 'grid.compare.different_communities',
      params: { a: publishedId, b: other[0].id, communityA: community, communityB: otherCommunity },
    });
  });
});

describe('OpenAPI document', () => {
  it('documents the grid-plan paths', async () => {
    type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
    const doc = await json<{ paths: Record<string, Record<string, Operation>> }>(await call('GET', '/api/openapi.json'));
    expect(doc.paths['/api/communities/{code}/grid-plans/generate'].post).toBeDefined();
    expect(doc.paths['/api/grid-plans/{id}'].get).toBeDefined();
    expect(doc.paths['/api/grid-plans/{id}/validation'].get).toBeDefined();
    expect(doc.paths['/api/grid-plans/{id}/edits'].post).toBeDefined();
    expect(doc.paths['/api/grid-plans/{id}/publish'].post).toBeDefined();
    // Answers are described by their schemas, and each route lists the statuses it can answer.
    const publish = doc.paths['/api/grid-plans/{id}/publish'].post;
    expect(Object.keys(publish.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422']);
    expect(publish.responses['200'].content?.['application/json'].schema).toBeDefined();
    expect(Object.keys(doc.paths['/api/grid-plans/{id}/reopen'].post.responses)).not.toContain('422');
  });
});
