// Turns buildings into the nodes the solver moves around: a compound that fits in one cell
// becomes a single node so no move can split it; a compound too big for one cell is cut first
// into contiguous in-range pieces, each a node. Locked buildings are set aside as fixed cells.
import { type Link, type NodeGraph, buildGraph, components, inducedSubgraph, orderGroups } from './graph';
import type { Bounds } from './layout';
import { solveComponent } from './solve';
import type { Edge, Unit } from './types';
import { type Message, msg } from '../../contract/messages';

/** Cutting along a road costs this share of the shared length: roads are natural cell borders. */
export const ROAD_CUT_FACTOR = 0.25;

/** Graph of buildings: node i is units[i], edges priced by ROAD_CUT_FACTOR. */
export function unitGraph(units: readonly Unit[], edges: readonly Edge[]): NodeGraph {
  const links: Link[] = edges.map((e) => ({
    a: e.a,
    b: e.b,
    cost: e.sharedMetres * (e.crossesRoad ? ROAD_CUT_FACTOR : 1),
    length: e.sharedMetres,
  }));
  return buildGraph(
    Float64Array.from(units, (u) => u.households),
    Float64Array.from(units, (u) => u.x),
    Float64Array.from(units, (u) => u.y),
    links,
  );
}

export function isLocked(unit: Unit): boolean {
  return typeof unit.lockedCell === 'string' && unit.lockedCell.length > 0;
}

export interface Contraction {
  /** Graph of the free (unlocked) nodes. */
  graph: NodeGraph;
  /** Unit indices per node. */
  members: number[][];
  /** Unit indices per locked cell, in order of first appearance. */
  fixedCells: number[][];
  /** Observations for the planner (scattered compounds). */
  notes: Message[];
  /** Compounds too big for one cell, which the solver had to split. */
  oversized: { compoundId: string; households: number; units: number[] }[];
}

/**
 * How a compound too big for one cell enters the solver: cut beforehand into in-range pieces
 * (compact, and what planners expect), or as single buildings, which lets the cut follow what
 * the cells around it need when fixed pieces leave a cell out of range.
 */
export type OversizedCompounds = 'pieces' | 'buildings';

/** Groups free units into nodes (whole compounds, pieces of oversized ones, single buildings). */
export function contract(
  units: readonly Unit[],
  unitG: NodeGraph,
  bounds: Bounds,
  seed: number,
  maxIterations: number,
  oversizedAs: OversizedCompounds = 'pieces',
): Contraction {
  const notes: Message[] = [];
  const oversized: Contraction['oversized'] = [];
  const fixed = new Map<string, number[]>();
  const compounds = new Map<string, number[]>();
  const members: number[][] = [];
  units.forEach((unit, i) => {
    if (isLocked(unit)) {
      const key = unit.lockedCell as string;
      const list = fixed.get(key);
      if (list) list.push(i);
      else fixed.set(key, [i]);
    } else if (unit.compoundId !== null && unit.compoundId !== '') {
      const list = compounds.get(unit.compoundId);
      if (list) list.push(i);
      else compounds.set(unit.compoundId, [i]);
    } else {
      members.push([i]);
    }
  });

  for (const [compoundId, list] of compounds) {
    const sub = inducedSubgraph(unitG, list);
    const pieces = components(sub.graph);
    const households = list.reduce((sum, i) => sum + units[i].households, 0);
    if (households <= bounds.max) {
      if (pieces.length > 1) {
        notes.push(msg('grid.partition.compound_scattered', { compound: compoundId, pieces: pieces.length }));
      }
      for (const piece of pieces) members.push(piece.map((v) => sub.global[v]));
      continue;
    }
    oversized.push({ compoundId, households, units: list });
    if (oversizedAs === 'buildings') {
      for (const i of list) members.push([i]);
      continue;
    }
    for (const piece of pieces) {
      const pieceGraph = inducedSubgraph(sub.graph, piece);
      // Pieces will still merge with neighbouring buildings, so their shape matters more than their balance.
      const { part, cellCount } = solveComponent(pieceGraph.graph, { bounds, seed, maxIterations, tighten: false });
      const groups: number[][] = Array.from({ length: cellCount }, () => []);
      part.forEach((cell, v) => groups[cell].push(sub.global[pieceGraph.global[v]]));
      for (const group of groups) if (group.length > 0) members.push(group);
    }
  }

  // Order nodes by their first building so results do not depend on Map iteration details.
  orderGroups(members);
  return { graph: groupGraph(units, unitG, members), members, fixedCells: [...fixed.values()], notes, oversized };
}

/** Contracts each group of units into one node; units in no group are left out of the graph. */
export function groupGraph(units: readonly Unit[], unitG: NodeGraph, members: readonly number[][]): NodeGraph {
  const nodeOf = new Int32Array(units.length).fill(-1);
  members.forEach((list, node) => list.forEach((i) => (nodeOf[i] = node)));
  const weight = new Float64Array(members.length);
  const x = new Float64Array(members.length);
  const y = new Float64Array(members.length);
  members.forEach((list, node) => {
    // Household-weighted position, nudged so empty buildings still have one.
    let sw = 0;
    for (const i of list) {
      const w = units[i].households + 1e-6;
      weight[node] += units[i].households;
      x[node] += units[i].x * w;
      y[node] += units[i].y * w;
      sw += w;
    }
    x[node] /= sw;
    y[node] /= sw;
  });
  const links: Link[] = [];
  for (let i = 0; i < units.length; i++) {
    for (let k = unitG.offsets[i]; k < unitG.offsets[i + 1]; k++) {
      const j = unitG.targets[k];
      if (j > i && nodeOf[i] >= 0 && nodeOf[j] >= 0 && nodeOf[i] !== nodeOf[j]) {
        links.push({ a: nodeOf[i], b: nodeOf[j], cost: unitG.cost[k], length: unitG.length[k] });
      }
    }
  }
  return buildGraph(weight, x, y, links);
}
