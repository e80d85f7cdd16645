// Says why cells stay out of range, under the partitioner's own rules: a compound that fits one
// cell stays whole, a bigger compound and a building outside any compound may go anywhere. Each
// reason is a proof that holds for every partition, not a description of the one found; where
// no proof is found, the cells are only named (the search may have missed a plan).
import { contract, isLocked } from './contract';
import { type NodeGraph, components } from './graph';
import { DEFAULT_MAX_ITERATIONS, DEFAULT_SEED } from './input';
import { type Bounds, violation } from './layout';
import { impossibility } from './packing';
import { cannotReachRange } from './reach';
import type { Unit } from './types';
import { type Message, type MessageCode, msg } from '../../contract/messages';

/** Reasons that prove no plan can keep every cell of a group in range (as opposed to naming a cell). */
export const PROOF_CODES: readonly MessageCode[] = [
  'grid.partition.unit_over_max',
  'grid.partition.community_under_min',
  'grid.partition.group_under_min',
  'grid.partition.community_no_count',
  'grid.partition.group_no_count',
  'grid.partition.compounds_do_not_pack',
  'grid.partition.hemmed_in',
];

/** Hemmed-in items named per group: the first few tell a planner where to look. */
const MAX_HEMMED = 5;

interface Items {
  units: readonly Unit[];
  graph: NodeGraph;
  members: readonly (readonly number[])[];
  /** Units of compounds too big for one cell: the solver may cut them anywhere. */
  splittable: ReadonlySet<number>;
}

/** Reasons, each a proof, why the `cells` out of range could not be brought into it. */
export function explainShortfall(
  units: readonly Unit[],
  unitG: NodeGraph,
  cells: readonly (readonly number[])[],
  bounds: Bounds,
): Message[] {
  const inBadCell = new Uint8Array(units.length);
  for (const cell of cells) {
    const households = cell.reduce((sum, i) => sum + units[i].households, 0);
    if (violation(households, bounds) > 0) for (const i of cell) inBadCell[i] = 1;
  }
  const { graph, members, oversized } = contract(units, unitG, bounds, DEFAULT_SEED, DEFAULT_MAX_ITERATIONS, 'buildings');
  const items: Items = { units, graph, members, splittable: new Set(oversized.flatMap((o) => o.units)) };
  const free = units.filter((unit) => !isLocked(unit)).length;
  const reasons: Message[] = [];
  for (const piece of components(graph, (v) => graph.weight[v] <= bounds.max)) {
    const involved = piece.filter((v) => members[v].some((i) => inBadCell[i]));
    const households = piece.reduce((sum, v) => sum + graph.weight[v], 0);
    // Groups under the minimum are reported where they are made into one cell.
    if (involved.length === 0 || households < bounds.min) continue;
    const whole = piece.reduce((n, v) => n + members[v].length, 0) === free && free === units.length;
    const reason = explainPacking(items, piece, bounds, whole);
    if (reason) {
      reasons.push(reason);
      continue;
    }
    const inPiece = new Uint8Array(graph.size);
    for (const v of piece) inPiece[v] = 1;
    const hemmed = involved.filter(
      (v) => cannotReachRange(graph, v, bounds, (u) => inPiece[u] === 1 && graph.weight[u] <= bounds.max) === true,
    );
    for (const v of hemmed.slice(0, MAX_HEMMED)) {
      reasons.push(
        msg('grid.partition.hemmed_in', { item: nameOf(items, v), households: graph.weight[v], min: bounds.min, max: bounds.max }),
      );
    }
  }
  return reasons;
}

/** A whole compound by its id, anything else by its first building's code. */
function nameOf({ units, members, splittable }: Items, v: number): string {
  const first = members[v][0];
  const compound = units[first].compoundId;
  return compound !== null && compound !== '' && !splittable.has(first) ? compound : units[first].code;
}

/** A proof, as a reason, that the households of `piece` cannot be grouped into cells of the range. */
function explainPacking(items: Items, piece: readonly number[], bounds: Bounds, whole: boolean): Message | null {
  const { units, members } = items;
  // Each node is a whole compound or a single building (contract's 'buildings' mode).
  const weights = piece.map((v) => items.graph.weight[v]);
  const proof = impossibility(weights, bounds);
  if (!proof) return null;
  const { min, max } = bounds;
  if (proof.kind === 'no_count') {
    const { kind: _, ...counts } = proof;
    if (whole) return msg('grid.partition.community_no_count', counts);
    const buildings = piece.flatMap((v) => members[v]);
    return msg('grid.partition.group_no_count', {
      buildings: buildings.slice(0, 3).map((i) => units[i].code),
      count: buildings.length,
      ...counts,
    });
  }
  // Every item the proof needed is named: leaving one out would claim more than was shown.
  const inItems = proof.items.reduce((sum, i) => sum + weights[i], 0);
  return msg('grid.partition.compounds_do_not_pack', {
    items: proof.items.map((i) => nameOf(items, piece[i])),
    sizes: proof.items.map((i) => weights[i]),
    rest: proof.households - inItems,
    cells: proof.cells,
    min,
    max,
  });
}
