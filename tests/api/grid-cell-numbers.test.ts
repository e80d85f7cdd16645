/**
 * A cell keeps its number, label and code for life: a draft copied from the published plan shows
 * the published codes; a new cell takes the next number never used in the community; no edit
 * renumbers another cell; a merged-away number is not given out again; a generated proposal
 * reuses the numbers of the published cells it matches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { publishedLabels } from '../../server/src/db/grid-plan-view';
import {
  type PlanAnswer,
  adjacencyOf,
  cellOf,
  cleanUpDrafts,
  communityWithValidPublishedPlan,
  draftFrom,
  edit,
  generated,
  json,
  official,
  planner,
} from './grid-plans-helpers';

let community: string;
let published: PlanAnswer;

beforeAll(async () => {
  await testApp();
  const { code, planId } = await communityWithValidPublishedPlan();
  community = code;
  published = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${planId}`, undefined, await planner()));
});
afterAll(cleanUpDrafts);

async function ok(res: Response): Promise<PlanAnswer> {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status}: ${await res.text()}`);
  return json(res);
}

const step = async (plan: PlanAnswer, action: 'undo' | 'redo') =>
  ok(await call('POST', `/api/grid-plans/${plan.id}/${action}`, { version: plan.version }, await planner()));

/** Labels of the community's other open plans and of every cell it ever published. */
async function labelsElsewhere(planId: number): Promise<{ open: Set<string>; published: Set<string> }> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ label: string; status: string; code: string | null }>(
      `SELECT g.label, p.status, g.code FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
        WHERE p.community_code = $1 AND p.id <> $2`,
      [community, planId],
    ),
  );
  const open = rows.filter((r) => ['draft', 'submitted', 'approved', 'rejected'].includes(r.status));
  return { open: new Set(open.map((r) => r.label)), published: new Set(rows.filter((r) => r.code !== null).map((r) => r.label)) };
}

/** Two touching buildings of one cell of `plan`, and that cell. */
async function touchingInOneCell(plan: PlanAnswer): Promise<{ a: string; b: string; home: string }> {
  const of = cellOf(plan);
  const [a, b] = (await adjacencyOf(community)).find(([x, y]) => of.get(x) === of.get(y))!;
  return { a, b, home: of.get(a)! };
}

const codesByLabel = (plan: PlanAnswer) => new Map(plan.cells.map((c) => [c.label, c.code]));
const number = (code: string | null) => Number(code!.slice(-3));

