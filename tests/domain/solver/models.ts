// Models for the solver tests: small ones with known answers and one that keeps HiGHS busy.
import { buildPMedianModel } from '../../../server/src/domain/locate/pMedian';
import { MipModel } from '../../../server/src/domain/solver/model';
import { planarProblem, prng } from '../locate/random';

export function knapsack(): MipModel {
  const model = new MipModel('maximize');
  const items = [
    [5, 4],
    [4, 3],
    [3, 2],
    [2, 1],
  ].map(([value, weight]) => [model.addBinary(value!), weight!] as const);
  model.atMost(items, 6);
  return model;
}

export function infeasible(): MipModel {
  const model = new MipModel('minimize');
  const x = model.addBinary(1);
  model.atLeast([[x, 1]], 2);
  return model;
}

/** Continuous and integer columns with infinite bounds on both sides. */
export function mixed(): MipModel {
  const model = new MipModel('minimize');
  const x = model.addContinuous(-Infinity, Infinity, 1);
  const n = model.addColumn({ lower: 0, upper: Infinity, cost: 3, integer: true });
  model.atLeast(
    [
      [x, 1],
      [n, 2],
    ],
    7.5,
  );
  model.atMost([[x, 1]], 0.25);
  return model;
}

/** A 20 × 8 p-median from the locate tests, with a start taken from the first p sites. */
export function smallPMedian(seed: number): { model: MipModel; start: number[] } {
  const problem = planarProblem(seed, 20, 8, 3);
  const { model, startFor } = buildPMedianModel(problem);
  return { model, start: startFor([0, 1, 2]) };
}

/**
 * Market split (Cornuéjols & Dawande): `rows` equality knapsacks over `columns` binaries with
 * slack priced in the objective. Branch and bound cannot close it quickly, so a solve runs to its
 * time limit.
 */
export function marketSplit(rows: number, columns: number, seed: number): MipModel {
  const random = prng(seed);
  const model = new MipModel('minimize');
  const x = Array.from({ length: columns }, () => model.addBinary(0));
  for (let i = 0; i < rows; i++) {
    const weights = x.map(() => Math.floor(random() * 100));
    const target = Math.floor(weights.reduce((sum, w) => sum + w, 0) / 2);
    const over = model.addContinuous(0, Infinity, 1);
    const under = model.addContinuous(0, Infinity, 1);
    model.equal([...x.map((column, j) => [column, weights[j]!] as const), [over, 1], [under, -1]], target);
  }
  return model;
}
