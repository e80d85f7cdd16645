// Automatic grid proposal for one community: buildings (with their atom adjacency) in, cells of
// buildings out. The steps live in their own modules: contract (compounds and locks), solve
// (seeded growth, chain repair, local search per connected piece), and the checks below.
import { contract, isLocked, unitGraph } from './contract';
import { type NodeGraph, components, inducedSubgraph, orderGroups, piecesPerCell } from './graph';
import { DEFAULT_MAX_ITERATIONS, DEFAULT_SEED, checkInput } from './input';
import { type Bounds, violation } from './layout';
import { solveComponent } from './solve';
import type { Edge, PartitionOptions, PartitionResult, Unit } from './types';

export { rebalance } from './rebalance';

/** Splits a community's buildings into contiguous cells of balanced household counts. */
export function partition(units: readonly Unit[], edges: readonly Edge[], options: PartitionOptions): PartitionResult {
  const bounds = checkInput(units, edges, options);
  const seed = options.seed ?? DEFAULT_SEED;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const unitG = unitGraph(units, edges);
  const { graph, members, fixedCells, notes, oversized } = contract(units, unitG, bounds, seed, maxIterations);
  const problems: string[] = [];
  const explained = new Set<number[]>();
  const cells: number[][] = [...fixedCells];

  const describe = (list: readonly number[]) => {
    const codes = list.slice(0, 3).map((i) => units[i].code).join(', ');
    return list.length > 3 ? `${codes} and ${list.length - 3} more` : codes;
  };
  for (let v = 0; v < graph.size; v++) {
    if (graph.weight[v] <= bounds.max) continue;
    cells.push(members[v]);
    explained.add(members[v]);
    const subject = members[v].length === 1 ? `building ${describe(members[v])} holds` : `buildings ${describe(members[v])} hold`;
    problems.push(`unit-over-max: ${subject} ${graph.weight[v]} households (> ${bounds.max}); placed in a cell alone`);
  }
  const pieces = components(graph, (v) => graph.weight[v] <= bounds.max);
  if (pieces.length > 1) notes.push(`disconnected: the free buildings form ${pieces.length} separate groups; each is partitioned on its own`);
  for (const piece of pieces) {
    const households = piece.reduce((sum, v) => sum + graph.weight[v], 0);
    if (households < bounds.min) {
      const cell = piece.flatMap((v) => members[v]);
      cells.push(cell);
      explained.add(cell);
      const whole = cell.length + fixedCells.reduce((n, c) => n + c.length, 0) === units.length;
      problems.push(
        whole
          ? `community-under-min: the community has only ${households} households (< ${bounds.min}); it is one cell`
          : `group-under-min: buildings ${describe(cell)} touch no other free building and hold only ${households} households (< ${bounds.min}); they form one cell`,
      );
      continue;
    }
    cells.push(...solvePiece(graph, piece, members, bounds, seed, maxIterations));
  }

  orderGroups(cells);
  problems.push(...checkCells(units, unitG, cells, bounds, explained));
  const cellOf = new Int32Array(units.length);
  cells.forEach((cell, c) => cell.forEach((i) => (cellOf[i] = c)));
  for (const { compoundId, households, units: list } of oversized) {
    const spread = new Set(list.map((i) => cellOf[i])).size;
    notes.push(`compound-split: compound ${compoundId} has ${households} households (> ${bounds.max}); split over ${spread} cells`);
  }
  return { cells, feasible: problems.length === 0, reasons: [...problems, ...notes] };
}

function solvePiece(graph: NodeGraph, piece: number[], members: number[][], bounds: Bounds, seed: number, maxIterations: number): number[][] {
  const sub = inducedSubgraph(graph, piece);
  const { part, cellCount } = solveComponent(sub.graph, { bounds, seed, maxIterations });
  const cells: number[][] = Array.from({ length: cellCount }, () => []);
  part.forEach((cell, v) => cells[cell].push(...members[sub.global[v]]));
  return cells.filter((cell) => cell.length > 0);
}

/** Range and contiguity problems of the final cells not already explained above. */
function checkCells(units: readonly Unit[], unitG: NodeGraph, cells: number[][], bounds: Bounds, explained: Set<number[]>): string[] {
  const problems: string[] = [];
  const cellOf = new Int32Array(units.length).fill(-1);
  cells.forEach((cell, c) => cell.forEach((i) => (cellOf[i] = c)));
  const pieces = piecesPerCell(unitG, cellOf, cells.length);
  cells.forEach((cell, c) => {
    const households = cell.reduce((sum, i) => sum + units[i].households, 0);
    const locked = isLocked(units[cell[0]]);
    const label = locked ? `locked cell ${units[cell[0]].lockedCell}` : `cell ${c + 1}`;
    if (!explained.has(cell) && violation(households, bounds) > 0) {
      problems.push(`cell-out-of-range: ${label} has ${households} households (range ${bounds.min}-${bounds.max})`);
    }
    if (pieces[c] > 1) problems.push(`cell-not-contiguous: ${label} is in ${pieces[c]} separate pieces`);
  });
  return problems;
}
