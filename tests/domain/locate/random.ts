// Seeded random location problems and an exhaustive reference solver for the locate tests.
import type { LocateProblem } from '../../../server/src/domain/locate/problem';
import { mulberry32 } from '../../../server/src/domain/random';

/** A small deterministic PRNG so failures reproduce from the seed. */
export const prng = mulberry32;

export function randomInt(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Small problem with integer costs (ties are frequent on purpose) and some fixed sites. */
export function randomProblem(seed: number, kind: 'p-median' | 'mclp'): LocateProblem {
  const random = prng(seed);
  const demandCount = randomInt(random, 3, 9);
  const siteCount = randomInt(random, 2, 7);
  const p = randomInt(random, 1, Math.min(4, siteCount));
  const fixedCount = randomInt(random, 0, Math.min(2, p));
  return {
    problem: kind,
    p,
    radius: kind === 'mclp' ? randomInt(random, 2, 10) : undefined,
    demand: Array.from({ length: demandCount }, (_, i) => ({ id: `d${i}`, weight: randomInt(random, 0, 10) })),
    sites: Array.from({ length: siteCount }, (_, j) => ({ id: `s${j}`, fixed: j < fixedCount })),
    cost: Array.from({ length: demandCount }, () => Array.from({ length: siteCount }, () => randomInt(random, 0, 20))),
  };
}

/** Points on a 10 × 10 square; cost = Euclidean distance. Large enough to exercise the MIP. */
export function planarProblem(seed: number, demandCount: number, siteCount: number, p: number): LocateProblem {
  const random = prng(seed);
  const point = (): [number, number] => [random() * 10, random() * 10];
  const demands = Array.from({ length: demandCount }, point);
  const sites = Array.from({ length: siteCount }, point);
  return {
    problem: 'p-median',
    p,
    radius: undefined,
    demand: demands.map((_, i) => ({ id: `d${i}`, weight: randomInt(random, 1, 100) })),
    sites: sites.map((_, j) => ({ id: `s${j}`, fixed: false })),
    cost: demands.map(([x, y]) => sites.map(([u, v]) => Math.hypot(x - u, y - v))),
  };
}

/** Best objective over every set of p sites containing the fixed ones (min for p-median, max for MCLP). */
export function bruteForceObjective(problem: LocateProblem): number {
  const siteCount = problem.sites.length;
  let best = problem.problem === 'mclp' ? -Infinity : Infinity;
  for (let mask = 0; mask < 1 << siteCount; mask++) {
    const open = problem.sites.flatMap((_, j) => ((mask >> j) & 1 ? [j] : []));
    if (open.length !== problem.p) continue;
    if (problem.sites.some((site, j) => site.fixed && !open.includes(j))) continue;
    let value = 0;
    problem.demand.forEach((demand, i) => {
      const nearest = Math.min(...open.map((j) => problem.cost[i]![j]!));
      if (problem.problem === 'mclp') value += nearest <= problem.radius! ? demand.weight : 0;
      else value += demand.weight * nearest;
    });
    best = problem.problem === 'mclp' ? Math.max(best, value) : Math.min(best, value);
  }
  return best;
}
