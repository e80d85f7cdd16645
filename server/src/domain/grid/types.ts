// Shared vocabulary of the grid-partition domain. Indices always refer to positions in the
// `units` array a caller passes in, so results can be mapped back without lookups.
import type { Message } from '../../contract/messages';

/** One building: the atomic piece a grid cell is made of (its Voronoi atom is never split). */
export interface Unit {
  code: string;
  households: number;
  residents: number;
  /** Projected coordinates in metres, y pointing north. */
  x: number;
  y: number;
  compoundId: string | null;
  /** A unit with a locked cell stays in it; units sharing a lock form a fixed cell. */
  lockedCell?: string | null;
}

/** Two units whose atoms share a boundary; `a` and `b` are indices into the unit array. */
export interface Edge {
  a: number;
  b: number;
  sharedMetres: number;
  crossesRoad: boolean;
}

export interface PartitionOptions {
  minHouseholds: number;
  maxHouseholds: number;
  /** Seed of the pseudo-random choices; the same input and seed give the same result. */
  seed?: number;
  /** Upper bound on local-search passes per attempt. */
  maxIterations?: number;
}

export interface PartitionResult {
  /** Unit indices per cell. */
  cells: number[][];
  /** True when every cell is contiguous, within range, and no compound is split needlessly. */
  feasible: boolean;
  /** Why the result is not feasible, plus notes a planner should see (e.g. a compound split). */
  reasons: Message[];
}

export interface RebalanceResult {
  /** Cell id per unit, same order as the input. */
  assignment: string[];
  /** Number of units whose cell changed. */
  moves: number;
  /** Cell ids still out of range after rebalancing. */
  outOfRange: string[];
}
