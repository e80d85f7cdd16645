// Whether a household range can be met at all, before asking the partitioner. Buildings are
// never split and cells are contiguous, so a range is impossible when one building exceeds the
// maximum, or when a connected group of buildings holds H households and no whole number k of
// cells fits k·min ≤ H ≤ k·max. Anything else is the partitioner's job.
import { type Message, msg } from '../../contract/messages';

export interface RangeBuilding {
  code: string;
  households: number;
}

export interface RangeCheck {
  feasible: boolean;
  reasons: Message[];
}

/** Smallest cell count that respects the maximum, if it also respects the minimum. */
export function cellCountFor(households: number, min: number, max: number): number | null {
  if (households === 0) return null;
  const k = Math.ceil(households / max);
  return k * min <= households ? k : null;
}

/**
 * Checks a range against the buildings, grouped into connected groups (`groups[i]` = building
 * indices). Groups with no households are ignored: they fit any cell they touch or none.
 */
export function checkRange(
  buildings: readonly RangeBuilding[],
  groups: readonly (readonly number[])[],
  min: number,
  max: number,
): RangeCheck {
  const reasons: Message[] = [];
  if (!(min <= max)) return { feasible: false, reasons: [msg('grid.range.min_over_max', { min, max })] };
  const over = buildings.filter((b) => b.households > max);
  for (const b of over.slice(0, 5)) reasons.push(msg('grid.range.building_over_max', { building: b.code, households: b.households, max }));
  if (over.length > 5) reasons.push(msg('grid.range.more_over_max', { count: over.length - 5 }));
  const whole = groups.length === 1;
  groups.forEach((group, g) => {
    const households = group.reduce((sum, i) => sum + buildings[i].households, 0);
    if (households === 0 || cellCountFor(households, min, max) !== null) return;
    const k = Math.ceil(households / max);
    const named = { group: g + 1, building: buildings[group[0]].code, others: group.length - 1 };
    if (households < min) {
      reasons.push(
        whole
          ? msg('grid.range.community_under_min', { households, min })
          : msg('grid.range.group_under_min', { ...named, households, min }),
      );
    } else {
      const counts = { households, fewer: k - 1, fewerHold: (k - 1) * max, more: k, moreNeed: k * min };
      reasons.push(whole ? msg('grid.range.community_no_count', counts) : msg('grid.range.group_no_count', { ...named, ...counts }));
    }
  });
  return { feasible: reasons.length === 0, reasons };
}
