import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import {
  type ErrorAnswer,
  type PlanAnswer,
  adjacencyOf,
  buildingsOf,
  cellOf,
  cleanUpDrafts,
  communityWithValidPublishedPlan,
  draftFrom,
  edit,
  generated,
  getPlan,
  json,
  outlineAroundBuilding,
  planner,
  squareAround,
} from './grid-plans-helpers';

let community: string;
let points: Map<string, [number, number]>;

beforeAll(async () => {
  await testApp();
  ({ code: community } = await communityWithValidPublishedPlan());
  const plan = await generated(community);
  const fc = await json<{ features: { properties: { code: string; point: [number, number] } }[] }>(
    await call('GET', `/api/grid-plans/${plan.id}/buildings`, undefined, await planner()),
  );
  points = new Map(fc.features.map((f) => [f.properties.code, f.properties.point]));
});
afterAll(cleanUpDrafts);

async function ok(res: Response): Promise<PlanAnswer> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return json<PlanAnswer>(res);
}

/** Two cells of the plan that touch, with a building of the first that touches the second. */
async function touchingPair(plan: PlanAnswer): Promise<{ from: string; to: string; building: string }> {
  const of = cellOf(plan);
  for (const [a, b] of await adjacencyOf(community)) {
    if (of.get(a) !== of.get(b)) return { from: of.get(a)!, to: of.get(b)!, building: a };
  }
  throw new Error('no two cells touch');
}

/** Asserts the draft is exactly as it was (after a refused edit). */
async function unchanged(before: PlanAnswer): Promise<void> {
  const after = await getPlan(before.id);
  expect(after.version).toBe(before.version);
  expect(after.cells.map((c) => [c.label, c.buildingCodes])).toEqual(before.cells.map((c) => [c.label, c.buildingCodes]));
}

describe('POST /api/grid-plans/{id}/edits op=move', () => {
  it('paints a building into another cell: both counts change, outlines follow', async () => {
    const plan = await generated(community);
    const { from, to, building } = await touchingPair(plan);
    const households = (await buildingsOf(community)).find((b) => b.code === building)!.households;
    const cell = (p: PlanAnswer, label: string) => p.cells.find((c) => c.label === label)!;
    const after = await ok(await edit(plan, { op: 'move', buildings: [building], to }));
    expect(after.version).toBe(plan.version + 1);
    expect(cell(after, to).households).toBe(cell(plan, to).households + households);
    expect(cell(after, from).households).toBe(cell(plan, from).households - households);
    expect(cell(after, to).areaM2).toBeGreaterThan(cell(plan, to).areaM2);
    expect(after.edit).toMatchObject({ seq: 1, op: 'move', movedBuildings: 1 });
    expect(after.validation.counts.overlap).toBeUndefined();
    expect(after.validation.counts.gap).toBeUndefined();
  });

  it('moves a whole compound, and into a new cell when `to` is null', async () => {
    const plan = await generated(community);
    const buildings = await buildingsOf(community);
    const compound = buildings.find((b) => b.compound)!.compound!;
    const after = await ok(await edit(plan, { op: 'move', compounds: [compound], to: null }));
    const created = after.edit!.createdCells[0];
    expect(created).toBeDefined();
    const members = buildings.filter((b) => b.compound === compound).map((b) => b.code);
    expect(after.cells.find((c) => c.label === created)!.buildingCodes).toEqual(members.sort());
  });

  it('answers 409 with the current version when the version is stale, and changes nothing', async () => {
    const plan = await generated(community);
    const { to, building } = await touchingPair(plan);
    const res = await edit({ id: plan.id, version: plan.version + 5 }, { op: 'move', buildings: [building], to });
    expect(res.status).toBe(409);
    expect((await json<ErrorAnswer>(res)).error).toMatchObject({
      code: 'stale_version',
      params: { entity: 'grid_plan', currentVersion: plan.version, version: plan.version + 5 },
      details: { currentVersion: plan.version },
    });
    await unchanged(plan);
  });

  it('answers 400 for a building of another community, an unknown cell or a bad code; 422 for a no-op', async () => {
    const plan = await generated(community);
    const foreign = await call('GET', '/api/communities', undefined);
    const otherCode = (await json<{ code: string }[]>(foreign)).find((c) => c.code !== community)!.code;
    const outsider = (await buildingsOf(otherCode))[0].code;
    const a = await edit(plan, { op: 'move', buildings: [outsider], to: plan.cells[0].label });
    expect(a.status).toBe(400);
    expect((await json<ErrorAnswer>(a)).error).toMatchObject({
      code: 'grid.edit.not_in_community',
      params: { community, buildings: [outsider], compounds: [], count: 1 },
      details: { unknown: [{ kind: 'building', code: outsider }] },
    });
    const b = await edit(plan, { op: 'move', buildings: [plan.cells[0].buildingCodes[0]], to: 'NOPE' });
    expect(b.status).toBe(400);
    expect((await json<ErrorAnswer>(b)).error).toMatchObject({ code: 'grid.edit.unknown_cell', params: { cell: 'NOPE' } });
    const c = await edit(plan, { op: 'move', buildings: ['123'], to: 'A' });
    expect(c.status).toBe(400);
    expect((await json<ErrorAnswer>(c)).error.details).toContainEqual(expect.objectContaining({ field: 'json.buildings.0' }));
    const d = await edit(plan, { op: 'move', buildings: [plan.cells[0].buildingCodes[0]], to: plan.cells[0].label });
    expect(d.status).toBe(422);
    expect((await json<ErrorAnswer>(d)).error.code).toBe('grid.edit.no_change');
    await unchanged(plan);
  });
});

