// A draft plan as the edit logic sees it: cells keyed by their label, and the cell of each
// assigned building. Every edit is a pure function from one state to the next; the difference
// of the two is what the edit log stores, so undo and redo are that diff applied either way.

export interface CellState {
  locked: boolean;
}

export interface PlanState {
  /** Cells by label. A cell with no building does not exist: edits drop emptied cells. */
  cells: Map<string, CellState>;
  /** Building code → label of its cell; unassigned buildings are absent. */
  cellOf: Map<string, string>;
}

/** One cell's state before and after an edit; null = the cell did not exist. */
export interface CellChange {
  label: string;
  before: CellState | null;
  after: CellState | null;
}

/** A building leaving `from` for `to`; null = unassigned. */
export type Move = [building: string, from: string | null, to: string | null];

export interface EditDiff {
  cells: CellChange[];
  moves: Move[];
}

export function cloneState(state: PlanState): PlanState {
  return {
    cells: new Map([...state.cells].map(([label, cell]) => [label, { ...cell }])),
    cellOf: new Map(state.cellOf),
  };
}

/** Removes cells that hold no building (in place) and returns the state. */
export function dropEmptyCells(state: PlanState): PlanState {
  const used = new Set(state.cellOf.values());
  for (const label of [...state.cells.keys()]) if (!used.has(label)) state.cells.delete(label);
  return state;
}

const sameCell = (a: CellState | null, b: CellState | null) => (a === null ? b === null : b !== null && a.locked === b.locked);

/** What changed from `before` to `after`, in a stable order (labels, then building codes). */
export function diffStates(before: PlanState, after: PlanState): EditDiff {
  const labels = [...new Set([...before.cells.keys(), ...after.cells.keys()])].sort(compareLabels);
  const cells: CellChange[] = [];
  for (const label of labels) {
    const b = before.cells.get(label) ?? null;
    const a = after.cells.get(label) ?? null;
    if (!sameCell(b, a)) cells.push({ label, before: b && { ...b }, after: a && { ...a } });
  }
  const buildings = [...new Set([...before.cellOf.keys(), ...after.cellOf.keys()])].sort();
  const moves: Move[] = [];
  for (const building of buildings) {
    const from = before.cellOf.get(building) ?? null;
    const to = after.cellOf.get(building) ?? null;
    if (from !== to) moves.push([building, from, to]);
  }
  return { cells, moves };
}

export function isEmptyDiff(diff: EditDiff): boolean {
  return diff.cells.length === 0 && diff.moves.length === 0;
}

/** The diff that undoes `diff`. */
export function invertDiff(diff: EditDiff): EditDiff {
  return {
    cells: diff.cells.map(({ label, before, after }) => ({ label, before: after, after: before })),
    moves: diff.moves.map(([building, from, to]) => [building, to, from]),
  };
}

/**
 * Applies `diff` to a copy of `state`. Throws when the state is not the one the diff was made
 * from (a building elsewhere than the diff expects), which would mean the log and the plan
 * disagree: undo must then refuse rather than guess.
 */
export function applyDiff(state: PlanState, diff: EditDiff): PlanState {
  const next = cloneState(state);
  for (const { label, before, after } of diff.cells) {
    if (!sameCell(next.cells.get(label) ?? null, before)) throw new Error(`cell ${label} is not in the state the edit expects`);
    if (after) next.cells.set(label, { ...after });
    else next.cells.delete(label);
  }
  for (const [building, from, to] of diff.moves) {
    if ((next.cellOf.get(building) ?? null) !== from) throw new Error(`building ${building} is not in cell ${from ?? '(none)'}`);
    if (to === null) next.cellOf.delete(building);
    else next.cellOf.set(building, to);
  }
  for (const label of next.cellOf.values()) {
    if (!next.cells.has(label)) throw new Error(`a building is in cell ${label}, which does not exist`);
  }
  return next;
}

/** Labels sort as A, B, …, Z, AA, AB, …: shorter first, then alphabetically. */
export function compareLabels(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The n-th label (0 → A, 25 → Z, 26 → AA), like spreadsheet columns. */
export function labelAt(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`label index must be a non-negative integer, got ${index}`);
  let n = index + 1;
  let label = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    label = String.fromCharCode(65 + r) + label;
    n = Math.floor((n - 1) / 26);
  }
  return label;
}

/** The first label not in `used`. */
export function nextFreeLabel(used: Iterable<string>): string {
  const taken = new Set(used);
  for (let i = 0; ; i++) {
    const label = labelAt(i);
    if (!taken.has(label)) return label;
  }
}
