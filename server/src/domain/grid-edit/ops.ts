// The hand edits of the grid editor as pure state transitions. Each returns the next state or a
// named reason it cannot be done (with the cells and buildings it concerns); the caller turns a
// reason into a 4xx and leaves the plan as it was.
import type { MessageParams } from '../../contract/messages';
import { type PlanState, cloneState, dropEmptyCells, nextFreeLabel } from './state';
import { spreadByLongestEdge } from './spread';

export type EditOutcome = { ok: true; state: PlanState; target: string | null } | { ok: false; reason: EditRefusal; params: MessageParams };

/** Why an edit cannot be done; each is the message code `grid.edit.<reason>`. */
export type EditRefusal =
  'nothing_selected' | 'outline_empty' | 'unknown_cell' | 'not_in_cell' | 'too_few_cells' | 'not_adjacent' | 'no_split';

const refuse = (reason: EditRefusal, params: MessageParams = {}): EditOutcome => ({ ok: false, reason, params });

/** A pair of buildings whose atoms share a boundary, with its length in metres. */
export interface Adjacency {
  a: string;
  b: string;
  sharedMetres: number;
}

/** Moves buildings into cell `to`, or into a new cell when `to` is null. Emptied cells disappear. */
export function moveBuildings(state: PlanState, buildings: readonly string[], to: string | null): EditOutcome {
  if (buildings.length === 0) return refuse('nothing_selected');
  if (to !== null && !state.cells.has(to)) return refuse('unknown_cell', { cell: to });
  const next = cloneState(state);
  const target = to ?? nextFreeLabel(next.cells.keys(), state.reserved);
  if (to === null) next.cells.set(target, { locked: false });
  for (const building of buildings) next.cellOf.set(building, target);
  return { ok: true, state: dropEmptyCells(next), target };
}

/** Locks or unlocks a cell (automatic tools leave locked cells alone). */
export function setLock(state: PlanState, label: string, locked: boolean): EditOutcome {
  if (!state.cells.has(label)) return refuse('unknown_cell', { cell: label });
  const next = cloneState(state);
  next.cells.set(label, { ...next.cells.get(label)!, locked });
  return { ok: true, state: next, target: label };
}

/** Names a cell ('' removes the name); its label and number stay. */
export function renameCell(state: PlanState, label: string, name: string): EditOutcome {
  if (!state.cells.has(label)) return refuse('unknown_cell', { cell: label });
  const next = cloneState(state);
  next.cells.set(label, { ...next.cells.get(label)!, name });
  return { ok: true, state: next, target: label };
}

/** Cells whose buildings' atoms touch, as "A|B" keys with A < B. */
export function touchingCells(state: PlanState, adjacency: readonly Adjacency[]): Set<string> {
  const pairs = new Set<string>();
  for (const { a, b } of adjacency) {
    const ca = state.cellOf.get(a);
    const cb = state.cellOf.get(b);
    if (ca !== undefined && cb !== undefined && ca !== cb) pairs.add(ca < cb ? `${ca}|${cb}` : `${cb}|${ca}`);
  }
  return pairs;
}

/** Merges `labels` into the first of them; they must form one connected group of touching cells. */
export function mergeCells(state: PlanState, labels: readonly string[], adjacency: readonly Adjacency[]): EditOutcome {
  const unique = [...new Set(labels)];
  if (unique.length < 2) return refuse('too_few_cells');
  const missing = unique.find((label) => !state.cells.has(label));
  if (missing) return refuse('unknown_cell', { cell: missing });
  const touching = touchingCells(state, adjacency);
  const reached = new Set([unique[0]]);
  for (let grew = true; grew;) {
    grew = false;
    for (const label of unique) {
      if (reached.has(label)) continue;
      if ([...reached].some((r) => touching.has(r < label ? `${r}|${label}` : `${label}|${r}`))) {
        reached.add(label);
        grew = true;
      }
    }
  }
  const apart = unique.filter((label) => !reached.has(label));
  if (apart.length > 0) return refuse('not_adjacent', { cells: apart, into: unique[0], count: apart.length });
  const next = cloneState(state);
  const into = unique[0];
  const merged = new Set(unique.slice(1));
  for (const [building, label] of next.cellOf) if (merged.has(label)) next.cellOf.set(building, into);
  // A merge keeps the lock only when every merged cell was locked.
  next.cells.set(into, { ...next.cells.get(into)!, locked: unique.every((label) => state.cells.get(label)!.locked) });
  return { ok: true, state: dropEmptyCells(next), target: into };
}

/**
 * Splits cell `label` into the given groups of its buildings: the first group keeps the label,
 * each further non-empty group becomes a new cell. Buildings of the cell in no group stay.
 */
export function splitCell(state: PlanState, label: string, groups: readonly (readonly string[])[]): EditOutcome {
  if (!state.cells.has(label)) return refuse('unknown_cell', { cell: label });
  const stray = groups.flat().find((building) => state.cellOf.get(building) !== label);
  if (stray) return refuse('not_in_cell', { building: stray, cell: label });
  const parts = groups.filter((g) => g.length > 0);
  if (parts.length < 2) return refuse('no_split', { cell: label });
  const next = cloneState(state);
  const locked = state.cells.get(label)!.locked;
  for (const part of parts.slice(1)) {
    const fresh = nextFreeLabel(next.cells.keys(), state.reserved);
    next.cells.set(fresh, { locked });
    for (const building of part) next.cellOf.set(building, fresh);
  }
  return { ok: true, state: next, target: label };
}

/**
 * Sets a cell's outline: the buildings `inside` move to cell `label` (a new cell when null).
 * With `replace`, the cell also gives up its buildings outside the outline: each goes to the
 * neighbouring cell it shares the longest atom boundary with, spreading from the edge inwards;
 * buildings that reach no other cell become unassigned (the integrity list shows them).
 */
export function drawCell(
  state: PlanState,
  label: string | null,
  inside: readonly string[],
  replace: boolean,
  adjacency: readonly Adjacency[],
): EditOutcome {
  if (inside.length === 0) return refuse('outline_empty');
  const moved = moveBuildings(state, inside, label);
  if (!moved.ok || !replace || label === null) return moved;
  const next = moved.state;
  const keep = new Set(inside);
  const leftovers = new Set([...next.cellOf].filter(([b, l]) => l === label && !keep.has(b)).map(([b]) => b));
  absorb(next, leftovers, label, adjacency);
  return { ok: true, state: dropEmptyCells(next), target: label };
}

function absorb(state: PlanState, leftovers: Set<string>, exclude: string, adjacency: readonly Adjacency[]): void {
  const edges = adjacency.map(({ a, b, sharedMetres }) => ({ a, b, metres: sharedMetres }));
  const given = spreadByLongestEdge(leftovers, (building) => state.cellOf.get(building), edges, exclude);
  for (const building of leftovers) {
    const cell = given.get(building);
    if (cell === undefined) state.cellOf.delete(building);
    else state.cellOf.set(building, cell);
  }
}
