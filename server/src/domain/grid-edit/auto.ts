// The automatic tools applied to a draft: "rebalance with fewest moves" and "regenerate the
// unlocked part". Both leave locked cells exactly as they are (the partitioner keeps units with
// a `lockedCell` together and untouched) and keep the labels planners already know where they can.
import { partition, rebalance } from '../grid/partition';
import type { Edge, Unit } from '../grid/types';
import { matchCells } from './compare';
import { type PlanState, cloneState, dropEmptyCells, nextFreeLabel } from './state';
import type { Message } from '../../contract/messages';

export interface AutoOptions {
  minHouseholds: number;
  maxHouseholds: number;
  seed?: number;
}

/** Units with their lock taken from the plan: buildings in a locked cell are pinned to it. */
function withLocks(units: readonly Unit[], state: PlanState): Unit[] {
  return units.map((unit) => {
    const label = state.cellOf.get(unit.code);
    const locked = label !== undefined && state.cells.get(label)?.locked === true;
    return { ...unit, lockedCell: locked ? label : null };
  });
}

/** The units (and the edges among them) that `keep` selects, re-indexed. */
function subset(units: readonly Unit[], edges: readonly Edge[], keep: (unit: Unit) => boolean): { units: Unit[]; edges: Edge[] } {
  const index = new Int32Array(units.length).fill(-1);
  const kept: Unit[] = [];
  units.forEach((unit, i) => {
    if (keep(unit)) {
      index[i] = kept.length;
      kept.push(unit);
    }
  });
  const keptEdges = edges.filter((e) => index[e.a] >= 0 && index[e.b] >= 0).map((e) => ({ ...e, a: index[e.a], b: index[e.b] }));
  return { units: kept, edges: keptEdges };
}

export interface RebalanceOutcome {
  state: PlanState;
  moves: number;
  outOfRange: string[];
}

/** Moves as few assigned buildings as it can to bring out-of-range cells into range. */
export function rebalanceState(units: readonly Unit[], edges: readonly Edge[], state: PlanState, options: AutoOptions): RebalanceOutcome {
  // Locked cells are left out entirely: the domain's rebalance pins their buildings but would
  // still let neighbours move in, and a locked cell must not change at all.
  const free = (code: string) => {
    const label = state.cellOf.get(code);
    return label !== undefined && state.cells.get(label)?.locked !== true;
  };
  const part = subset(units, edges, (u) => free(u.code));
  const assignment = part.units.map((u) => state.cellOf.get(u.code)!);
  const result = rebalance(part.units, part.edges, assignment, options);
  const next = cloneState(state);
  part.units.forEach((unit, i) => next.cellOf.set(unit.code, result.assignment[i]));
  return { state: dropEmptyCells(next), moves: result.moves, outOfRange: result.outOfRange };
}

export interface RegenerateOutcome {
  state: PlanState;
  feasible: boolean;
  reasons: Message[];
}

/**
 * Re-partitions every building not in a locked cell (unassigned ones included). New cells take
 * the label of the old unlocked cell they share most households with, else a fresh label.
 */
export function regenerateState(units: readonly Unit[], edges: readonly Edge[], state: PlanState, options: AutoOptions): RegenerateOutcome {
  const locked = withLocks(units, state);
  const result = partition(locked, edges, options);
  const next: PlanState = { cells: new Map(), cellOf: new Map(), reserved: state.reserved };
  for (const [label, cell] of state.cells) if (cell.locked) next.cells.set(label, { ...cell });

  const proposed = new Map<string, string>();
  const fresh: number[][] = [];
  result.cells.forEach((cell, c) => {
    const fixed = locked[cell[0]].lockedCell;
    if (typeof fixed === 'string' && fixed.length > 0) {
      for (const i of cell) next.cellOf.set(units[i].code, fixed);
      return;
    }
    fresh.push(cell);
    for (const i of cell) proposed.set(units[i].code, `#${c}`);
  });
  const households = new Map(units.map((u) => [u.code, u.households]));
  const oldFree = new Map([...state.cellOf].filter(([, label]) => !state.cells.get(label)?.locked));
  const labelOf = new Map(matchCells(proposed, oldFree, households).map((m) => [m.a, m.b]));
  for (const cell of fresh) {
    const key = proposed.get(units[cell[0]].code)!;
    const label = labelOf.get(key) ?? nextFreeLabel([...next.cells.keys(), ...labelOf.values()], state.reserved);
    labelOf.set(key, label);
    // A cell that keeps its label keeps its name too.
    next.cells.set(label, { ...state.cells.get(label), locked: false });
    for (const i of cell) next.cellOf.set(units[i].code, label);
  }
  return { state: dropEmptyCells(next), feasible: result.feasible, reasons: result.reasons };
}