describe('op=new_cell, merge, lock', () => {
  it('makes a new cell from a selection', async () => {
    const plan = await generated(community);
    const picked = plan.cells[0].buildingCodes.slice(0, 2);
    const after = await ok(await edit(plan, { op: 'new_cell', buildings: picked }));
    expect(after.cells.length).toBe(plan.cells.length + 1);
    expect(after.cells.find((c) => c.label === after.edit!.createdCells[0])!.buildingCodes).toEqual(picked);
  });

  it('merges two touching cells and refuses cells that do not touch', async () => {
    const plan = await generated(community);
    const { from, to } = await touchingPair(plan);
    const merged = await ok(await edit(plan, { op: 'merge', cells: [from, to] }));
    expect(merged.cells.length).toBe(plan.cells.length - 1);
    expect(merged.cells.find((c) => c.label === from)!.households).toBe(
      plan.cells.find((c) => c.label === from)!.households + plan.cells.find((c) => c.label === to)!.households,
    );
    expect(merged.edit!.removedCells).toEqual([to]);
  });

  it('refuses to merge cells that do not touch', async () => {
    const plan = await generated(community);
    const touching = new Set<string>();
    const of = cellOf(plan);
    for (const [a, b] of await adjacencyOf(community)) touching.add(`${of.get(a)}|${of.get(b)}`).add(`${of.get(b)}|${of.get(a)}`);
    const labels = plan.cells.map((c) => c.label);
    const apart = labels.flatMap((x) => labels.filter((y) => y > x && !touching.has(`${x}|${y}`)).map((y) => [x, y]))[0];
    expect(apart).toBeDefined();
    const res = await edit(plan, { op: 'merge', cells: apart });
    expect(res.status).toBe(422);
    expect((await json<ErrorAnswer>(res)).error).toMatchObject({
      code: 'grid.edit.not_adjacent',
      params: { cells: [apart[1]], into: apart[0] },
    });
    await unchanged(plan);
  });

  it('says why a rebalance moves nothing: every cell already in range', async () => {
    // A copy of the published plan, which passes every check, so every cell is in range.
    const plan = await draftFrom(community, 'published');
    expect(plan.validation.ok).toBe(true);
    const refused = await edit(plan, { op: 'rebalance' });
    expect(refused.status).toBe(422);
    expect((await json<ErrorAnswer>(refused)).error).toMatchObject({
      code: 'grid.edit.rebalance_in_range',
      params: { min: plan.minHouseholds, max: plan.maxHouseholds },
    });
    await unchanged(plan);
  });

  it('locks a cell so rebalance leaves it alone', async () => {
    // Two identical drafts with two touching cells merged into one far over the maximum, so
    // rebalancing must hand buildings to the neighbours.
    const overfull = async () => {
      const plan = await generated(community, { seed: 3 });
      const { from, to } = await touchingPair(plan);
      return { plan: await ok(await edit(plan, { op: 'merge', cells: [from, to] })), big: from };
    };
    const free = await overfull();
    const rebalanced = await ok(await edit(free.plan, { op: 'rebalance' }));
    expect(rebalanced.edit!.movedBuildings).toBeGreaterThan(0);
    expect(rebalanced.edit!.notes[0]).toMatchObject({ code: 'grid.edit.rebalanced', params: { count: rebalanced.edit!.movedBuildings } });
    const members = (p: PlanAnswer, label: string) => JSON.stringify(p.cells.find((c) => c.label === label)?.buildingCodes);
    const neighbour = free.plan.cells.find((c) => c.label !== free.big && members(rebalanced, c.label) !== members(free.plan, c.label))!;
    expect(neighbour).toBeDefined();

    const guarded = await overfull();
    const locked = await ok(await edit(guarded.plan, { op: 'lock', cell: neighbour.label, locked: true }));
    expect(locked.cells.find((c) => c.label === neighbour.label)!.locked).toBe(true);
    const res = await edit(locked, { op: 'rebalance' });
    expect([200, 422]).toContain(res.status);
    const after = res.status === 200 ? await json<PlanAnswer>(res) : locked;
    expect(members(after, neighbour.label)).toBe(members(guarded.plan, neighbour.label));
  });
});

