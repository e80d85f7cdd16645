/** The generator aims at a number of cells as an alternative to a household range. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import { buildingsOf, cleanUpDrafts, communityWithValidPublishedPlan, generated, json, planner } from './grid-plans-helpers';

let community: string;
let households: number;

beforeAll(async () => {
  await testApp();
  ({ code: community } = await communityWithValidPublishedPlan());
  households = (await buildingsOf(community)).reduce((s, b) => s + b.households, 0);
});
afterAll(cleanUpDrafts);

describe('POST /api/communities/{code}/grid-plans/generate with targetCells', () => {
  for (const target of [4, 7]) {
    it(`makes ${target} cells, each within the range it chose around households ÷ ${target}`, async () => {
      const plan = await generated(community, { targetCells: target });
      expect(plan.cells.length).toBe(target);
      expect(plan.minHouseholds).toBeLessThanOrEqual(households / target);
      expect(plan.maxHouseholds).toBeGreaterThanOrEqual(households / target);
      for (const cell of plan.cells) expect(cell.inRange).toBe(true);
      expect(plan.generation!.reasons[0]).toMatchObject({
        code: 'grid.plan.target_cells',
        params: { target, cells: target, min: plan.minHouseholds, max: plan.maxHouseholds },
      });
      expect(plan.name).toBe(`自动生成 ${target} 个网格`);
    });
  }

  it('answers 400 naming the field for a target that is not a positive whole number', async () => {
    const res = await call('POST', `/api/communities/${community}/grid-plans/generate`, { targetCells: 0 }, await planner());
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json<unknown>(res))).toContain('targetCells');
  });
});
