import { describe, expect, it } from 'vitest';
import { runMip, warmHighs } from '../../../server/src/domain/solver/highs';
import { MipModel } from '../../../server/src/domain/solver/model';

describe('runMip', () => {
  it('solves a knapsack and rounds binaries', async () => {
    await warmHighs();
    const model = new MipModel('maximize');
    const items = [
      [5, 4],
      [4, 3],
      [3, 2],
      [2, 1],
    ].map(([value, weight]) => [model.addBinary(value!), weight!] as const);
    model.atMost(
      items.map(([column, weight]) => [column, weight] as const),
      6,
    );
    const result = await runMip(model);
    expect(result).toMatchObject({ status: 'optimal', objective: 9, values: [0, 1, 1, 1] });
    expect(result.mipGap).toBeLessThanOrEqual(1e-4);
  });

  it('reports infeasibility without values', async () => {
    const model = new MipModel('minimize');
    const x = model.addBinary(1);
    model.atLeast([[x, 1]], 2);
    expect(await runMip(model)).toMatchObject({ status: 'infeasible', values: null, objective: null, mipGap: null });
  });

  it('answers a model without columns without calling HiGHS', async () => {
    const empty = new MipModel('minimize');
    empty.atLeast([], 0);
    expect(await runMip(empty)).toMatchObject({ status: 'optimal', objective: 0 });
    empty.atLeast([], 1);
    expect((await runMip(empty)).status).toBe('infeasible');
  });

  it('merges repeated columns in a row', async () => {
    const model = new MipModel('maximize');
    const x = model.addContinuous(0, 10, 1);
    model.atMost(
      [
        [x, 1],
        [x, 1],
      ],
      6,
    );
    expect(await runMip(model)).toMatchObject({ status: 'optimal', objective: 3 });
  });

  it('returns status error for a model HiGHS rejects, then solves the next one normally', async () => {
    const broken = new MipModel('minimize');
    broken.addContinuous(0, 1, Number.NaN);
    const failed = await runMip(broken);
    expect(failed.status).toBe('error');
    expect(failed.message).toBeTruthy();
    const model = new MipModel('minimize');
    const y = model.addBinary(2);
    model.atLeast([[y, 1]], 1);
    expect(await runMip(model)).toMatchObject({ status: 'optimal', objective: 2 });
  });
});