describe('op=regenerate', () => {
  it('re-partitions the unlocked part and keeps locked cells as they are', async () => {
    const plan = await generated(community);
    const keep = plan.cells[0];
    let p = await ok(await edit(plan, { op: 'lock', cell: keep.label, locked: true }));
    p = await ok(
      await call('PATCH', `/api/grid-plans/${plan.id}`, { version: p.version, minHouseholds: 200, maxHouseholds: 300 }, await planner()),
    );
    const after = await ok(await edit(p, { op: 'regenerate', seed: 5 }));
    expect(after.cells.find((c) => c.label === keep.label)!.buildingCodes).toEqual(keep.buildingCodes);
    expect(after.cells.length).toBeGreaterThan(plan.cells.length);
    const assigned = after.cells.flatMap((c) => c.buildingCodes);
    expect(new Set(assigned).size).toBe((await buildingsOf(community)).length);
    expect(after.validation.counts.overlap).toBeUndefined();
  });
});

describe('op=split_line', () => {
  it('splits a cell along a line across it, and refuses a line that misses its buildings', async () => {
    const plan = await generated(community);
    const cell = [...plan.cells].sort((a, b) => b.buildingCount - a.buildingCount)[0];
    const pts = cell.buildingCodes.map((b) => points.get(b)!);
    const xs = pts.map((p) => p[0]).sort((a, b) => a - b);
    const midLng = (xs[Math.floor(xs.length / 2) - 1] + xs[Math.floor(xs.length / 2)]) / 2;
    const lats = pts.map((p) => p[1]);
    const line = {
      type: 'LineString',
      coordinates: [
        [midLng, Math.min(...lats) - 0.01],
        [midLng, Math.max(...lats) + 0.01],
      ],
    };
    const after = await ok(await edit(plan, { op: 'split_line', cell: cell.label, line }));
    expect(after.cells.length).toBe(plan.cells.length + 1);
    const fresh = after.cells.find((c) => c.label === after.edit!.createdCells[0])!;
    const kept = after.cells.find((c) => c.label === cell.label)!;
    expect(fresh.buildingCount + kept.buildingCount).toBe(cell.buildingCount);
    const west = (codes: string[]) => codes.every((b) => points.get(b)![0] < midLng);
    const east = (codes: string[]) => codes.every((b) => points.get(b)![0] > midLng);
    expect((west(fresh.buildingCodes) && east(kept.buildingCodes)) || (east(fresh.buildingCodes) && west(kept.buildingCodes))).toBe(true);

    const miss = {
      type: 'LineString',
      coordinates: [
        [xs[0] - 0.05, lats[0]],
        [xs[0] - 0.04, lats[0]],
      ],
    };
    const res = await edit(after, { op: 'split_line', cell: cell.label, line: miss });
    expect(res.status).toBe(422);
    expect((await json<ErrorAnswer>(res)).error).toMatchObject({ code: 'grid.edit.no_split', params: { cell: cell.label } });
  });

  it('answers 400 for a line with one position', async () => {
    const plan = await generated(community);
    const res = await edit(plan, {
      op: 'split_line',
      cell: plan.cells[0].label,
      line: { type: 'LineString', coordinates: [[119.5, 32.4]] },
    });
    expect(res.status).toBe(400);
    expect((await json<ErrorAnswer>(res)).error).toMatchObject({
      code: 'grid.shape.line_too_short',
      params: { field: 'line.coordinates', positions: 1 },
      details: { reason: 'line_too_short', field: 'line.coordinates' },
    });
  });
});

