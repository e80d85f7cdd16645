// One seeded attempt at partitioning a connected graph into k cells, and how attempts compare.
import type { NodeGraph } from './graph';
import { chooseSeeds, growRegions } from './grow';
import { type ImproveOptions, improve, objective } from './improve';
import { Layout } from './layout';
import { repairRange } from './repair';
import { mulberry32 } from '../random';
import { tightenRange } from './tighten';

/**
 * How much balance is worth against cut length: one edge of average cost buys this much
 * squared relative deviation summed over cells.
 */
const BALANCE_PER_EDGE = 4;

export interface Outcome {
  layout: Layout;
  violation: number;
  score: number;
}

export interface AttemptSettings extends ImproveOptions {
  /** Narrow the range towards the target once every cell is in range (see tighten.ts). */
  tighten: boolean;
}

/** Attempt settings for a graph: the balance weight scales with its typical edge cost. */
export function attemptSettings(g: NodeGraph, bounds: ImproveOptions['bounds'], maxPasses: number, tighten: boolean): AttemptSettings {
  let meanCost = 0;
  for (let i = 0; i < g.cost.length; i++) meanCost += g.cost[i];
  meanCost = g.cost.length > 0 ? meanCost / g.cost.length : 1;
  return { bounds, balanceWeight: meanCost * BALANCE_PER_EDGE, maxPasses, tighten };
}

/** Seeds (central, or random with `randomSeeds`), growth, then alternating range repair and local search. */
export function runAttempt(g: NodeGraph, k: number, seed: number, settings: AttemptSettings, randomSeeds = false): Outcome {
  let households = 0;
  for (let v = 0; v < g.size; v++) households += g.weight[v];
  const rng = mulberry32(seed);
  const seeds = chooseSeeds(g, k, rng() * Math.PI, randomSeeds ? rng : undefined);
  const layout = new Layout(g, growRegions(g, seeds, households / k), k);
  const { bounds } = settings;
  repairRange(layout, { bounds });
  improve(layout, settings);
  repairRange(layout, { bounds });
  improve(layout, settings);
  if (settings.tighten) {
    const tight = tightenRange(layout, bounds);
    improve(layout, { ...settings, bounds: tight });
  }
  return evaluate(layout, settings);
}

export function evaluate(layout: Layout, settings: ImproveOptions): Outcome {
  return { layout, violation: layout.totalViolation(settings.bounds), score: objective(layout, settings) };
}

/** Fewer households out of range wins; then the lower objective. */
export function isBetter(a: Outcome, b: Outcome): boolean {
  return a.violation < b.violation || (a.violation === b.violation && a.score < b.score);
}
