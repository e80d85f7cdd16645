// Misuse checks shared by partition and rebalance. The route validates requests first, so a
// failure here is a programming error and throws rather than returning a reason.
import type { Bounds } from './layout';
import type { Edge, PartitionOptions, Unit } from './types';

export const DEFAULT_SEED = 1;
export const DEFAULT_MAX_ITERATIONS = 50;

/** Validates the input and returns the household bounds; throws RangeError on misuse. */
export function checkInput(units: readonly Unit[], edges: readonly Edge[], options: PartitionOptions): Bounds {
  const { minHouseholds: min, maxHouseholds: max } = options;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max <= 0) {
    throw new RangeError(`household range must be finite with max > 0, got [${min}, ${max}]`);
  }
  if (min > max) throw new RangeError(`minHouseholds ${min} exceeds maxHouseholds ${max}`);
  if (options.maxIterations !== undefined && !(Number.isInteger(options.maxIterations) && options.maxIterations >= 0)) {
    throw new RangeError(`maxIterations must be a non-negative integer, got ${options.maxIterations}`);
  }
  units.forEach((unit, i) => {
    if (!Number.isFinite(unit.households) || unit.households < 0) {
      throw new RangeError(`unit ${i} (${unit.code}) has invalid households ${unit.households}`);
    }
    if (!Number.isFinite(unit.x) || !Number.isFinite(unit.y)) throw new RangeError(`unit ${i} (${unit.code}) has no position`);
  });
  edges.forEach((edge, i) => {
    const inRange = (v: number) => Number.isInteger(v) && v >= 0 && v < units.length;
    if (!inRange(edge.a) || !inRange(edge.b)) throw new RangeError(`edge ${i} refers to a unit outside 0..${units.length - 1}`);
    if (!Number.isFinite(edge.sharedMetres) || edge.sharedMetres < 0) {
      throw new RangeError(`edge ${i} has invalid sharedMetres ${edge.sharedMetres}`);
    }
  });
  return { min, max, target: (min + max) / 2 };
}
