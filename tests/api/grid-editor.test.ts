/**
 * The grid editor's workflow around the edits: naming cells (versioned, logged, undoable,
 * audited), English texts that read "Cell 2" instead of "Cell 第2网格", the publish preview the
 * confirmation shows, the picker's status per community in one statement, and new cell numbers
 * that two drafts of one community never share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { msg } from '../../server/src/contract/messages';
import type { CommunityPlanStatus, PublishPreview } from '../../server/src/contract/grid-plans';
import { call, testApp } from '../helpers/app';
import { countingDb } from '../helpers/counting-db';
import { testDb } from '../helpers/db';
import {
  type ErrorAnswer,
  type PlanAnswer,
  adjacencyOf,
  cellOf,
  cleanUpDrafts,
  communityWithValidPublishedPlan,
  draftFrom,
  edit,
  json,
  official,
  planner,
} from './grid-plans-helpers';

let community: string;
let publishedId: number;

const q = async <R>(sql: string, params: unknown[] = []) => (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;

beforeAll(async () => {
  await testApp();
  ({ code: community, planId: publishedId } = await communityWithValidPublishedPlan());
});
afterAll(cleanUpDrafts);

async function ok(res: Response): Promise<PlanAnswer> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return json(res);
}

describe('naming a cell', () => {
  it('names a cell beside its label, logs and audits it, and undo takes the name back', async () => {
    let plan = await draftFrom(community, 'published');
    const cell = plan.cells[0];
    expect(cell.name).toBe('');
    plan = await ok(await edit(plan, { op: 'rename', cell: cell.label, name: '  福星新村片 ' }));
    const renamed = plan.cells.find((c) => c.label === cell.label)!;
    expect(renamed).toMatchObject({ label: cell.label, code: cell.code, name: '福星新村片', buildingCodes: cell.buildingCodes });
    expect(plan.edit).toMatchObject({ op: 'rename', movedBuildings: 0, createdCells: [], removedCells: [] });
    const audit = await q<{ after: { op: string } }>(
      "SELECT after FROM audit_log WHERE entity = 'grid_plan' AND entity_id = $1 AND action = 'grid_edit.rename'",
      [String(plan.id)],
    );
    expect(audit).toHaveLength(1);

    const undone = await ok(await call('POST', `/api/grid-plans/${plan.id}/undo`, { version: plan.version }, await planner()));
    expect(undone.cells.find((c) => c.label === cell.label)!.name).toBe('');
    const redone = await ok(await call('POST', `/api/grid-plans/${plan.id}/redo`, { version: undone.version }, await planner()));
    expect(redone.cells.find((c) => c.label === cell.label)!.name).toBe('福星新村片');

    // A copy of the draft carries the name along.
    const copy = await draftFrom(community, plan.id);
    expect(copy.cells.find((c) => c.label === cell.label)!.name).toBe('福星新村片');
  });

  it('refuses an unknown cell (400, naming it in English as "cell 99") and a name over 40 characters, changing nothing', async () => {
    const plan = await draftFrom(community, 'published');
    const unknown = await edit(plan, { op: 'rename', cell: '第99网格', name: 'x' });
    expect(unknown.status).toBe(400);
    const body = await json<ErrorAnswer>(unknown);
    expect(body.error).toMatchObject({ code: 'grid.edit.unknown_cell', params: { cell: '第99网格' } });
    expect(body.error.message).toBe('There is no cell 99 in this plan');
    const long = await edit(plan, { op: 'rename', cell: plan.cells[0].label, name: '片'.repeat(41) });
    expect(long.status).toBe(400);
    const after = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${plan.id}`, undefined, await planner()));
    expect(after.version).toBe(plan.version);
  });
});

describe('a named cell once published', () => {
  it('keeps its name through publishing, and lookup and the roster show it', async () => {
    const step = async (plan: { id: number; version: number }, action: string, cookie: string) =>
      ok(await call('POST', `/api/grid-plans/${plan.id}/${action}`, { version: plan.version }, cookie));
    let plan = await draftFrom(community, 'published');
    const cell = plan.cells[0];
    plan = await ok(await edit(plan, { op: 'rename', cell: cell.label, name: '福星新村片' }));
    plan = await step(plan, 'submit', await planner());
    plan = await step(plan, 'approve', await official());
    plan = await step(plan, 'publish', await official());
    try {
      expect(plan.cells.find((c) => c.code === cell.code)).toMatchObject({ label: cell.label, name: '福星新村片' });
      const coverage = await json<{ cell: { code: string; label: string; name: string } }>(
        await call('GET', `/api/buildings/${cell.buildingCodes[0]}/coverage`, undefined, await planner()),
      );
      expect(coverage.cell).toMatchObject({ code: cell.code, label: cell.label, name: '福星新村片' });
      const roster = await json<{ cells: { code: string; name: string }[] }>(
        await call('GET', `/api/roster?community=${community}`, undefined, await planner()),
      );
      expect(roster.cells.find((c) => c.code === cell.code)!.name).toBe('福星新村片');
      expect(roster.cells.filter((c) => c.name !== '').map((c) => c.code)).toEqual([cell.code]);
    } finally {
      // Put the town's plan back for the other test files: publish a copy of the original again.
      let restore = await draftFrom(community, publishedId);
      restore = await step(restore, 'submit', await planner());
      restore = await step(restore, 'approve', await official());
      restore = await step(restore, 'publish', await official());
      publishedId = restore.id;
    }
  });
});

describe('cell labels in English messages', () => {
  it('reads 第N网格 as its number, so a message says "Cell 2", never "Cell 第2网格"', () => {
    expect(msg('grid.problem.out_of_range', { cell: '第2网格', households: 120, min: 300, max: 500 }).message).toBe(
      'Cell 2 has 120 households (range 300–500)',
    );
    expect(msg('grid.edit.not_adjacent', { cells: ['第3网格', '第12网格'], into: '第1网格', count: 2 }).message).toBe(
      'Cells 3, 12 do not touch cell 1; the merged cell would be in pieces',
    );
    // Letter labels of older drafts are left as they are.
    expect(msg('grid.problem.empty_cell', { cell: 'B' }).message).toBe('Cell B has no building');
  });
});

describe('GET /api/grid-plans/{id}/publish-preview', () => {
  it('for an unchanged copy: no cell closes, no building moves, no responsibility is re-pointed', async () => {
    const plan = await draftFrom(community, 'published');
    const preview = await json<PublishPreview>(await call('GET', `/api/grid-plans/${plan.id}/publish-preview`, undefined, await planner()));
    const open = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id WHERE g.plan_id = $1 AND a.valid_to IS NULL',
      [publishedId],
    );
    expect(preview).toEqual({
      planId: plan.id,
      archivedPlanId: publishedId,
      closingCells: [],
      newCells: [],
      keptCells: plan.cells.length,
      movedBuildings: 0,
      movedHouseholds: 0,
      responsibilities: { total: open[0].n, repointed: 0, withoutSuccessor: 0 },
    });
  });

  it('after a merge: names the closing cell, counts its buildings and the responsibilities that move, and writes nothing', async () => {
    let plan = await draftFrom(community, 'published');
    const of = cellOf(plan);
    const [a, b] = (await adjacencyOf(community)).find(([x, y]) => of.get(x) !== of.get(y))!;
    const [into, gone] = [of.get(a)!, of.get(b)!];
    const goneCell = plan.cells.find((c) => c.label === gone)!;
    plan = await ok(await edit(plan, { op: 'merge', cells: [into, gone] }));
    const [{ households }] = await q<{ households: number }>(
      'SELECT coalesce(sum(households), 0)::int AS households FROM building WHERE code IN (SELECT json_array_elements_text($1::json))',
      [JSON.stringify(goneCell.buildingCodes)],
    );
    const openOnGone = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
        WHERE g.plan_id = $1 AND g.code = $2 AND a.valid_to IS NULL`,
      [publishedId, goneCell.code],
    );
    const lineageBefore = await q<{ n: number }>('SELECT count(*)::int AS n FROM cell_lineage');

    const res = await call('GET', `/api/grid-plans/${plan.id}/publish-preview`, undefined, await planner());
    expect(res.status).toBe(200);
    const preview = await json<PublishPreview>(res);
    expect(preview.closingCells).toEqual([{ code: goneCell.code, label: gone, name: '' }]);
    expect(preview.newCells).toEqual([]);
    expect(preview.keptCells).toBe(plan.cells.length);
    expect(preview.movedBuildings).toBe(goneCell.buildingCount);
    expect(preview.movedHouseholds).toBe(households);
    expect(preview.responsibilities.repointed).toBe(openOnGone[0].n);
    expect(preview.responsibilities.withoutSuccessor).toBe(0);

    const after = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${plan.id}`, undefined, await planner()));
    expect(after.version).toBe(plan.version);
    expect(await q<{ n: number }>('SELECT count(*)::int AS n FROM cell_lineage')).toEqual(lineageBefore);
  });

  it('answers 404 for an unknown plan', async () => {
    expect((await call('GET', '/api/grid-plans/999999/publish-preview', undefined, await planner())).status).toBe(404);
  });
});

describe('GET /api/grid-plans/status', () => {
  const statuses = async () => json<CommunityPlanStatus[]>(await call('GET', '/api/grid-plans/status', undefined, await planner()));

  it('counts each community’s open plans and the published plan’s problems', async () => {
    const before = (await statuses()).find((s) => s.communityCode === community)!;
    const draft = await draftFrom(community, 'published');
    await ok(await call('POST', `/api/grid-plans/${draft.id}/submit`, { version: draft.version }, await planner()));
    await draftFrom(community, 'empty');
    const all = await statuses();
    const communities = await q<{ code: string }>('SELECT code FROM community ORDER BY code');
    expect(all.map((s) => s.communityCode)).toEqual(communities.map((c) => c.code));
    const now = all.find((s) => s.communityCode === community)!;
    expect(now).toMatchObject({ drafts: before.drafts + 1, submitted: before.submitted + 1, publishedPlanId: publishedId });
    // This community's published plan passes every check: nothing out of range, nothing unassigned.
    expect(now).toMatchObject({ outOfRangeCells: 0, unassignedBuildings: 0 });

    // Against a plain count for every community: buildings in no cell of its published plan.
    const unassigned = await q<{ code: string; n: number }>(
      `SELECT m.code, (SELECT count(*)::int FROM building b WHERE b.community_code = m.code AND b.code NOT IN (
                SELECT cb.building_code FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id
                 WHERE p.community_code = m.code AND p.status = 'published')) AS n
         FROM community m ORDER BY m.code`,
    );
    expect(all.map((s) => [s.communityCode, s.unassignedBuildings])).toEqual(unassigned.map((r) => [r.code, r.n]));
  });

  it('reports a published plan’s out-of-range cells', async () => {
    // Narrow the published plan's range so its smallest cell falls below it, then put it back.
    const [plan] = await q<{ min: number; smallest: number }>(
      `SELECT p.min_households AS min, (SELECT min(h)::int FROM (SELECT sum(b.households) AS h FROM grid_cell g
                JOIN cell_building cb ON cb.cell_id = g.id JOIN building b ON b.code = cb.building_code
               WHERE g.plan_id = p.id GROUP BY g.id) s) AS smallest
         FROM grid_plan p WHERE p.id = $1`,
      [publishedId],
    );
    await q('UPDATE grid_plan SET min_households = $2 WHERE id = $1', [publishedId, plan.smallest + 1]);
    try {
      const now = (await statuses()).find((s) => s.communityCode === community)!;
      const [expected] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT sum(b.households) AS h FROM grid_cell g JOIN cell_building cb ON cb.cell_id = g.id
            JOIN building b ON b.code = cb.building_code WHERE g.plan_id = $1 GROUP BY g.id) s WHERE h < $2`,
        [publishedId, plan.smallest + 1],
      );
      expect(expected.n).toBeGreaterThan(0);
      expect(now.outOfRangeCells).toBe(expected.n);
    } finally {
      await q('UPDATE grid_plan SET min_households = $2 WHERE id = $1', [publishedId, plan.min]);
    }
  });

  it('is one statement on plans however many communities there are', async () => {
    const counted = countingDb(await testDb());
    const app = createApp({ db: counted });
    counted.reset();
    const res = await app.request('/api/grid-plans/status', { headers: { Cookie: await planner() } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(1);
    expect(counted.statements.filter((s) => s.includes('grid_plan'))).toHaveLength(1);
  });
});

describe('new cell numbers across drafts', () => {
  it('a second draft’s new cell does not take the number a first draft gave its new cell', async () => {
    const [{ highest }] = await q<{ highest: number }>(
      `SELECT max(right(g.code, 3)::int)::int AS highest FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
        WHERE p.community_code = $1 AND g.code IS NOT NULL`,
      [community],
    );
    const first = await draftFrom(community, 'published');
    const second = await draftFrom(community, 'published');
    const one = await ok(await edit(first, { op: 'new_cell', buildings: [first.cells[0].buildingCodes[0]] }));
    const two = await ok(await edit(second, { op: 'new_cell', buildings: [second.cells[1].buildingCodes[0]] }));
    expect(one.edit!.createdCells).toEqual([`第${highest + 1}网格`]);
    expect(two.edit!.createdCells).toEqual([`第${highest + 2}网格`]);
    // Once the first draft is gone its number is free again.
    expect((await call('DELETE', `/api/grid-plans/${first.id}?version=${one.version}`, undefined, await planner())).status).toBe(204);
    const three = await ok(await edit(two, { op: 'new_cell', buildings: [two.cells[2].buildingCodes[0]] }));
    expect(three.edit!.createdCells).toEqual([`第${highest + 1}网格`]);
  });
});
