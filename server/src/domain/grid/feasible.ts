/**
 * A community's partition as an office would settle it: the town's household range, tried with a
 * few seeds; when none is feasible (large compounds), the least higher maximum that works, raised
 * in small steps. Used where plans are made without a planner at hand (the demo town's loader).
 */
import { partition } from './partition';
import type { Edge, PartitionResult, Unit } from './types';

const RETRY_SEEDS = 3;
const WIDEN_STEP = 10;
const MAX_WIDEN = 200;

export interface FeasiblePartition {
  result: PartitionResult;
  /** The maximum the result was made for: the range's, or a wider one. */
  max: number;
}

export function feasiblePartition(
  units: readonly Unit[],
  edges: readonly Edge[],
  range: { min: number; max: number },
  seed: number,
): FeasiblePartition {
  let first: PartitionResult | undefined;
  for (let k = 0; k < RETRY_SEEDS; k++) {
    const result = partition(units, edges, { minHouseholds: range.min, maxHouseholds: range.max, seed: seed + k });
    if (result.feasible) return { result, max: range.max };
    first ??= result;
  }
  for (let max = range.max + WIDEN_STEP; max <= range.max + MAX_WIDEN; max += WIDEN_STEP) {
    const result = partition(units, edges, { minHouseholds: range.min, maxHouseholds: max, seed });
    if (result.feasible) return { result, max };
  }
  return { result: first!, max: range.max };
}
