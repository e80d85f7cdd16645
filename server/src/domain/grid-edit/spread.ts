// Handing leftovers to their neighbours: each pending item joins the owner it shares the longest
// edge with, spreading from the items that touch an owner inwards. Used for a cell's buildings
// outside a redrawn outline and for the pieces of its area left outside it.

/** Two items (or an item and an owned one) sharing an edge of `metres`. */
export interface SharedEdge {
  a: string;
  b: string;
  metres: number;
}

/**
 * Owners for the `pending` items: in rounds, each pending item (in sorted order) that touches
 * owned items takes the owner it shares the most metres with (ties: the smaller owner name), and
 * counts as owned from then on. `ownerOf` gives the owner of an already owned item (undefined =
 * none, and `exclude` counts as none). Items that never touch an owner are left out of the answer.
 */
export function spreadByLongestEdge(
  pending: Iterable<string>,
  ownerOf: (item: string) => string | undefined,
  edges: readonly SharedEdge[],
  exclude?: string,
): Map<string, string> {
  const left = new Set(pending);
  const neighbours = new Map<string, { other: string; metres: number }[]>();
  const add = (from: string, other: string, metres: number) => {
    if (left.has(from)) (neighbours.get(from) ?? neighbours.set(from, []).get(from)!).push({ other, metres });
  };
  for (const { a, b, metres } of edges) {
    add(a, b, metres);
    add(b, a, metres);
  }
  const given = new Map<string, string>();
  const owner = (item: string) => given.get(item) ?? (left.has(item) ? undefined : ownerOf(item));
  for (let progress = true; progress && left.size > 0;) {
    progress = false;
    for (const item of [...left].sort()) {
      const shared = new Map<string, number>();
      for (const { other, metres } of neighbours.get(item) ?? []) {
        const cell = owner(other);
        if (cell === undefined || cell === exclude) continue;
        shared.set(cell, (shared.get(cell) ?? 0) + metres);
      }
      const best = [...shared].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
      if (!best) continue;
      given.set(item, best[0]);
      left.delete(item);
      progress = true;
    }
  }
  return given;
}
