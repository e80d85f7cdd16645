// Rebalancing a hand-edited plan: only out-of-range cells are worked on, by the shortest chains
// of boundary moves, preferring moves of few buildings. Cells already in range change only when
// a chain must pass through them.
import { groupGraph, isLocked, unitGraph } from './contract';
import { components, inducedSubgraph, orderGroups } from './graph';
import { checkInput } from './input';
import { Layout, violation } from './layout';
import { repairRange } from './repair';
import type { Edge, PartitionOptions, RebalanceResult, Unit } from './types';

/** Fixes out-of-range cells of `assignment` (cell id per unit) with as few unit moves as it can. */
export function rebalance(
  units: readonly Unit[],
  edges: readonly Edge[],
  assignment: readonly string[],
  options: PartitionOptions,
): RebalanceResult {
  const bounds = checkInput(units, edges, options);
  if (assignment.length !== units.length) {
    throw new RangeError(`assignment has ${assignment.length} entries for ${units.length} units`);
  }
  const cellIds = [...new Set(assignment)];
  const cellIndex = new Map(cellIds.map((id, c) => [id, c]));
  const unitG = unitGraph(units, edges);

  // A compound's buildings inside one cell move together, so rebalancing never splits it further.
  const groups = new Map<string, number[]>();
  const members: number[][] = [];
  units.forEach((unit, i) => {
    if (unit.compoundId === null || unit.compoundId === '') {
      members.push([i]);
      return;
    }
    const key = `${cellIndex.get(assignment[i])}\u0000${unit.compoundId}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  for (const list of groups.values()) {
    const sub = inducedSubgraph(unitG, list);
    for (const piece of components(sub.graph)) members.push(piece.map((v) => sub.global[v]));
  }
  orderGroups(members);

  const graph = groupGraph(units, unitG, members);
  const part = Int32Array.from(members, (list) => cellIndex.get(assignment[list[0]]) ?? 0);
  const pinned = Uint8Array.from(members, (list) => (list.some((i) => isLocked(units[i])) ? 1 : 0));
  const unitCount = Int32Array.from(members, (list) => list.length);
  // A cell holding a locked building is locked as a whole: nothing moves in or out of it.
  const frozenCells = new Uint8Array(cellIds.length);
  members.forEach((_, node) => {
    if (pinned[node]) frozenCells[part[node]] = 1;
  });
  const layout = new Layout(graph, part, cellIds.length);
  repairRange(layout, { bounds, pinned, frozenCells, unitCount, maxSweeps: options.maxIterations ?? 20 });

  const result = [...assignment];
  let moves = 0;
  members.forEach((list, node) => {
    for (const i of list) {
      result[i] = cellIds[part[node]];
      if (result[i] !== assignment[i]) moves++;
    }
  });
  const outOfRange = cellIds.filter((_, c) => violation(layout.weight[c], bounds) > 0);
  return { assignment: result, moves, outOfRange };
}
