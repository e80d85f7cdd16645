// Whether a household range can be met at all, before asking the partitioner. Buildings are
// never split and cells are contiguous, so a range is impossible when one building exceeds the
// maximum, or when a connected group of buildings holds H households and no whole number k of
// cells fits k·min ≤ H ≤ k·max. Anything else is the partitioner's job.

export interface RangeBuilding {
  code: string;
  households: number;
}

export interface RangeCheck {
  feasible: boolean;
  reasons: string[];
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
export function checkRange(buildings: readonly RangeBuilding[], groups: readonly (readonly number[])[], min: number, max: number): RangeCheck {
  const reasons: string[] = [];
  if (!(min <= max)) return { feasible: false, reasons: [`minHouseholds ${min} is more than maxHouseholds ${max}`] };
  const over = buildings.filter((b) => b.households > max);
  for (const b of over.slice(0, 5)) reasons.push(`building ${b.code} alone has ${b.households} households, more than the maximum ${max}`);
  if (over.length > 5) reasons.push(`and ${over.length - 5} more buildings over the maximum`);
  groups.forEach((group, g) => {
    const households = group.reduce((sum, i) => sum + buildings[i].households, 0);
    if (households === 0 || cellCountFor(households, min, max) !== null) return;
    const k = Math.ceil(households / max);
    const what = groups.length === 1 ? 'the community' : `connected group ${g + 1} (building ${buildings[group[0]].code} and ${group.length - 1} more)`;
    reasons.push(
      households < min
        ? `${what} has only ${households} households, fewer than the minimum ${min}`
        : `${what} has ${households} households: ${k - 1} cells hold at most ${(k - 1) * max}, ${k} cells need at least ${k * min}`,
    );
  });
  return { feasible: reasons.length === 0, reasons };
}
