import { beforeAll, describe, expect, it } from 'vitest';
import { heuristicLocate, solveLocation, type LocateProblem, type LocateResult } from '../../../server/src/domain/locate';
import { warmHighs } from '../../../server/src/domain/solver/highs';
import { bruteForceObjective, planarProblem, randomProblem } from './random';

beforeAll(async () => {
  await warmHighs();
}, 30_000);

/** The result is a valid plan for the problem and its objective is what its assignment implies. */
function expectConsistent(problem: LocateProblem, result: Pick<LocateResult, 'open' | 'assign' | 'objective'>): void {
  expect(result.open).toHaveLength(problem.p);
  expect(new Set(result.open).size).toBe(problem.p);
  for (const site of problem.sites) if (site.fixed) expect(result.open).toContain(site.id);
  const siteIndex = new Map(problem.sites.map((site, j) => [site.id, j]));
  let objective = 0;
  problem.demand.forEach((demand, i) => {
    const assigned = siteIndex.get(result.assign[demand.id] ?? '');
    expect(assigned).toBeDefined();
    expect(result.open).toContain(result.assign[demand.id]);
    const cost = problem.cost[i]![assigned!]!;
    const nearest = Math.min(...result.open.map((id) => problem.cost[i]![siteIndex.get(id)!]!));
    expect(cost).toBe(nearest); // assigned to its nearest open site, covered or not
    if (problem.problem === 'mclp') objective += cost <= problem.radius! ? demand.weight : 0;
    else objective += demand.weight * cost;
  });
  expect(result.objective).toBeCloseTo(objective, 6);
}

describe('solveLocation p-median', () => {
  it.each(Array.from({ length: 20 }, (_, k) => 100 + k))('matches brute force on random instance %i', async (seed) => {
    const problem = randomProblem(seed, 'p-median');
    const result = await solveLocation(problem);
    expect(result.status).toBe('optimal');
    expectConsistent(problem, result);
    expect(result.objective).toBeCloseTo(bruteForceObjective(problem), 6);
  });

  it('solves a hand-checked instance: two clusters, p = 2', async () => {
    const problem: LocateProblem = {
      problem: 'p-median',
      p: 2,
      radius: undefined,
      demand: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
        { id: 'c', weight: 5 },
      ],
      sites: [
        { id: 'west', fixed: false },
        { id: 'mid', fixed: false },
        { id: 'east', fixed: false },
      ],
      cost: [
        [0, 5, 10],
        [1, 4, 9],
        [10, 5, 0],
      ],
    };
    const result = await solveLocation(problem);
    expect(result).toMatchObject({ status: 'optimal', objective: 1, open: ['west', 'east'], assign: { a: 'west', b: 'west', c: 'east' } });
    expect(result.gap).toBeLessThan(1e-6);
  });

  it('keeps a fixed site open even when it is a poor choice', async () => {
    const problem: LocateProblem = {
      problem: 'p-median',
      p: 1,
      radius: undefined,
      demand: [{ id: 'a', weight: 1 }],
      sites: [
        { id: 'near', fixed: false },
        { id: 'far', fixed: true },
      ],
      cost: [[1, 100]],
    };
    expect(await solveLocation(problem)).toMatchObject({ status: 'optimal', objective: 100, open: ['far'] });
  });

  it('stops at the time limit with an incumbent and a gap instead of hanging', async () => {
    const problem = planarProblem(7, 700, 100, 10);
    const startedAt = performance.now();
    // The exact search proves this instance in well under a second; a zero limit stops it before its first node.
    const result = await solveLocation(problem, { timeLimitSeconds: 0 });
    const elapsedMs = performance.now() - startedAt;
    expect(result.status).toBe('time_limit');
    expectConsistent(problem, result);
    // Stopped before the root bound: the only proven bound is 0, so the gap is the whole objective.
    expect(result.gap).toBe(1);
    expect(result.source).toBe('heuristic');
    expect(result.objective).toBeLessThanOrEqual(heuristicLocate(problem).objective + 1e-6);
    expect(elapsedMs).toBeLessThan(10_000);
  }, 30_000);
});

describe('solveLocation mclp', () => {
  it.each(Array.from({ length: 20 }, (_, k) => 300 + k))('matches brute force on random instance %i', async (seed) => {
    const problem = randomProblem(seed, 'mclp');
    const result = await solveLocation(problem);
    expect(result.status).toBe('optimal');
    expectConsistent(problem, result);
    expect(result.objective).toBeCloseTo(bruteForceObjective(problem), 6);
  });

  it('assigns uncovered demand to its nearest open site and does not count it', async () => {
    const problem: LocateProblem = {
      problem: 'mclp',
      p: 1,
      radius: 2,
      demand: [
        { id: 'big', weight: 10 },
        { id: 'small', weight: 1 },
      ],
      sites: [
        { id: 's', fixed: false },
        { id: 't', fixed: false },
      ],
      cost: [
        [1, 9],
        [5, 2],
      ],
    };
    expect(await solveLocation(problem)).toMatchObject({ objective: 10, open: ['s'], assign: { big: 's', small: 's' } });
  });
});

describe('heuristicLocate', () => {
  it.each(Array.from({ length: 20 }, (_, k) => 500 + k))('returns a valid plan never better than the optimum (seed %i)', (seed) => {
    for (const kind of ['p-median', 'mclp'] as const) {
      const problem = randomProblem(seed, kind);
      const result = heuristicLocate(problem);
      expectConsistent(problem, result);
      const optimum = bruteForceObjective(problem);
      if (kind === 'mclp') expect(result.objective).toBeLessThanOrEqual(optimum + 1e-9);
      else expect(result.objective).toBeGreaterThanOrEqual(optimum - 1e-9);
    }
  });

  it('swaps away from the greedy choice when a pair of sites beats it', () => {
    // Greedy opens the central site first; only a swap reaches the optimal pair {left, right}.
    const problem: LocateProblem = {
      problem: 'p-median',
      p: 2,
      radius: undefined,
      demand: [
        { id: 'l1', weight: 1 },
        { id: 'l2', weight: 1 },
        { id: 'r1', weight: 1 },
        { id: 'r2', weight: 1 },
      ],
      sites: [
        { id: 'centre', fixed: false },
        { id: 'left', fixed: false },
        { id: 'right', fixed: false },
        { id: 'far', fixed: false },
      ],
      cost: [
        [2, 0, 4, 9],
        [2, 0, 4, 9],
        [2, 4, 0, 9],
        [2, 4, 0, 9],
      ],
    };
    expect(heuristicLocate(problem)).toMatchObject({ objective: 0, open: ['left', 'right'] });
  });
});