describe('cell numbers', () => {
  it('the published plan is labelled 第N网格 with code …00N', () => {
    expect(published.cells.length).toBeGreaterThan(2);
    for (const cell of published.cells) expect(cell.label).toBe(`第${number(cell.code)}网格`);
  });

  it('edits of a copy keep every other cell’s code; new cells take numbers never used; merged-away numbers stay retired', async () => {
    let plan = await draftFrom(community, 'published');
    expect(codesByLabel(plan)).toEqual(codesByLabel(published));
    expect(plan.cells.every((c) => c.codeProvisional)).toBe(true);
    const highest = Math.max(...published.cells.map((c) => number(c.code)));

    // A new cell from one building of the largest cell: number highest + 1; nothing else changes.
    const big = [...plan.cells].sort((a, b) => b.buildingCount - a.buildingCount)[0];
    plan = await ok(await edit(plan, { op: 'new_cell', buildings: [big.buildingCodes[0]] }));
    const created = plan.edit!.createdCells[0];
    expect(created).toBe(`第${highest + 1}网格`);
    const withNew = codesByLabel(plan);
    expect(withNew.get(created)).toBe(`${community}${String(highest + 1).padStart(3, '0')}`);
    for (const [label, code] of codesByLabel(published)) expect(withNew.get(label)).toBe(code);

    // Merge two touching published cells: the first keeps its number, the second's is gone.
    const of = cellOf(plan);
    const [a, b] = (await adjacencyOf(community)).find(
      ([x, y]) => of.get(x) !== of.get(y) && of.get(x) !== created && of.get(y) !== created,
    )!;
    const [into, gone] = [of.get(a)!, of.get(b)!];
    plan = await ok(await edit(plan, { op: 'merge', cells: [into, gone] }));
    const merged = codesByLabel(plan);
    expect(merged.has(gone)).toBe(false);
    for (const [label, code] of withNew) if (label !== gone) expect(merged.get(label)).toBe(code);

    // Another new cell does not take the merged-away number: it is still a published code.
    const another = [...plan.cells].filter((c) => c.label !== created).sort((x, y) => y.buildingCount - x.buildingCount)[0];
    plan = await ok(await edit(plan, { op: 'new_cell', buildings: [another.buildingCodes[0]] }));
    expect(plan.edit!.createdCells[0]).toBe(`第${highest + 2}网格`);
    for (const [label, code] of merged) expect(codesByLabel(plan).get(label)).toBe(code);
  });

  it('painting a building into a neighbour leaves every code as it was', async () => {
    let plan = await draftFrom(community, 'published');
    const before = codesByLabel(plan);
    const of = cellOf(plan);
    const [a, b] = (await adjacencyOf(community)).find(([x, y]) => of.get(x) !== of.get(y))!;
    plan = await ok(await edit(plan, { op: 'move', buildings: [a], to: of.get(b) }));
    expect(cellOf(plan).get(a)).toBe(of.get(b));
    for (const [label, code] of codesByLabel(plan)) expect(code).toBe(before.get(label));
  });

  it('a generated proposal reuses the numbers of the published cells it matches and takes new ones above them', async () => {
    const plan = await generated(community, { minHouseholds: published.minHouseholds, maxHouseholds: published.maxHouseholds });
    const publishedLabels = new Set(published.cells.map((c) => c.label));
    const highest = Math.max(...published.cells.map((c) => number(c.code)));
    const reused = plan.cells.filter((c) => publishedLabels.has(c.label));
    expect(reused.length).toBe(Math.min(plan.cells.length, published.cells.length));
    for (const cell of plan.cells) {
      expect(cell.label).toMatch(/^第[1-9][0-9]*网格$/);
      expect(cell.code).toBe(`${community}${String(number(cell.code)).padStart(3, '0')}`);
      expect(cell.label).toBe(`第${number(cell.code)}网格`);
      if (!publishedLabels.has(cell.label)) expect(number(cell.code)).toBeGreaterThan(highest);
    }
  });
});

describe('redo', () => {
  it('gives a re-created cell the next free number when another draft took its number after the undo', async () => {
    const start = await draftFrom(community, 'published');
    const big = [...start.cells].sort((a, b) => b.buildingCount - a.buildingCount)[0];
    const created = await ok(await edit(start, { op: 'new_cell', buildings: [big.buildingCodes[0]] }));
    const label = created.edit!.createdCells[0];
    const undone = await step(created, 'undo');
    // Meanwhile another draft makes a new cell: the number is free again, so it takes it.
    const other = await draftFrom(community, 'published');
    const taker = await ok(await edit(other, { op: 'new_cell', buildings: [big.buildingCodes[1]] }));
    expect(taker.edit!.createdCells).toEqual([label]);

    const redone = await step(undone, 'redo');
    const renumbered = redone.edit!.createdCells[0];
    expect(renumbered).not.toBe(label);
    expect(taker.cells.map((c) => c.label)).not.toContain(renumbered);
    expect(published.cells.map((c) => c.label)).not.toContain(renumbered);
    expect(redone.cells.find((c) => c.label === renumbered)!.buildingCodes).toEqual([big.buildingCodes[0]]);
    expect(redone.edit!.notes).toContainEqual(
      expect.objectContaining({ code: 'grid.history.renumbered', params: { cell: label, to: renumbered } }),
    );
    // Undo and redo go on naming the renumbered cell.
    const again = await step(redone, 'undo');
    expect(again.cells.map((c) => c.label)).toEqual(start.cells.map((c) => c.label));
    expect((await step(again, 'redo')).edit!.createdCells).toEqual([renumbered]);
  });
});

