/**
 * The integrity list flags cells below the compactness setting (a warning, so it does not block
 * publishing), and names unassigned buildings by their address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import type { Validation } from '../../server/src/contract/grid-plans';
import { type PlanAnswer, cleanUpDrafts, communityWithValidPublishedPlan, draftFrom, json, planner } from './grid-plans-helpers';

let community: string;
let plan: PlanAnswer;

let stored: unknown;

async function setMinCompactness(value: unknown): Promise<void> {
  const db = await testDb();
  await db.withClient((c) => c.query("UPDATE setting SET value = $1::jsonb WHERE key = 'grid.minCompactness'", [JSON.stringify(value)]));
}

async function validation(planId: number): Promise<Validation> {
  return json<Validation>(await call('GET', `/api/grid-plans/${planId}/validation`, undefined, await planner()));
}

beforeAll(async () => {
  await testApp();
  const published = await communityWithValidPublishedPlan();
  community = published.code;
  plan = await json<PlanAnswer>(await call('GET', `/api/grid-plans/${published.planId}`, undefined, await planner()));
  const db = await testDb();
  const { rows } = await db.withClient((c) => c.query<{ value: unknown }>("SELECT value FROM setting WHERE key = 'grid.minCompactness'"));
  expect(rows[0]?.value).toBe(0.35);
  stored = rows[0].value;
});
afterAll(async () => {
  await setMinCompactness(stored);
  await cleanUpDrafts();
});

describe('compactness', () => {
  it('flags, as warnings, exactly the cells below the setting', async () => {
    await setMinCompactness(0.99);
    const strict = await validation(plan.id);
    const flagged = strict.problems.filter((p) => p.kind === 'low_compactness');
    expect(flagged.map((p) => p.cells![0]).sort()).toEqual(plan.cells.map((c) => c.label).sort());
    expect(flagged.every((p) => p.severity === 'warning')).toBe(true);
    expect(strict.ok).toBe(true);
    expect(strict.counts.low_compactness).toBe(plan.cells.length);
    const first = flagged.find((p) => p.cells![0] === plan.cells[0].label)!;
    expect(first).toMatchObject({
      code: 'grid.problem.low_compactness',
      params: { cell: plan.cells[0].label, compactness: Math.round(plan.cells[0].compactness * 100) / 100, min: 0.99 },
    });

    // Halfway between two cells' figures, so rounding of the shown figures cannot matter.
    const sorted = plan.cells.map((c) => c.compactness).sort((a, b) => a - b);
    const k = Math.floor(sorted.length / 2);
    expect(sorted[k] - sorted[k - 1]).toBeGreaterThan(0.001);
    const middle = (sorted[k - 1] + sorted[k]) / 2;
    await setMinCompactness(middle);
    const some = await validation(plan.id);
    expect(
      some.problems
        .filter((p) => p.kind === 'low_compactness')
        .map((p) => p.cells![0])
        .sort(),
    ).toEqual(
      plan.cells
        .filter((c) => c.compactness < middle)
        .map((c) => c.label)
        .sort(),
    );

    await setMinCompactness(0);
    expect((await validation(plan.id)).counts.low_compactness).toBeUndefined();
  });
});

describe('unassigned buildings', () => {
  it('are named by address, with the code kept for zoom-to', async () => {
    const empty = await draftFrom(community, 'empty');
    const db = await testDb();
    const { rows } = await db.withClient((c) =>
      c.query<{ code: string; address: string; households: number }>(
        'SELECT code, address, households FROM building WHERE community_code = $1 ORDER BY code',
        [community],
      ),
    );
    const listed = empty.validation.problems.filter((p) => p.kind === 'unassigned');
    expect(empty.validation.counts.unassigned).toBe(rows.length);
    const first = listed.find((p) => p.buildings![0] === rows[0].code)!;
    expect(rows[0].address.length).toBeGreaterThan(0);
    expect(first.params).toMatchObject({ building: rows[0].code, address: rows[0].address, households: rows[0].households });
  });
});
