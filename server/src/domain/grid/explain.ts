// Says why a connected group of buildings cannot be cut into cells within the range, under the
// partitioner's own rules: a compound that fits one cell stays whole, a bigger compound and a
// building outside any compound may go anywhere. The proof itself is in packing.ts.
import type { NodeGraph } from './graph';
import type { Bounds } from './layout';
import { impossibility } from './packing';
import type { Unit } from './types';
import { type Message, msg } from '../../contract/messages';

export interface GroupItems {
  units: readonly Unit[];
  graph: NodeGraph;
  members: readonly (readonly number[])[];
  /** Units of compounds too big for one cell: the solver may cut them anywhere. */
  splittable: ReadonlySet<number>;
}

/** A proof, as a reason, that `piece` (nodes of `graph`) admits no in-range cells; null if none is found. */
export function explainGroup(items: GroupItems, piece: readonly number[], bounds: Bounds, whole: boolean): Message | null {
  const { units, graph, members, splittable } = items;
  const weights: number[] = [];
  const names: string[] = [];
  for (const v of piece) {
    const list = members[v];
    if (splittable.has(list[0]) || units[list[0]].compoundId === null || units[list[0]].compoundId === '') {
      for (const i of list) {
        weights.push(units[i].households);
        names.push(units[i].code);
      }
    } else {
      weights.push(graph.weight[v]);
      names.push(units[list[0]].compoundId as string);
    }
  }
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
    items: proof.items.map((i) => names[i]),
    sizes: proof.items.map((i) => weights[i]),
    rest: proof.households - inItems,
    cells: proof.cells,
    min,
    max,
  });
}