describe('undo', () => {
  it('gives a cell brought back by undoing a merge the next free number when another draft took its number', async () => {
    const start = await draftFrom(community, 'published');
    const { a, b, home } = await touchingInOneCell(start);
    const created = await ok(await edit(start, { op: 'new_cell', buildings: [a] }));
    const label = created.edit!.createdCells[0];
    const merged = await ok(await edit(created, { op: 'merge', cells: [home, label] }));
    expect(merged.edit!.removedCells).toEqual([label]);
    // Meanwhile another draft makes a new cell: the number is free again, so it takes it.
    const taker = await ok(await edit(await draftFrom(community, 'published'), { op: 'new_cell', buildings: [b] }));
    expect(taker.edit!.createdCells).toEqual([label]);

    const undone = await step(merged, 'undo');
    const restored = undone.edit!.createdCells[0];
    expect(restored).not.toBe(label);
    expect(undone.cells.find((c) => c.label === restored)!.buildingCodes).toEqual([a]);
    expect(undone.cells.map((c) => c.label)).not.toContain(label);
    const elsewhere = await labelsElsewhere(undone.id);
    expect(elsewhere.open.has(restored)).toBe(false);
    expect(elsewhere.published.has(restored)).toBe(false);
    expect(undone.edit!.notes).toEqual([
      expect.objectContaining({ code: 'grid.history.restored_renumbered', params: { cell: label, to: restored } }),
    ]);
    // The earlier step and the redo go on naming the renumbered cell.
    const back = await step(undone, 'undo');
    expect(back.edit!.removedCells).toEqual([restored]);
    expect(back.cells.map((c) => c.label)).toEqual(start.cells.map((c) => c.label));
    const redone = await step(back, 'redo');
    expect(redone.edit!.createdCells).toEqual([restored]);
    expect(redone.edit!.notes).toEqual([]);
    expect((await step(redone, 'redo')).edit!.removedCells).toEqual([restored]);
  });

  it('gives a deleted cell brought back by undo a new number when a generated proposal took its number', async () => {
    await cleanUpDrafts();
    const start = await draftFrom(community, 'published');
    const { a, home } = await touchingInOneCell(start);
    const created = await ok(await edit(start, { op: 'new_cell', buildings: [a] }));
    const label = created.edit!.createdCells[0];
    // Painting its one building back deletes the new cell.
    const deleted = await ok(await edit(created, { op: 'move', buildings: [a], to: home }));
    expect(deleted.edit!.removedCells).toEqual([label]);
    const proposal = await generated(community, { targetCells: published.cells.length + 3 });
    expect(proposal.cells.map((c) => c.label)).toContain(label);

    const undone = await step(deleted, 'undo');
    const restored = undone.edit!.createdCells[0];
    expect(restored).not.toBe(label);
    expect(proposal.cells.map((c) => c.label)).not.toContain(restored);
    expect(published.cells.map((c) => c.label)).not.toContain(restored);
    expect(cellOf(undone).get(a)).toBe(restored);
    expect(undone.edit!.notes).toEqual([
      expect.objectContaining({ code: 'grid.history.restored_renumbered', params: { cell: label, to: restored } }),
    ]);
  });

  it('never brings back a number another plan retired by publishing: the cell undone back gets a new one', async () => {
    const originalId = published.id;
    const move = async (plan: PlanAnswer, action: 'submit' | 'approve' | 'publish', cookie: string) =>
      ok(await call('POST', `/api/grid-plans/${plan.id}/${action}`, { version: plan.version }, cookie));
    const publishCopyOf = async (plan: PlanAnswer) => {
      const submitted = await move(plan, 'submit', await planner());
      return move(await move(submitted, 'approve', await official()), 'publish', await official());
    };
    const start = await draftFrom(community, 'published');
    const of = cellOf(start);
    const [x, y] = (await adjacencyOf(community)).find(([p, q]) => of.get(p) !== of.get(q))!;
    const [into, gone] = [of.get(x)!, of.get(y)!];
    const merged = await ok(await edit(start, { op: 'merge', cells: [into, gone] }));
    // Another draft merges the same two cells and is published: `gone` is retired.
    let rival = await ok(await edit(await draftFrom(community, 'published'), { op: 'merge', cells: [into, gone] }));
    rival = await ok(
      await call(
        'PATCH',
        `/api/grid-plans/${rival.id}`,
        { version: rival.version, minHouseholds: 1, maxHouseholds: 100_000 },
        await planner(),
      ),
    );
    const now = await publishCopyOf(rival);
    expect(now.status).toBe('published');
    expect(now.cells.map((c) => c.label)).not.toContain(gone);

    const undone = await step(merged, 'undo');
    const restored = undone.edit!.createdCells[0];
    expect(restored).not.toBe(gone);
    expect((await labelsElsewhere(undone.id)).published.has(restored)).toBe(false);
    expect(undone.cells.find((c) => c.label === restored)!.buildingCodes).toEqual(
      published.cells.find((c) => c.label === gone)!.buildingCodes,
    );
    expect(undone.edit!.notes).toEqual([
      expect.objectContaining({ code: 'grid.history.restored_renumbered', params: { cell: gone, to: restored } }),
    ]);

    // Put the town's plan back for the other tests: publish a copy of the original again.
    const back = await publishCopyOf(await draftFrom(community, originalId));
    expect(codesByLabel(back)).toEqual(codesByLabel(published));
  });

  it('keeps the number of a published cell brought back by undoing a merge, though other drafts copy the same cell', async () => {
    const start = await draftFrom(community, 'published');
    const copy = await draftFrom(community, 'published');
    const of = cellOf(start);
    const [x, y] = (await adjacencyOf(community)).find(([p, q]) => of.get(p) !== of.get(q))!;
    const [into, gone] = [of.get(x)!, of.get(y)!];
    expect(copy.cells.map((c) => c.label)).toContain(gone);
    const merged = await ok(await edit(start, { op: 'merge', cells: [into, gone] }));
    const undone = await step(merged, 'undo');
    expect(undone.edit!.createdCells).toEqual([gone]);
    expect(undone.edit!.notes).toEqual([]);
    expect(codesByLabel(undone)).toEqual(codesByLabel(published));
  });
});

