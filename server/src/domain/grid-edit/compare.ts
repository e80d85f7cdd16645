// Comparing two plans of one community: which cells correspond, and which buildings (and how
// many households) end up in a different cell. Cells of different plans are different records,
// so "the same cell" means the pair sharing the most households, matched one to one, greedily.

export interface CellMatch {
  a: string;
  b: string;
  sharedHouseholds: number;
  sharedBuildings: number;
}

export interface MovedBuilding {
  building: string;
  households: number;
  /** Cell key in plan a and in plan b; null = unassigned there. */
  from: string | null;
  to: string | null;
}

export interface PlanComparison {
  matches: CellMatch[];
  /** Cells of a / b with no counterpart (e.g. a cell split into two leaves one unmatched). */
  onlyInA: string[];
  onlyInB: string[];
  moved: MovedBuilding[];
  movedBuildings: number;
  movedHouseholds: number;
}

/** Matches the cells of two assignments (building → cell key) by shared households. */
export function matchCells(
  aOf: ReadonlyMap<string, string>,
  bOf: ReadonlyMap<string, string>,
  households: ReadonlyMap<string, number>,
): CellMatch[] {
  const shared = new Map<string, CellMatch>();
  for (const [building, a] of aOf) {
    const b = bOf.get(building);
    if (b === undefined) continue;
    const key = `${a}\u0000${b}`;
    const entry = shared.get(key) ?? { a, b, sharedHouseholds: 0, sharedBuildings: 0 };
    entry.sharedHouseholds += households.get(building) ?? 0;
    entry.sharedBuildings += 1;
    shared.set(key, entry);
  }
  const candidates = [...shared.values()].sort(
    (x, y) => y.sharedHouseholds - x.sharedHouseholds || y.sharedBuildings - x.sharedBuildings || (x.a + x.b < y.a + y.b ? -1 : 1),
  );
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  const matches: CellMatch[] = [];
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    matches.push(c);
  }
  return matches;
}

/** Buildings whose cell in b is not the counterpart of their cell in a. */
export function comparePlans(
  aOf: ReadonlyMap<string, string>,
  bOf: ReadonlyMap<string, string>,
  households: ReadonlyMap<string, number>,
): PlanComparison {
  const matches = matchCells(aOf, bOf, households);
  const counterpart = new Map(matches.map((m) => [m.a, m.b]));
  const moved: MovedBuilding[] = [];
  for (const building of [...new Set([...aOf.keys(), ...bOf.keys()])].sort()) {
    const from = aOf.get(building) ?? null;
    const to = bOf.get(building) ?? null;
    const same = from !== null && to !== null && counterpart.get(from) === to;
    if (!same) moved.push({ building, households: households.get(building) ?? 0, from, to });
  }
  const cellsA = new Set(aOf.values());
  const cellsB = new Set(bOf.values());
  return {
    matches,
    onlyInA: [...cellsA].filter((a) => !counterpart.has(a)).sort(),
    onlyInB: [...cellsB].filter((b) => !matches.some((m) => m.b === b)).sort(),
    moved,
    movedBuildings: moved.length,
    movedHouseholds: moved.reduce((sum, m) => sum + m.households, 0),
  };
}
