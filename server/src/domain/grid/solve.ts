// Partitions one connected graph into cells: several seeded attempts of region growing, chain
// repair and local search, keeping the best by (range violation, objective); cells still out of
// range are then re-solved together with their neighbours.
import { type Outcome, attemptSettings, isBetter, runAttempt } from './attempt';
import type { NodeGraph } from './graph';
import type { Bounds } from './layout';
import { resolveNeighbourhoods } from './neighbourhood';
import { deriveSeed } from '../random';

/** Attempts are cheap on a community; keep the total work of large inputs bounded. */
const ATTEMPT_BUDGET_NODES = 4000;
const MAX_ATTEMPTS = 8;

export interface SolveOptions {
  bounds: Bounds;
  seed: number;
  maxIterations: number;
  /** Pull cells towards the target after reaching the range (default true). */
  tighten?: boolean;
}

/** Cell count for a total: the one nearest total/target that the range allows, if any does. */
export function chooseCellCount(households: number, min: number, max: number): number {
  const target = (min + max) / 2;
  const ideal = Math.max(1, Math.round(households / target));
  const low = Math.max(1, Math.ceil(households / max));
  const high = Math.floor(households / min);
  if (low <= high) return Math.min(Math.max(ideal, low), high);
  // No count fits: take the one that leaves the fewest households out of range.
  const shortfall = (k: number) => Math.max(0, households - k * max) + Math.max(0, k * min - households);
  if (high < 1) return low;
  return shortfall(low) < shortfall(high) ? low : shortfall(high) < shortfall(low) ? high : ideal;
}

/** Cell per node for a connected graph, cells numbered 0..cellCount-1. */
export function solveComponent(g: NodeGraph, options: SolveOptions): { part: Int32Array; cellCount: number } {
  const { bounds } = options;
  let households = 0;
  for (let v = 0; v < g.size; v++) households += g.weight[v];
  const k0 = Math.min(chooseCellCount(households, bounds.min, bounds.max), g.size);
  if (k0 <= 1) return { part: new Int32Array(g.size), cellCount: 1 };
  const settings = attemptSettings(g, bounds, options.maxIterations, options.tighten ?? true);
  const attempts = Math.min(MAX_ATTEMPTS, Math.max(1, Math.floor(ATTEMPT_BUDGET_NODES / g.size)));
  const tryCount = (k: number): Outcome => {
    const run = (index: number) => runAttempt(g, k, deriveSeed(options.seed, k * MAX_ATTEMPTS + index), settings);
    let best = run(0);
    for (let index = 1; index < attempts; index++) {
      const candidate = run(index);
      if (isBetter(candidate, best)) best = candidate;
    }
    return best;
  };

  let best = tryCount(k0);
  if (best.violation > 0) best = resolveNeighbourhoods(best, settings, options.seed);
  // A count off by one sometimes packs awkward compounds better; only pay for it when needed.
  const low = Math.max(1, Math.ceil(households / bounds.max));
  const high = Math.min(g.size, Math.floor(households / bounds.min));
  for (const k of [k0 - 1, k0 + 1]) {
    if (best.violation === 0 || k < low || k > high) continue;
    const candidate = tryCount(k);
    const polished = candidate.violation > 0 ? resolveNeighbourhoods(candidate, settings, options.seed) : candidate;
    if (isBetter(polished, best)) best = polished;
  }
  return { part: best.layout.part, cellCount: best.layout.cellCount };
}