describe('alternative proposals', () => {
  it('number their new cells after the numbers other drafts took, never from the same ones', async () => {
    // More cells than the published plan: each proposal has cells no published cell matches.
    const more = { targetCells: published.cells.length + 3 };
    const first = await generated(community, more);
    const second = await generated(community, more);
    const publishedLabels = new Set(published.cells.map((c) => c.label));
    const fresh = (plan: PlanAnswer) => plan.cells.map((c) => c.label).filter((label) => !publishedLabels.has(label));
    const numberOf = (label: string) => Number(/^第([0-9]+)网格$/.exec(label)![1]);
    expect(fresh(first).length).toBeGreaterThan(0);
    expect(fresh(second).length).toBeGreaterThan(0);
    expect(Math.min(...fresh(second).map(numberOf))).toBeGreaterThan(Math.max(...first.cells.map((c) => numberOf(c.label))));
  });
});

describe('publishing an older draft with letter labels', () => {
  it('keeps numbered labels and numbers the others north first with numbers never published', () => {
    const cells = [
      { label: '第3网格', buildingCentre: [119.4, 32.4] as [number, number] },
      { label: 'B', buildingCentre: [119.41, 32.4] as [number, number] },
      { label: 'A', buildingCentre: [119.4, 32.41] as [number, number] },
      { label: 'C', buildingCentre: null },
    ];
    expect(publishedLabels('321012100006', cells, new Set(['第1网格', '第4网格']))).toEqual(['第3网格', '第5网格', '第2网格', null]);
  });
});
