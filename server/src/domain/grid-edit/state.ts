// A draft plan as the edit logic sees it: cells keyed by their label, and the cell of each
// assigned building. Every edit is a pure function from one state to the next; the difference
// of the two is what the edit log stores, so undo and redo are that diff applied either way.

export interface CellState {
  locked: boolean;
  /** A name beside the label (福星新村片); absent or '' = none. Diffs logged before names had none. */
  name?: string;
}

export interface PlanState {
  /** Cells by label. A cell with no building does not exist: edits drop emptied cells. */
  cells: Map<string, CellState>;
  /** Building code → label of its cell; unassigned buildings are absent. */
  cellOf: Map<string, string>;
  /**
   * Labels a new cell must not take: those of every cell the community has ever published, so a
   * retired number is never given to another area, and those of the community's other open plans,
   * so two drafts never give one number to two areas. Not part of the plan itself (never diffed).
   */
  reserved?: ReadonlySet<string>;
}

/** One cell's state before and after an edit; null = the cell did not exist. */
export interface CellChange {
  label: string;
  before: CellState | null;
  after: CellState | null;
}

/** A building leaving `from` for `to`; null = unassigned. */
export type Move = [building: string, from: string | null, to: string | null];

/**
 * A cell's claim (the area it holds beyond its buildings' atoms, from a drawn outline) before and
 * after an edit, as hex EWKB; null = none. Geometry is the database's business: the edit logic
 * only carries it so undo and redo restore it exactly.
 */
export interface ClaimChange {
  label: string;
  before: string | null;
  after: string | null;
}

export interface EditDiff {
  cells: CellChange[];
  moves: Move[];
  /** Absent in diffs logged before cells kept drawn outlines, and when no claim changed. */
  claims?: ClaimChange[];
}

export function cloneState(state: PlanState): PlanState {
  return {
    cells: new Map([...state.cells].map(([label, cell]) => [label, { ...cell }])),
    cellOf: new Map(state.cellOf),
    reserved: state.reserved,
  };
}

/** Removes cells that hold no building (in place) and returns the state. */
export function dropEmptyCells(state: PlanState): PlanState {
  const used = new Set(state.cellOf.values());
  for (const label of [...state.cells.keys()]) if (!used.has(label)) state.cells.delete(label);
  return state;
}

const nameOf = (cell: CellState) => cell.name ?? '';
const sameCell = (a: CellState | null, b: CellState | null) =>
  a === null ? b === null : b !== null && a.locked === b.locked && nameOf(a) === nameOf(b);

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
  return diff.cells.length === 0 && diff.moves.length === 0 && (diff.claims ?? []).length === 0;
}

/** The diff that undoes `diff`. */
export function invertDiff(diff: EditDiff): EditDiff {
  return {
    cells: diff.cells.map(({ label, before, after }) => ({ label, before: after, after: before })),
    moves: diff.moves.map(([building, from, to]) => [building, to, from]),
    ...(diff.claims ? { claims: diff.claims.map(({ label, before, after }) => ({ label, before: after, after: before })) } : {}),
  };
}

/** The claims that differ between two snapshots (label → hex EWKB), by label. */
export function diffClaims(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): ClaimChange[] {
  const labels = [...new Set([...before.keys(), ...after.keys()])].sort(compareLabels);
  return labels
    .map((label) => ({ label, before: before.get(label) ?? null, after: after.get(label) ?? null }))
    .filter((ch) => ch.before !== ch.after);
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

/**
 * A cell's label is its number in the community, 第N网格, and the last three digits of its code
 * are that number: a cell keeps label, code and colour for life. Older drafts may still hold
 * letter labels (A, B, …); those get a number when the plan is published.
 */
const NUMBERED = /^第([1-9][0-9]*)网格$/;

/** The label of cell number `n` (1-based). */
export function cellLabel(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cell number must be a positive integer, got ${n}`);
  return `第${n}网格`;
}

/** The number of a 第N网格 label; null for any other label. */
export function labelNumber(label: string): number | null {
  const m = NUMBERED.exec(label);
  return m ? Number(m[1]) : null;
}

/** Numbered labels sort by number, before any other label; others shorter first, then alphabetically. */
export function compareLabels(a: string, b: string): number {
  const na = labelNumber(a);
  const nb = labelNumber(b);
  if (na !== null || nb !== null) return na === null ? 1 : nb === null ? -1 : na - nb;
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The n-th label (0 → 第1网格). */
export function labelAt(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`label index must be a non-negative integer, got ${index}`);
  return cellLabel(index + 1);
}

/** The lowest-numbered label neither in `used` nor in `reserved`. */
export function nextFreeLabel(used: Iterable<string>, reserved: ReadonlySet<string> = new Set()): string {
  const taken = new Set(used);
  for (let n = 1; ; n++) {
    const label = cellLabel(n);
    if (!taken.has(label) && !reserved.has(label)) return label;
  }
}

/** `diff` with the cell labels in `renamed` replaced (cells, moves and claims). */
export function relabelDiff(diff: EditDiff, renamed: ReadonlyMap<string, string>): EditDiff {
  const to = (label: string) => renamed.get(label) ?? label;
  const maybe = (label: string | null) => (label === null ? null : to(label));
  return {
    cells: diff.cells.map((ch) => ({ ...ch, label: to(ch.label) })),
    moves: diff.moves.map(([building, from, into]) => [building, maybe(from), maybe(into)]),
    ...(diff.claims ? { claims: diff.claims.map((ch) => ({ ...ch, label: to(ch.label) })) } : {}),
  };
}

/** Labels a diff names (its cells and the cells its moves leave and enter). */
export function labelsOf(diff: EditDiff): Set<string> {
  const labels = new Set(diff.cells.map((ch) => ch.label));
  for (const [, from, to] of diff.moves) {
    if (from !== null) labels.add(from);
    if (to !== null) labels.add(to);
  }
  return labels;
}