describe('op=draw', () => {
  it('moves the buildings inside the outline to the cell', async () => {
    const plan = await generated(community);
    const { to, building } = await touchingPair(plan);
    const after = await ok(await edit(plan, { op: 'draw', cell: to, outline: await outlineAroundBuilding(building) }));
    expect(cellOf(after).get(building)).toBe(to);
    expect(after.validation.counts.overlap).toBeUndefined();
  });

  it('with replace, the cell gives up what lies outside the outline', async () => {
    const plan = await generated(community);
    const cell = [...plan.cells].sort((a, b) => b.buildingCount - a.buildingCount)[0];
    const keep = cell.buildingCodes[0];
    const after = await ok(
      await edit(plan, {
        op: 'draw',
        cell: cell.label,
        replace: true,
        outline: await outlineAroundBuilding(keep),
      }),
    );
    expect(after.cells.find((c) => c.label === cell.label)!.buildingCodes).toEqual([keep]);
    expect(after.validation.counts.unassigned ?? 0).toBe(0);
  });

  // The self-intersecting bow tie crosses itself at its centre, [119.505, 32.405].
  const badOutlines: [string, unknown, string, () => Record<string, unknown>][] = [
    [
      'self-intersecting',
      {
        type: 'Polygon',
        coordinates: [
          [
            [119.5, 32.4],
            [119.51, 32.41],
            [119.51, 32.4],
            [119.5, 32.41],
            [119.5, 32.4],
          ],
        ],
      },
      'grid.shape.invalid',
      () => ({ field: 'outline', reason: 'Self-intersection', location: [119.505, 32.405] }),
    ],
    [
      'unclosed',
      {
        type: 'Polygon',
        coordinates: [
          [
            [119.5, 32.4],
            [119.51, 32.4],
            [119.51, 32.41],
            [119.5, 32.41],
          ],
        ],
      },
      'grid.shape.ring_not_closed',
      () => ({ field: 'outline.coordinates[0]', start: [119.5, 32.4], end: [119.5, 32.41] }),
    ],
    [
      'too few positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [119.5, 32.4],
            [119.51, 32.4],
            [119.5, 32.4],
          ],
        ],
      },
      'grid.shape.ring_too_short',
      () => ({ field: 'outline.coordinates[0]', positions: 3 }),
    ],
    ['no ring', { type: 'Polygon', coordinates: [] }, 'grid.shape.too_few_rings', () => ({ field: 'outline.coordinates' })],
    [
      'outside the community',
      { type: 'Polygon', coordinates: [squareAround([100, 10], 50)] },
      'grid.shape.outside_community',
      () => ({ field: 'outline', community }),
    ],
    [
      'over the vertex cap',
      {
        type: 'Polygon',
        coordinates: [
          [
            ...Array.from({ length: 2100 }, (_, i) => [
              119.5 + Math.cos((i / 2100) * 2 * Math.PI) / 100,
              32.4 + Math.sin((i / 2100) * 2 * Math.PI) / 100,
            ]),
            [119.51, 32.4],
          ],
        ],
      },
      'grid.shape.too_many_vertices',
      () => ({ field: 'outline.coordinates', vertices: 2101, max: 2000 }),
    ],
  ];
  for (const [what, outline, code, params] of badOutlines) {
    it(`answers 400 for an outline ${what}, naming the problem, and leaves the draft unchanged`, async () => {
      const plan = await generated(community);
      const res = await edit(plan, { op: 'draw', cell: plan.cells[0].label, outline });
      expect(res.status).toBe(400);
      const body = await json<ErrorAnswer>(res);
      expect(body.error).toMatchObject({ code, params: params() });
      await unchanged(plan);
    });
  }

  it('answers 400 for a non-finite coordinate (1e999 overflows to Infinity)', async () => {
    const plan = await generated(community);
    const raw = `{"version":${plan.version},"op":"draw","cell":"A","outline":{"type":"Polygon","coordinates":[[[119.5,32.4],[1e999,32.4],[119.51,32.41],[119.5,32.4]]]}}`;
    const res = await (
      await testApp()
    ).request(`/api/grid-plans/${plan.id}/edits`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: await planner() },
      body: raw,
    });
    expect(res.status).toBe(400);
    expect((await json<ErrorAnswer>(res)).error.details).toContainEqual(
      expect.objectContaining({ field: 'json.outline.coordinates.0.1.0' }),
    );
    await unchanged(plan);
  });
});

