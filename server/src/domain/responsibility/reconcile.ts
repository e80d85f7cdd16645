/**
 * What a register import would do: rows of the file matched to the stored rows by their natural
 * key (an assignment's cell, person and role; a team's name; an area's person and name; an
 * organisation's ref, which an export writes as its id). Matched rows are updated in place (ids
 * kept), unmatched file rows added, unmatched stored rows ended or deleted. Pure: the routes
 * apply the plan, or show it as a preview.
 */
import type { ImportPreview } from '../../contract/responsibility-report';

export interface ImportPlan<Stored, Wanted> {
  add: Wanted[];
  change: { stored: Stored; wanted: Wanted }[];
  remove: Stored[];
  unchanged: number;
}

/**
 * Matches `wanted` to `stored` by key. A stored row whose key repeats (possible in old data)
 * after its first match counts as removed.
 */
export function reconcile<Stored, Wanted>(
  stored: readonly Stored[],
  wanted: readonly Wanted[],
  keys: { stored: (s: Stored) => string; wanted: (w: Wanted) => string },
  same: (s: Stored, w: Wanted) => boolean,
): ImportPlan<Stored, Wanted> {
  const byKey = new Map<string, Stored>();
  const remove: Stored[] = [];
  for (const s of stored) {
    const k = keys.stored(s);
    if (byKey.has(k)) remove.push(s);
    else byKey.set(k, s);
  }
  const plan: ImportPlan<Stored, Wanted> = { add: [], change: [], remove, unchanged: 0 };
  const matched = new Set<string>();
  for (const w of wanted) {
    const k = keys.wanted(w);
    const s = byKey.get(k);
    if (s === undefined || matched.has(k)) plan.add.push(w);
    else {
      matched.add(k);
      if (same(s, w)) plan.unchanged++;
      else plan.change.push({ stored: s, wanted: w });
    }
  }
  for (const [k, s] of byKey) if (!matched.has(k)) plan.remove.push(s);
  return plan;
}

/** The plan as the API shows it: counts and natural keys; removals are `ended` (assignments) or `deleted`. */
export function previewOf<Stored, Wanted>(
  plan: ImportPlan<Stored, Wanted>,
  keys: { stored: (s: Stored) => string; wanted: (w: Wanted) => string },
  removal: 'ended' | 'deleted',
  dryRun: boolean,
): ImportPreview {
  const part = (list: string[]) => ({ count: list.length, keys: list });
  const removed = part(plan.remove.map(keys.stored));
  return {
    dryRun,
    added: part(plan.add.map(keys.wanted)),
    changed: part(plan.change.map((c) => keys.stored(c.stored))),
    ended: removal === 'ended' ? removed : part([]),
    deleted: removal === 'deleted' ? removed : part([]),
    unchanged: plan.unchanged,
  };
}

/** Same members regardless of order. */
export function sameSet(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  const x = [...new Set(a.map(String))].sort();
  const y = [...new Set(b.map(String))].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
