// Automatic grid proposal for one community: buildings (with their atom adjacency) in, cells of
// buildings out. The steps live in their own modules: contract (compounds and locks), solve
// (seeded growth, chain repair, local search per connected piece), and the checks below.
import { type Contraction, type OversizedCompounds, contract, isLocked, unitGraph } from './contract';
import { explainShortfall } from './explain';
import { type NodeGraph, components, inducedSubgraph, orderGroups, piecesPerCell } from './graph';
import { DEFAULT_MAX_ITERATIONS, DEFAULT_SEED, checkInput } from './input';
import { type Bounds, violation } from './layout';
import { solveComponent } from './solve';
import type { Edge, PartitionOptions, PartitionResult, Unit } from './types';
import { type Message, msg } from '../../contract/messages';

export { rebalance } from './rebalance';

/** Splits a community's buildings into contiguous cells of balanced household counts. */
export function partition(units: readonly Unit[], edges: readonly Edge[], options: PartitionOptions): PartitionResult {
  const bounds = checkInput(units, edges, options);
  const seed = options.seed ?? DEFAULT_SEED;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const unitG = unitGraph(units, edges);
  let best = solveAll(units, unitG, bounds, seed, maxIterations, 'pieces');
  // Pieces cut before the solve sometimes leave a neighbour no way into range; cutting the big
  // compounds along with everything else then often finds one.
  if (best.violation > 0 && best.oversized.length > 0) {
    const loose = solveAll(units, unitG, bounds, seed, maxIterations, 'buildings');
    if (loose.violation < best.violation) best = loose;
  }
  const { cells, problems, notes, explained, oversized } = best;
  if (best.violation > 0)
    problems.push(
      ...explainShortfall(
        units,
        unitG,
        cells.filter((cell) => !explained.has(cell)),
        bounds,
      ),
    );
  problems.push(...checkCells(units, unitG, cells, bounds, explained));
  const cellOf = new Int32Array(units.length);
  cells.forEach((cell, c) => cell.forEach((i) => (cellOf[i] = c)));
  for (const { compoundId, households, units: list } of oversized) {
    const spread = new Set(list.map((i) => cellOf[i])).size;
    notes.push(msg('grid.partition.compound_split', { compound: compoundId, households, max: bounds.max, cells: spread }));
  }
  return { cells, feasible: problems.length === 0, reasons: [...problems, ...notes] };
}

interface Solution {
  cells: number[][];
  /** Households out of range, summed over the cells. */
  violation: number;
  problems: Message[];
  notes: Message[];
  explained: Set<number[]>;
  oversized: Contraction['oversized'];
}

/** Contracts, then solves every connected group; groups that cannot be solved say why. */
function solveAll(
  units: readonly Unit[],
  unitG: NodeGraph,
  bounds: Bounds,
  seed: number,
  maxIterations: number,
  oversizedAs: OversizedCompounds,
): Solution {
  const { graph, members, fixedCells, notes, oversized } = contract(units, unitG, bounds, seed, maxIterations, oversizedAs);
  const problems: Message[] = [];
  const explained = new Set<number[]>();
  const cells: number[][] = [...fixedCells];

  // The first few buildings name a group; `count` says how many it has in all.
  const named = (list: readonly number[]) => ({ buildings: list.slice(0, 3).map((i) => units[i].code), count: list.length });
  for (let v = 0; v < graph.size; v++) {
    if (graph.weight[v] <= bounds.max) continue;
    cells.push(members[v]);
    explained.add(members[v]);
    problems.push(msg('grid.partition.unit_over_max', { ...named(members[v]), households: graph.weight[v], max: bounds.max }));
  }
  const pieces = components(graph, (v) => graph.weight[v] <= bounds.max);
  if (pieces.length > 1) notes.push(msg('grid.partition.disconnected', { count: pieces.length }));
  const fixedUnits = fixedCells.reduce((n, c) => n + c.length, 0);
  for (const piece of pieces) {
    const households = piece.reduce((sum, v) => sum + graph.weight[v], 0);
    if (households < bounds.min) {
      const cell = piece.flatMap((v) => members[v]);
      const whole = cell.length + fixedUnits === units.length;
      cells.push(cell);
      explained.add(cell);
      problems.push(
        whole
          ? msg('grid.partition.community_under_min', { households, min: bounds.min })
          : msg('grid.partition.group_under_min', { ...named(cell), households, min: bounds.min }),
      );
      continue;
    }
    cells.push(...solvePiece(graph, piece, members, bounds, seed, maxIterations));
  }
  orderGroups(cells);
  const total = cells.reduce((sum, cell) => sum + (explained.has(cell) ? 0 : violation(householdsOf(units, cell), bounds)), 0);
  return { cells, violation: total, problems, notes, explained, oversized };
}

function householdsOf(units: readonly Unit[], cell: readonly number[]): number {
  return cell.reduce((sum, i) => sum + units[i].households, 0);
}

function solvePiece(
  graph: NodeGraph,
  piece: number[],
  members: number[][],
  bounds: Bounds,
  seed: number,
  maxIterations: number,
): number[][] {
  const sub = inducedSubgraph(graph, piece);
  const { part, cellCount } = solveComponent(sub.graph, { bounds, seed, maxIterations });
  const cells: number[][] = Array.from({ length: cellCount }, () => []);
  part.forEach((cell, v) => cells[cell].push(...members[sub.global[v]]));
  return cells.filter((cell) => cell.length > 0);
}

/** Range and contiguity problems of the final cells not already explained above. */
function checkCells(units: readonly Unit[], unitG: NodeGraph, cells: number[][], bounds: Bounds, explained: Set<number[]>): Message[] {
  const problems: Message[] = [];
  const cellOf = new Int32Array(units.length).fill(-1);
  cells.forEach((cell, c) => cell.forEach((i) => (cellOf[i] = c)));
  const pieces = piecesPerCell(unitG, cellOf, cells.length);
  cells.forEach((cell, c) => {
    const households = cell.reduce((sum, i) => sum + units[i].households, 0);
    const locked = isLocked(units[cell[0]]);
    // A locked cell is named by its label, a new one by its place in the result (1, 2, …).
    const name = locked ? String(units[cell[0]].lockedCell) : c + 1;
    if (!explained.has(cell) && violation(households, bounds) > 0) {
      problems.push(msg('grid.partition.cell_out_of_range', { cell: name, households, min: bounds.min, max: bounds.max }));
    }
    if (pieces[c] > 1) problems.push(msg('grid.partition.cell_not_contiguous', { cell: name, pieces: pieces[c] }));
  });
  return problems;
}
