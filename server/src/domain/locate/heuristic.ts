// Greedy add followed by Teitz–Bart vertex substitution. It is the benchmark baseline for the
// MIP and also its starting solution, so a time-limited MIP never returns worse than this.
import { effectiveCost, fixedSiteIndices, toLocateResult } from './evaluate';
import { greedyOpen } from './pMedianSearch';
import type { LocateProblem, LocateResult } from './problem';

export type HeuristicResult = Omit<LocateResult, 'status' | 'gap' | 'source'>;

/** Heuristic p-median / MCLP solution (no optimality guarantee). */
export function heuristicLocate(problem: LocateProblem): HeuristicResult {
  const startedAt = performance.now();
  const open = heuristicOpenSites(problem);
  const { objective, open: openIds, assign, solveMs } = toLocateResult(problem, open, 'optimal', null, performance.now() - startedAt);
  return { objective, open: openIds, assign, solveMs };
}

/** Indices of the sites the heuristic opens: always p of them, every fixed site included. */
export function heuristicOpenSites(problem: LocateProblem): number[] {
  const table = toTable(effectiveCost(problem), problem.sites.length);
  const fixed = fixedSiteIndices(problem);
  return substitute(table, greedyAdd(table, fixed, problem.p), new Set(fixed));
}

// Effective costs flattened row-major (demand × site): the swap loop below is the hot path and
// typed-array indexing keeps it several times faster than nested arrays.
interface CostTable {
  values: Float64Array;
  demandCount: number;
  siteCount: number;
}

function toTable(cost: number[][], siteCount: number): CostTable {
  const values = new Float64Array(cost.length * siteCount);
  cost.forEach((row, i) => values.set(row, i * siteCount));
  return { values, demandCount: cost.length, siteCount };
}

function greedyAdd(table: CostTable, fixed: readonly number[], p: number): number[] {
  return greedyOpen({ cost: table.values, demandCount: table.demandCount, siteCount: table.siteCount, p, fixed });
}

// Best-improvement swaps: each round tries every (open, closed) pair, costing the swap per demand
// from its nearest and second-nearest open sites in O(1), and applies the best one.
function substitute(table: CostTable, initial: readonly number[], fixed: ReadonlySet<number>): number[] {
  const { values, demandCount, siteCount } = table;
  const open = [...initial];
  const nearest = new Int32Array(demandCount);
  const first = new Float64Array(demandCount);
  const second = new Float64Array(demandCount);
  const maxRounds = 10 * Math.max(1, siteCount);
  for (let round = 0; round < maxRounds; round++) {
    let current = 0;
    for (let i = 0; i < demandCount; i++) {
      let [s, a, b] = [-1, Infinity, Infinity];
      for (const j of open) {
        const c = values[i * siteCount + j]!;
        if (s === -1 || c < a) [s, a, b] = [j, c, a];
        else if (c < b) b = c;
      }
      [nearest[i], first[i], second[i]] = [s, a, b];
      current += a;
    }
    const isOpen = new Uint8Array(siteCount);
    for (const j of open) isOpen[j] = 1;
    let bestDelta = -1e-9 * Math.max(1, Math.abs(current));
    let bestSwap: [slot: number, site: number] | null = null;
    for (const [slot, out] of open.entries()) {
      if (fixed.has(out)) continue;
      for (let candidate = 0; candidate < siteCount; candidate++) {
        if (isOpen[candidate]) continue;
        let delta = 0;
        for (let i = 0; i < demandCount; i++) {
          const kept = nearest[i] === out ? second[i]! : first[i]!;
          delta += Math.min(kept, values[i * siteCount + candidate]!) - first[i]!;
        }
        if (delta < bestDelta) [bestDelta, bestSwap] = [delta, [slot, candidate]];
      }
    }
    if (!bestSwap) break;
    const [slot, site] = bestSwap;
    open[slot] = site;
  }
  return open;
}
