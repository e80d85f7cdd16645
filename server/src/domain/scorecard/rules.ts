/**
 * Whether a value meets a target, and whether the town meets a target across its communities.
 * Missing data is never 0: a community without a value is "unknown", and the town's answer is
 * unknown until the known values alone settle it.
 */
import type { Comparator } from './indicators';

/** Comparisons of percentages tolerate floating-point noise (98 entered as 97.99999…). */
const EPSILON = 1e-9;

/** Does `value` meet `target` in the direction of `comparator`? null when there is no value. */
export function meets(value: number | null, comparator: Comparator, target: number): boolean | null {
  if (value === null) return null;
  if (comparator === '>=') return value >= target - EPSILON;
  if (comparator === '<=') return value <= target + EPSILON;
  return Math.abs(value - target) <= EPSILON;
}

/** How many communities must meet a target: a share of them, a count, or (neither) all. */
export interface TownRequirement {
  share: number | null;
  count: number | null;
}

export function requiredCommunities(req: TownRequirement, total: number): number {
  if (req.count !== null) return Math.min(req.count, total);
  if (req.share !== null) return Math.ceil(req.share * total - EPSILON);
  return total;
}

export interface TownResult {
  communitiesMeeting: number;
  communitiesTotal: number;
  /** true/false when the known values decide it, null when missing values could still tip it. */
  met: boolean | null;
}

/** The town's standing on one target from each community's `meets` answer. */
export function townResult(results: readonly (boolean | null)[], req: TownRequirement): TownResult {
  const total = results.length;
  const meeting = results.filter((r) => r === true).length;
  const unknown = results.filter((r) => r === null).length;
  const needed = requiredCommunities(req, total);
  let met: boolean | null;
  if (total === 0) met = null;
  else if (meeting >= needed) met = true;
  else if (meeting + unknown < needed) met = false;
  else met = null;
  return { communitiesMeeting: meeting, communitiesTotal: total, met };
}

/** The town's figure for a target: the mean of the known community values (for a status, the share that has it). */
export function townValue(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return null;
  return known.reduce((t, v) => t + v, 0) / known.length;
}
