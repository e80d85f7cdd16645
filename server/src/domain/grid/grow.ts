// Initial partition: seeds from a recursive coordinate bisection weighted by households (so
// seeds are spread evenly over where people live, not over empty land), then all regions grow
// together, the lightest region always taking its nearest frontier node.
import type { NodeGraph } from './graph';
import { MinHeap } from './heap';

/** Crossing a road counts as being this much further away while growing, so cells stop at roads. */
const ROAD_GROWTH_PENALTY = 1.5;

/** Splits `nodes` into k groups of about equal households along alternating rotated axes. */
function bisect(g: NodeGraph, nodes: number[], k: number, angle: number, out: number[][]): void {
  if (k === 1 || nodes.length <= 1) {
    out.push(nodes);
    return;
  }
  // Cut across the longer extent so groups stay roughly square.
  const spread = (dx: number, dy: number) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of nodes) {
      const p = g.x[v] * dx + g.y[v] * dy;
      if (p < lo) lo = p;
      if (p > hi) hi = p;
    }
    return hi - lo;
  };
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const [dx, dy] = spread(cos, sin) >= spread(-sin, cos) ? [cos, sin] : [-sin, cos];
  const sorted = [...nodes].sort((a, b) => g.x[a] * dx + g.y[a] * dy - (g.x[b] * dx + g.y[b] * dy) || a - b);
  const kLeft = Math.floor(k / 2);
  let total = 0;
  for (const v of sorted) total += g.weight[v];
  const wanted = (total * kLeft) / k;
  let split = 0;
  let acc = 0;
  while (split < sorted.length && acc + g.weight[sorted[split]] / 2 < wanted) acc += g.weight[sorted[split++]];
  // Each side needs at least as many nodes as cells it will hold.
  split = Math.min(Math.max(split, kLeft), sorted.length - (k - kLeft));
  bisect(g, sorted.slice(0, split), kLeft, angle, out);
  bisect(g, sorted.slice(split), k - kLeft, angle, out);
}

/**
 * One seed per group: the member closest to the group's household-weighted centre, or with
 * `pick` a member it chooses at random (re-solving a small region needs varied starts).
 */
export function chooseSeeds(g: NodeGraph, k: number, angle: number, pick?: () => number): number[] {
  const all = Array.from({ length: g.size }, (_, v) => v);
  const groups: number[][] = [];
  bisect(g, all, k, angle, groups);
  return groups.map((group) => {
    if (pick) return group[Math.floor(pick() * group.length)];
    let sx = 0;
    let sy = 0;
    let sw = 0;
    for (const v of group) {
      const w = g.weight[v] + 1e-9;
      sx += g.x[v] * w;
      sy += g.y[v] * w;
      sw += w;
    }
    let best = group[0];
    let bestDistance = Infinity;
    for (const v of group) {
      const d = (g.x[v] - sx / sw) ** 2 + (g.y[v] - sy / sw) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = v;
      }
    }
    return best;
  });
}

/**
 * Grows one region per seed until each holds about `quota` households, then hands leftover
 * nodes to the lightest adjacent region. Every region stays connected because nodes only join
 * a region they touch. Returns the cell of every node.
 */
export function growRegions(g: NodeGraph, seeds: readonly number[], quota: number): Int32Array {
  const part = new Int32Array(g.size).fill(-1);
  const k = seeds.length;
  const weight = new Float64Array(k);
  const frontier = Array.from({ length: k }, () => new MinHeap());
  const regions = new MinHeap();
  const done = new Uint8Array(k);

  const expose = (r: number, v: number) => {
    const seed = seeds[r];
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
      const u = g.targets[i];
      if (part[u] >= 0) continue;
      const distance = Math.hypot(g.x[u] - g.x[seed], g.y[u] - g.y[seed]);
      const roadShare = g.length[i] > 0 ? 1 - g.cost[i] / g.length[i] : 0;
      frontier[r].push(distance * (1 + ROAD_GROWTH_PENALTY * roadShare), u);
    }
  };

  seeds.forEach((seed, r) => {
    part[seed] = r;
    weight[r] = g.weight[seed];
  });
  seeds.forEach((seed, r) => {
    expose(r, seed);
    regions.push(weight[r], r);
  });
  while (regions.size > 0) {
    const key = regions.peekKey();
    const r = regions.pop();
    if (done[r] || key !== weight[r]) continue;
    let next = -1;
    while (frontier[r].size > 0) {
      const v = frontier[r].pop();
      if (part[v] < 0) {
        next = v;
        break;
      }
    }
    // Stop when the region is out of reach of new nodes or one more would overshoot the quota
    // by more than the region currently falls short of it.
    if (next < 0 || Math.abs(weight[r] + g.weight[next] - quota) > Math.abs(weight[r] - quota)) {
      done[r] = 1;
      continue;
    }
    part[next] = r;
    weight[r] += g.weight[next];
    expose(r, next);
    regions.push(weight[r], r);
  }
  fillLeftovers(g, part, weight);
  return part;
}

/** Gives each unassigned node to the lightest region it touches, sweeping outwards from the regions. */
function fillLeftovers(g: NodeGraph, part: Int32Array, weight: Float64Array): void {
  const queue: number[] = [];
  for (let v = 0; v < g.size; v++) if (part[v] >= 0) queue.push(v);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (let i = g.offsets[v]; i < g.offsets[v + 1]; i++) {
      const u = g.targets[i];
      if (part[u] >= 0) continue;
      let best = -1;
      for (let j = g.offsets[u]; j < g.offsets[u + 1]; j++) {
        const c = part[g.targets[j]];
        if (c >= 0 && (best < 0 || weight[c] < weight[best])) best = c;
      }
      part[u] = best;
      weight[best] += g.weight[u];
      queue.push(u);
    }
  }
}