describe('POST /api/grid-plans/{id}/undo and /redo', () => {
  it('undoes and redoes every step; a new edit discards the redo branch', async () => {
    const plan = await generated(community);
    const { to, building } = await touchingPair(plan);
    const moved = await ok(await edit(plan, { op: 'move', buildings: [building], to }));
    const split = await ok(await edit(moved, { op: 'new_cell', buildings: [building] }));
    expect(split.history).toEqual({ applied: 2, undone: 0, canUndo: true, canRedo: false });
    const undo1 = await ok(await call('POST', `/api/grid-plans/${plan.id}/undo`, { version: split.version }, await planner()));
    expect(undo1.cells.map((c) => c.buildingCodes)).toEqual(moved.cells.map((c) => c.buildingCodes));
    const undo2 = await ok(await call('POST', `/api/grid-plans/${plan.id}/undo`, { version: undo1.version }, await planner()));
    expect(undo2.cells.map((c) => [c.label, c.buildingCodes])).toEqual(plan.cells.map((c) => [c.label, c.buildingCodes]));
    const none = await call('POST', `/api/grid-plans/${plan.id}/undo`, { version: undo2.version }, await planner());
    expect(none.status).toBe(409);
    expect((await json<ErrorAnswer>(none)).error.code).toBe('grid.history.nothing_to_undo');
    const redo = await ok(await call('POST', `/api/grid-plans/${plan.id}/redo`, { version: undo2.version }, await planner()));
    expect(redo.cells.map((c) => c.buildingCodes)).toEqual(moved.cells.map((c) => c.buildingCodes));
    expect(redo.history).toEqual({ applied: 1, undone: 1, canUndo: true, canRedo: true });
    const branch = await ok(await edit(redo, { op: 'lock', cell: to, locked: true }));
    expect(branch.history).toEqual({ applied: 2, undone: 0, canUndo: true, canRedo: false });
    const stale = await call('POST', `/api/grid-plans/${plan.id}/redo`, { version: redo.version }, await planner());
    expect(stale.status).toBe(409);
  });
});

describe('edits need a draft', () => {
  it('answers 409 not_editable for a published plan', async () => {
    const published = await json<{ id: number; version: number; status: string }[]>(
      await call('GET', `/api/communities/${community}/grid-plans`, undefined, await planner()),
    );
    const live = published.find((p) => p.status === 'published')!;
    const res = await edit(live, { op: 'lock', cell: 'A', locked: true });
    expect(res.status).toBe(409);
    expect((await json<ErrorAnswer>(res)).error).toMatchObject({
      code: 'grid.plan.not_editable',
      params: { id: live.id, status: 'published' },
    });
  });
});
