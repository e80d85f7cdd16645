import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
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

beforeAll(async () => {
  await testApp();
  ({ code: community, planId: publishedId } = await communityWithValidPublishedPlan());
});
afterAll(cleanUpDrafts);

async function step(
  plan: { id: number; version: number },
  action: string,
  who: string,
  body: Record<string, unknown> = {},
): Promise<Response> {
  return call('POST', `/api/grid-plans/${plan.id}/${action}`, { version: plan.version, ...body }, who);
}

async function ok(res: Response): Promise<PlanAnswer & Record<string, unknown>> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return json(res);
}

describe('submit → approve → reject / reopen', () => {
  it('refuses to submit a draft that fails an integrity check, listing the failures', async () => {
    const empty = await draftFrom(community, 'empty');
    const res = await step(empty, 'submit', await planner());
    expect(res.status).toBe(422);
    const body = await json<ErrorAnswer & { error: { details: { problems: { kind: string; code: string }[] } } }>(res);
    const checks = await json<{ errors: number }>(await call('GET', `/api/grid-plans/${empty.id}/validation`, undefined, await planner()));
    expect(body.error).toMatchObject({ code: 'grid.plan.integrity_failed', params: { action: 'submit', count: checks.errors } });
    expect(body.error.details.problems).toContainEqual(expect.objectContaining({ kind: 'unassigned', code: 'grid.problem.unassigned' }));
  });

  it('lets only officials approve, and a rejected plan be reopened as a draft', async () => {
    const draft = await draftFrom(community, 'published');
    const submitted = await ok(await step(draft, 'submit', await planner()));
    expect(submitted.status).toBe('submitted');
    expect((await step(submitted, 'approve', await planner())).status).toBe(403);
    const locked = await edit(submitted, { op: 'lock', cell: submitted.cells[0].label, locked: true });
    expect(locked.status).toBe(409);
    expect((await json<ErrorAnswer>(locked)).error).toMatchObject({
      code: 'grid.plan.not_editable',
      params: { id: submitted.id, status: 'submitted' },
    });
    const rejected = await ok(await step(submitted, 'reject', await official(), { reason: '第三网格过大' }));
    expect(rejected).toMatchObject({ status: 'rejected', notes: '第三网格过大' });
    const early = await step(rejected, 'publish', await official());
    expect(early.status).toBe(409);
    expect((await json<ErrorAnswer>(early)).error).toMatchObject({
      code: 'grid.plan.wrong_status',
      params: { status: 'rejected', action: 'publish', allowed: ['approved'] },
    });
    const reopened = await ok(await step(rejected, 'reopen', await planner()));
    expect(reopened.status).toBe('draft');
    const stale = await step(reopened, 'submit', await planner(), { version: reopened.version - 1 });
    expect(stale.status).toBe(409);
    expect((await json<ErrorAnswer>(stale)).error).toMatchObject({ code: 'stale_version', details: { currentVersion: reopened.version } });
    const after = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${reopened.id}`, undefined, await planner()));
    expect(after).toMatchObject({ status: 'draft', version: reopened.version });
  });
});

describe('POST /api/grid-plans/{id}/publish', () => {
  it('refuses a plan that fails a check, with the list of failures, and changes nothing', async () => {
    const draft = await draftFrom(community, 'published');
    const approved = await ok(await step(await ok(await step(draft, 'submit', await planner())), 'approve', await official()));
    // A building loses its cell after approval (e.g. imported data changed underneath).
    const db = await testDb();
    const lost = approved.cells[0].buildingCodes[0];
    await db.withClient((c) => c.query('DELETE FROM cell_building WHERE plan_id = $1 AND building_code = $2', [approved.id, lost]));
    const res = await step(approved, 'publish', await official());
    expect(res.status).toBe(422);
    const body = await json<{ error: { code: string; details: { problems: { kind: string; buildings?: string[] }[] } } }>(res);
    // The building is in no cell, and its atom is a gap no cell covers: two failures.
    expect(body.error).toMatchObject({ code: 'grid.plan.integrity_failed', params: { action: 'publish', count: 2 } });
    expect(body.error.details.problems.map((p) => p.kind).sort()).toEqual(['gap', 'unassigned']);
    expect(body.error.details.problems).toContainEqual(
      expect.objectContaining({
        kind: 'unassigned',
        code: 'grid.problem.unassigned',
        buildings: [lost],
        params: expect.objectContaining({ building: lost }),
      }),
    );
    const after = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${approved.id}`, undefined, await planner()));
    expect(after.status).toBe('approved');
    const list = await json<{ id: number; status: string }[]>(
      await call('GET', `/api/communities/${community}/grid-plans`, undefined, await planner()),
    );
    expect(list.find((p) => p.status === 'published')!.id).toBe(publishedId);
  });

  it('publishes in one go: codes west→east, old cells closed, lineage, responsibilities re-pointed', async () => {
    const db = await testDb();
    const q = <R>(sql: string, params: unknown[] = []) => db.withClient((c) => c.query<R>(sql, params)).then((r) => r.rows);
    const oldCells = await q<{ id: number; code: string }>('SELECT id::int AS id, code FROM grid_cell WHERE plan_id = $1 ORDER BY code', [
      publishedId,
    ]);
    const openBefore = await q<{ person: number; role: string; code: string }>(
      `SELECT a.person_id::int AS person, a.role, g.code FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
        WHERE g.plan_id = $1 AND a.valid_to IS NULL ORDER BY 1, 2`,
      [publishedId],
    );
    expect(openBefore.length).toBeGreaterThan(0);

    // The new plan: the published one with one border building moved to its neighbour, both
    // cells staying in range and in one piece (tried pair by pair; a failing try is undone). The
    // building is one the published plan holds (another test file may have added buildings since).
    let plan = await draftFrom(community, 'published');
    const of = cellOf(plan);
    const heldBefore = new Set(
      (await q<{ code: string }>('SELECT building_code AS code FROM cell_building WHERE plan_id = $1', [publishedId])).map((r) => r.code),
    );
    let moved: string | null = null;
    const borders = (await adjacencyOf(community)).filter(([a, b]) => of.get(a) !== of.get(b) && heldBefore.has(a) && heldBefore.has(b));
    for (const [a, b] of borders.slice(0, 40)) {
      const res = await edit(plan, { op: 'move', buildings: [a], to: of.get(b) });
      const next = await ok(res);
      if (next.validation.ok) {
        plan = next;
        moved = a;
        break;
      }
      plan = await ok(await step(next, 'undo', await planner()));
    }
    expect(moved).not.toBeNull();
    plan = await ok(await step(plan, 'submit', await planner()));
    plan = await ok(await step(plan, 'approve', await official()));
    const published = await ok(await step(plan, 'publish', await official()));
    expect(published.status).toBe('published');
    const report = published.publish as {
      codes: { code: string }[];
      archivedPlanId: number;
      retiredCells: { id: number }[];
      lineage: { parentCode: string; childCode: string; households: number }[];
      responsibilities: {
        personId: number;
        role: string;
        fromCell: { code: string };
        toCell: { code: string } | null;
        newAssignmentId: number | null;
      }[];
    };
    expect(report.archivedPlanId).toBe(publishedId);
    expect(report.retiredCells.map((c) => c.id).sort()).toEqual(oldCells.map((c) => c.id).sort());

    // Codes: 001.. in reading order (north first, west first within a band), stored on the cells.
    const cells = published.cells;
    expect(cells.map((c) => c.code)).toEqual(cells.map((_, i) => `${community}${String(i + 1).padStart(3, '0')}`));
    expect(cells.every((c) => !c.codeProvisional)).toBe(true);
    const northOf = (c: (typeof cells)[number]) => Math.max(...c.geometry!.coordinates.flat(2).map((p) => p[1]));
    expect(northOf(cells[0])).toBeGreaterThanOrEqual(Math.min(...cells.map(northOf)));

    // The old plan is archived and its cells carry an end date.
    const old = await q<{ status: string; open: number }>(
      `SELECT p.status, (SELECT count(*)::int FROM grid_cell g WHERE g.plan_id = p.id AND g.valid_to IS NULL) AS open FROM grid_plan p WHERE p.id = $1`,
      [publishedId],
    );
    expect(old[0]).toEqual({ status: 'archived', open: 0 });

    // Lineage: every old building's households accounted for, parent → child.
    const lineage = await q<{ households: number }>(
      'SELECT households FROM cell_lineage WHERE parent_cell_id IN (SELECT id FROM grid_cell WHERE plan_id = $1)',
      [publishedId],
    );
    expect(lineage.reduce((s, r) => s + r.households, 0)).toBe(published.metrics!.households);
    expect(report.lineage.length).toBe(lineage.length);
    // One old cell gave a building to another: it has two children.
    expect(report.lineage.length).toBe(oldCells.length + 1);

    // Each open responsibility moved to the child that took most of its cell's households.
    expect(report.responsibilities.length).toBe(openBefore.length);
    for (const r of report.responsibilities) {
      const heir = report.lineage.filter((l) => l.parentCode === r.fromCell.code).sort((a, b) => b.households - a.households)[0];
      expect(r.toCell?.code).toBe(heir.childCode);
    }
    const openAfter = await q<{ person: number; role: string; code: string }>(
      `SELECT DISTINCT a.person_id::int AS person, a.role, g.code FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
        WHERE g.plan_id = $1 AND a.valid_to IS NULL ORDER BY 1, 2`,
      [published.id],
    );
    expect(new Set(openAfter.map((a) => `${a.person}/${a.role}`))).toEqual(new Set(openBefore.map((a) => `${a.person}/${a.role}`)));
    const stillOpenOnOld = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id WHERE g.plan_id = $1 AND a.valid_to IS NULL',
      [publishedId],
    );
    expect(stillOpenOnOld[0].n).toBe(0);

    // Lookup now answers with the new cell.
    const building = published.cells[0].buildingCodes[0];
    const coverage = await json<{ cell: { code: string; planId: number } }>(
      await call('GET', `/api/buildings/${building}/coverage`, undefined, await loginAs('admin')),
    );
    expect(coverage.cell).toMatchObject({ code: published.cells[0].code, planId: published.id });

    // Restore the town's plan for the other test files: publish a copy of the original again.
    let restore = await draftFrom(community, publishedId);
    restore = await ok(await step(restore, 'submit', await planner()));
    restore = await ok(await step(restore, 'approve', await official()));
    restore = await ok(await step(restore, 'publish', await official()));
    const codeOf = (rows: { code: string | null; buildingCodes: string[] }[]) =>
      new Map(rows.map((c) => [c.buildingCodes.join(','), c.code]));
    const original = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${publishedId}`, undefined, await planner()));
    expect(codeOf(restore.cells)).toEqual(codeOf(original.cells));
    publishedId = restore.id;
  });
});
