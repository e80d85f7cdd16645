// Compact adjacency (CSR) for the partition graph. Typed arrays keep a 20,000-building
// community in a few hundred kilobytes and make the inner loops of the local search cheap.

/** Nodes with household weights, positions, and edges priced by how costly they are to cut. */
export interface NodeGraph {
  size: number;
  weight: Float64Array;
  x: Float64Array;
  y: Float64Array;
  /** Neighbours of v are targets[offsets[v] .. offsets[v + 1]). */
  offsets: Int32Array;
  targets: Int32Array;
  /** Price of cutting the edge: shared length, discounted where a road runs along it. */
  cost: Float64Array;
  /** Shared boundary length in metres (undiscounted). */
  length: Float64Array;
}

export interface Link {
  a: number;
  b: number;
  cost: number;
  length: number;
}

/** Builds a graph; parallel links are merged (costs summed) and self-links dropped. */
export function buildGraph(weight: Float64Array, x: Float64Array, y: Float64Array, links: readonly Link[]): NodeGraph {
  const size = weight.length;
  const degree = new Int32Array(size + 1);
  for (const { a, b } of links) {
    if (a === b) continue;
    degree[a]++;
    degree[b]++;
  }
  const rawOffsets = new Int32Array(size + 1);
  for (let v = 0; v < size; v++) rawOffsets[v + 1] = rawOffsets[v] + degree[v];
  const fill = rawOffsets.slice(0, size);
  const rawTargets = new Int32Array(rawOffsets[size]);
  const rawCost = new Float64Array(rawOffsets[size]);
  const rawLength = new Float64Array(rawOffsets[size]);
  for (const { a, b, cost, length } of links) {
    if (a === b) continue;
    rawTargets[fill[a]] = b;
    rawCost[fill[a]] = cost;
    rawLength[fill[a]++] = length;
    rawTargets[fill[b]] = a;
    rawCost[fill[b]] = cost;
    rawLength[fill[b]++] = length;
  }
  // Merge parallel links: contraction maps many building pairs onto one node pair.
  const offsets = new Int32Array(size + 1);
  const targets = new Int32Array(rawTargets.length);
  const cost = new Float64Array(rawTargets.length);
  const length = new Float64Array(rawTargets.length);
  const slot = new Int32Array(size).fill(-1);
  let out = 0;
  for (let v = 0; v < size; v++) {
    offsets[v] = out;
    for (let i = rawOffsets[v]; i < rawOffsets[v + 1]; i++) {
      const u = rawTargets[i];
      if (slot[u] >= offsets[v]) {
        cost[slot[u]] += rawCost[i];
        length[slot[u]] += rawLength[i];
      } else {
        slot[u] = out;
        targets[out] = u;
        cost[out] = rawCost[i];
        length[out++] = rawLength[i];
      }
    }
  }
  offsets[size] = out;
  return {
    size,
    weight,
    x,
    y,
    offsets,
    targets: targets.slice(0, out),
    cost: cost.slice(0, out),
    length: length.slice(0, out),
  };
}

/** Connected components among nodes accepted by `include`, each listed in BFS order. */
export function components(g: NodeGraph, include: (v: number) => boolean = () => true): number[][] {
  const seen = new Uint8Array(g.size);
  const result: number[][] = [];
  for (let start = 0; start < g.size; start++) {
    if (seen[start] || !include(start)) continue;
    seen[start] = 1;
    const component = [start];
    for (let head = 0; head < component.length; head++) {
      const v = component[head];
      for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
        const u = g.targets[i];
        if (!seen[u] && include(u)) {
          seen[u] = 1;
          component.push(u);
        }
      }
    }
    result.push(component);
  }
  return result;
}

/** The subgraph on `nodes`; `global[i]` is the original index of local node i. */
export function inducedSubgraph(g: NodeGraph, nodes: readonly number[]): { graph: NodeGraph; global: number[] } {
  const local = new Map<number, number>();
  nodes.forEach((v, i) => local.set(v, i));
  const links: Link[] = [];
  nodes.forEach((v, i) => {
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
      const j = local.get(g.targets[k]);
      if (j !== undefined && j > i) links.push({ a: i, b: j, cost: g.cost[k], length: g.length[k] });
    }
  });
  const pick = (source: Float64Array) => Float64Array.from(nodes, (v) => source[v]);
  return { graph: buildGraph(pick(g.weight), pick(g.x), pick(g.y), links), global: [...nodes] };
}

/**
 * Reusable breadth-first search over one part of a partition. The stamp array avoids clearing a
 * visited set on every call, which matters because the local search asks thousands of times.
 */
export class PartSearch {
  private readonly stamp: Int32Array;
  private readonly queue: Int32Array;
  private epoch = 0;

  constructor(private readonly g: NodeGraph) {
    this.stamp = new Int32Array(g.size);
    this.queue = new Int32Array(g.size);
  }

  /** True when removing v from its part leaves the rest of the part connected. */
  staysConnected(part: Int32Array, v: number): boolean {
    const { g } = this;
    const p = part[v];
    let pending = 0;
    let first = -1;
    this.epoch++;
    const mark = this.epoch;
    // Count distinct same-part neighbours; they must all be reachable from one another.
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
      const u = g.targets[i];
      if (part[u] !== p || this.stamp[u] === -mark) continue;
      this.stamp[u] = -mark;
      pending++;
      if (first < 0) first = u;
    }
    if (pending <= 1) return true;
    this.epoch++;
    const visit = this.epoch;
    this.stamp[v] = visit;
    this.stamp[first] = visit;
    pending--;
    let head = 0;
    let tail = 0;
    this.queue[tail++] = first;
    while (head < tail) {
      const w = this.queue[head++];
      for (let i = g.offsets[w]; i < g.offsets[w + 1]; i++) {
        const u = g.targets[i];
        if (part[u] !== p || this.stamp[u] === visit) continue;
        if (this.stamp[u] === -mark) {
          pending--;
          if (pending === 0) return true;
        }
        this.stamp[u] = visit;
        this.queue[tail++] = u;
      }
    }
    return false;
  }
}

/** Connected pieces per cell, counted in one sweep over the building graph. */
export function piecesPerCell(unitG: NodeGraph, cellOf: Int32Array, cellCount: number): Int32Array {
  const pieces = new Int32Array(cellCount);
  const seen = new Uint8Array(unitG.size);
  const queue: number[] = [];
  for (let start = 0; start < unitG.size; start++) {
    if (seen[start] || cellOf[start] < 0) continue;
    const c = cellOf[start];
    pieces[c]++;
    seen[start] = 1;
    queue.length = 0;
    queue.push(start);
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head];
      for (let i = unitG.offsets[v]; i < unitG.offsets[v + 1]; i++) {
        const u = unitG.targets[i];
        if (!seen[u] && cellOf[u] === c) {
          seen[u] = 1;
          queue.push(u);
        }
      }
    }
  }
  return pieces;
}

/** Sorts each group ascending and the groups by their first member, so output order is canonical. */
export function orderGroups(groups: number[][]): number[][] {
  for (const group of groups) group.sort((a, b) => a - b);
  return groups.sort((a, b) => a[0] - b[0]);
}
