// Exact p-median by Lagrangian relaxation and branch-and-bound (after Beasley 1993), with a fast
// interchange local search (Whitaker 1983) for the incumbent. Relaxing "every demand is served
// once" with multipliers λ_i leaves a problem solved by sorting: open the p sites with the lowest
// ρ_j = Σ_i min(0, c_ij − λ_i). Subgradient steps on λ close in on the LP bound, which on
// p-median instances is very close to the optimum; reduced costs then fix most sites open or
// closed and a small depth-first tree proves the rest. Pure computation on typed arrays, no I/O:
// it runs the same on the main thread, a worker or a child process.

/** A p-median instance in weighted costs: cost[i * siteCount + j] = weight_i × distance(i, j). */
export interface PMedianInstance {
  cost: Float64Array;
  demandCount: number;
  siteCount: number;
  p: number;
  /** Sites that must be open. */
  fixed: readonly number[];
}

export interface PMedianAnswer {
  /** Indices of the p open sites. */
  open: number[];
  objective: number;
  /** Proven lower bound on the optimum (equals the objective when proven). */
  lowerBound: number;
  proven: boolean;
  /** Whether the returned plan is the local-search start or was improved by the search. */
  source: 'heuristic' | 'search';
  nodes: number;
}

export interface PMedianSearchOptions {
  /** performance.now() value after which the search stops and returns what it has. */
  deadline: number;
  /** Called as often as the deadline is looked at: may pause the search (solver/api-reads.ts). */
  giveWay?: () => void;
}

/** Greedy add then fast interchange: a good plan in O(m·n) per pass, the search's first incumbent. */
export function pMedianHeuristic(instance: PMedianInstance): { open: number[]; objective: number } {
  const open = localSearch(instance, greedyOpen(instance));
  return { open, objective: planCost(instance, open) };
}

/** Total cost of serving every demand from its cheapest open site. */
export function planCost(instance: PMedianInstance, open: readonly number[]): number {
  const { cost, demandCount, siteCount } = instance;
  let total = 0;
  for (let i = 0; i < demandCount; i++) {
    let best = Infinity;
    for (const j of open) best = Math.min(best, cost[i * siteCount + j]!);
    total += best;
  }
  return total;
}

/** Greedy add: the fixed sites, then each time the site that lowers the total cost most. */
export function greedyOpen(instance: PMedianInstance): number[] {
  const { cost, demandCount, siteCount, p, fixed } = instance;
  const open: number[] = [];
  const isOpen = new Uint8Array(siteCount);
  const best = new Float64Array(demandCount).fill(Infinity);
  const add = (j: number): void => {
    open.push(j);
    isOpen[j] = 1;
    for (let i = 0; i < demandCount; i++) best[i] = Math.min(best[i]!, cost[i * siteCount + j]!);
  };
  fixed.forEach(add);
  while (open.length < p) {
    let chosen = -1;
    let chosenTotal = Infinity;
    for (let j = 0; j < siteCount; j++) {
      if (isOpen[j]) continue;
      let total = 0;
      for (let i = 0; i < demandCount; i++) total += Math.min(best[i]!, cost[i * siteCount + j]!);
      if (chosen === -1 || total < chosenTotal) [chosen, chosenTotal] = [j, total];
    }
    add(chosen);
  }
  return open;
}

/**
 * Fast interchange: for each closed candidate, one pass over the demands gives the gain of opening
 * it and, per open site, the loss of closing that site at the same time; the best pair is applied
 * when it lowers the cost. Stops when no candidate improves. `locked` sites are never closed.
 */
export function localSearch(instance: PMedianInstance, start: readonly number[], locked: Uint8Array | null = null): number[] {
  const { cost, demandCount, siteCount, fixed } = instance;
  const open = [...start];
  const keep = new Uint8Array(siteCount);
  for (const j of fixed) keep[j] = 1;
  if (locked) for (let j = 0; j < siteCount; j++) if (locked[j]) keep[j] = 1;
  const isOpen = new Uint8Array(siteCount);
  const nearest = new Int32Array(demandCount);
  const d1 = new Float64Array(demandCount);
  const d2 = new Float64Array(demandCount);
  const loss = new Float64Array(siteCount);
  const refresh = (): void => {
    isOpen.fill(0);
    for (const j of open) isOpen[j] = 1;
    for (let i = 0; i < demandCount; i++) {
      let [s, a, b] = [-1, Infinity, Infinity];
      for (const j of open) {
        const c = cost[i * siteCount + j]!;
        if (c < a) [s, a, b] = [j, c, a];
        else if (c < b) b = c;
      }
      nearest[i] = s;
      d1[i] = a;
      d2[i] = b;
    }
  };
  refresh();
  let lastImproved = 0;
  for (let step = 0; ; step++) {
    const candidate = step % siteCount;
    if (step > 0 && candidate === lastImproved % siteCount && step - lastImproved >= siteCount) break;
    if (isOpen[candidate]) continue;
    let gain = 0;
    for (const j of open) loss[j] = 0;
    for (let i = 0; i < demandCount; i++) {
      const c = cost[i * siteCount + candidate]!;
      const a = d1[i]!;
      if (c < a) gain += a - c;
      else loss[nearest[i]!]! += Math.min(c, d2[i]!) - a;
    }
    let out = -1;
    for (const j of open) if (!keep[j] && (out === -1 || loss[j]! < loss[out]!)) out = j;
    if (out === -1) break;
    if (loss[out]! - gain < -1e-9 * Math.max(1, gain)) {
      open[open.indexOf(out)] = candidate;
      refresh();
      lastImproved = step;
    }
  }
  return open;
}

/** Solves the instance to proven optimality unless the deadline comes first. */
export function solvePMedianExact(instance: PMedianInstance, options: PMedianSearchOptions): PMedianAnswer {
  return new Search(instance, options).run();
}

// A node's site states: 0 free, 1 forced open, 2 forced closed.
const FREE = 0;
const OPEN = 1;
const CLOSED = 2;

interface NodeBound {
  bound: number;
  lambda: Float64Array;
  /** Sites of the best Lagrangian solution. */
  chosen: Int32Array;
  /** ρ at the best λ. */
  rho: Float64Array;
}

class Search {
  private readonly n: number;
  private readonly m: number;
  /** Per demand, sites in ascending cost and their costs (row-major, like the instance). */
  private readonly order: Int32Array;
  private readonly sorted: Float64Array;
  private readonly integral: boolean;
  private best: number[];
  private upper: number;
  private source: 'heuristic' | 'search' = 'heuristic';
  private nodes = 0;
  private timedOut = false;
  private readonly seen = new Set<string>();
  // Scratch buffers reused by every bound evaluation.
  private readonly rho: Float64Array;
  private readonly free: Int32Array;
  private readonly selected: Uint8Array;
  private readonly subgradient: Float64Array;
  private readonly freeRho: Float64Array;
  /** The λ that rho was computed for; rhoValid false forces a full recomputation. */
  private readonly rhoLambda: Float64Array;
  private rhoValid = false;

  constructor(
    private readonly instance: PMedianInstance,
    private readonly options: PMedianSearchOptions,
  ) {
    const { cost, demandCount: n, siteCount: m } = instance;
    this.n = n;
    this.m = m;
    this.order = new Int32Array(n * m);
    this.sorted = new Float64Array(n * m);
    const row = Array.from({ length: m }, (_, j) => j);
    let integral = true;
    for (let i = 0; i < n; i++) {
      const base = i * m;
      row.sort((a, b) => cost[base + a]! - cost[base + b]!);
      for (let k = 0; k < m; k++) {
        const c = cost[base + row[k]!]!;
        this.order[base + k] = row[k]!;
        this.sorted[base + k] = c;
        if (integral && c !== Math.round(c)) integral = false;
      }
    }
    this.integral = integral;
    const start = pMedianHeuristic(instance);
    this.best = start.open;
    this.upper = start.objective;
    this.rho = new Float64Array(m);
    this.free = new Int32Array(m);
    this.selected = new Uint8Array(m);
    this.subgradient = new Float64Array(n);
    this.freeRho = new Float64Array(m);
    this.rhoLambda = new Float64Array(n);
  }

  run(): PMedianAnswer {
    const { fixed, p } = this.instance;
    const states = new Uint8Array(this.m);
    for (const j of fixed) states[j] = OPEN;
    // λ starts at each demand's cost in the incumbent: the bound then starts just below it.
    const lambda = new Float64Array(this.n);
    const { cost } = this.instance;
    for (let i = 0; i < this.n; i++) {
      let d = Infinity;
      for (const j of this.best) d = Math.min(d, cost[i * this.m + j]!);
      lambda[i] = d;
    }
    let rootBound = -Infinity;
    const stack: { states: Uint8Array; lambda: Float64Array; root: boolean }[] = [{ states, lambda, root: true }];
    while (stack.length > 0) {
      if (this.pastDeadline()) break;
      const node = stack.pop()!;
      this.nodes++;
      const result = this.bound(node.states, node.lambda, node.root ? 20_000 : 400, node.root);
      if (node.root) rootBound = result?.bound ?? Infinity;
      if (!result || this.canPrune(result.bound)) continue;
      this.fix(node.states, result);
      // Count open and free after fixing; a node whose fixings leave no choice is a leaf.
      let forcedOpen = 0;
      let branchSite = -1;
      let branchScore = -Infinity;
      for (const j of result.chosen) {
        if (node.states[j] === FREE) {
          // Branch on the chosen free site that would cost the most to close: its 'open' child
          // is the likely one and is explored first.
          const score = -result.rho[j]!;
          if (score > branchScore) [branchSite, branchScore] = [j, score];
        }
      }
      for (let j = 0; j < this.m; j++) if (node.states[j] === OPEN) forcedOpen++;
      if (forcedOpen > p) continue;
      if (forcedOpen === p || branchSite === -1) {
        const open: number[] = [];
        for (let j = 0; j < this.m; j++) if (node.states[j] === OPEN) open.push(j);
        if (open.length === p) this.offer(open, false);
        else if (branchSite === -1) this.offer(Array.from(result.chosen), false);
        if (branchSite === -1 || open.length === p) continue;
      }
      const closed = node.states.slice();
      closed[branchSite] = CLOSED;
      const opened = node.states.slice();
      opened[branchSite] = OPEN;
      stack.push({ states: closed, lambda: result.lambda, root: false });
      stack.push({ states: opened, lambda: result.lambda.slice(), root: false });
    }
    const proven = stack.length === 0 && !this.timedOut;
    // Without a finished tree the proven bound is the root's (deeper bounds hold only in their subtrees).
    const lowerBound = proven ? this.upper : Math.min(this.upper, Number.isFinite(rootBound) ? rootBound : 0);
    return {
      open: [...this.best].sort((a, b) => a - b),
      objective: this.upper,
      lowerBound: Math.max(0, lowerBound),
      proven,
      source: this.source,
      nodes: this.nodes,
    };
  }

  private pastDeadline(): boolean {
    this.options.giveWay?.();
    if (performance.now() > this.options.deadline) this.timedOut = true;
    return this.timedOut;
  }

  /** True when no plan under this bound can beat the incumbent. */
  private canPrune(bound: number): boolean {
    if (this.integral) return Math.ceil(bound - 1e-6) >= this.upper;
    return bound >= this.upper - 1e-9 * Math.max(1, Math.abs(this.upper));
  }

  /** Local search from a plan; keeps it when it beats the incumbent. */
  private offer(open: readonly number[], improve: boolean): void {
    const key = [...open].sort((a, b) => a - b).join(',');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const plan = improve ? localSearch(this.instance, open) : [...open];
    const value = planCost(this.instance, plan);
    if (value < this.upper - 1e-9 * Math.max(1, Math.abs(this.upper))) {
      this.upper = value;
      this.best = plan;
      this.source = 'search';
    }
  }

  /**
   * Lagrangian value at λ under the node's states: fills rho, selected and the subgradient and
   * returns the bound, or null when the states admit no plan.
   */
  private evaluate(states: Uint8Array, lambda: Float64Array): number | null {
    const { n, m, order, sorted, rho, free, selected, subgradient } = this;
    const { p } = this.instance;
    // ρ follows λ incrementally: near convergence most demands are served once and keep their λ_i.
    const { rhoLambda } = this;
    const full = !this.rhoValid;
    if (full) rho.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const li = lambda[i]!;
      total += li;
      const was = full ? 0 : rhoLambda[i]!;
      if (!full && was === li) continue;
      rhoLambda[i] = li;
      const base = i * m;
      const reach = Math.max(was, li);
      for (let k = 0; k < m; k++) {
        const c = sorted[base + k]!;
        if (c >= reach) break;
        rho[order[base + k]!]! += Math.min(0, c - li) - Math.min(0, c - was);
      }
    }
    this.rhoValid = true;
    selected.fill(0);
    let openCount = 0;
    let freeCount = 0;
    for (let j = 0; j < m; j++) {
      const state = states[j];
      if (state === OPEN) {
        selected[j] = 1;
        total += rho[j]!;
        openCount++;
      } else if (state === FREE) free[freeCount++] = j;
    }
    const need = p - openCount;
    if (need < 0 || need > freeCount) return null;
    if (need > 0) {
      // The need-th smallest ρ among free sites (native numeric sort), then every free site below
      // it and enough of those equal to it.
      const values = this.freeRho.subarray(0, freeCount);
      for (let k = 0; k < freeCount; k++) values[k] = rho[free[k]!]!;
      values.sort();
      const threshold = values[need - 1]!;
      let taken = 0;
      for (let k = 0; k < freeCount; k++) {
        const j = free[k]!;
        if (rho[j]! < threshold) {
          selected[j] = 1;
          total += rho[j]!;
          taken++;
        }
      }
      for (let k = 0; k < freeCount && taken < need; k++) {
        const j = free[k]!;
        if (rho[j] === threshold) {
          selected[j] = 1;
          total += threshold;
          taken++;
        }
      }
    }
    // Demands served by the relaxed plan: one look-up per open site and demand.
    subgradient.fill(1);
    const { cost } = this.instance;
    for (let j = 0; j < m; j++) {
      if (!selected[j]) continue;
      for (let i = 0; i < n; i++) if (cost[i * m + j]! < lambda[i]!) subgradient[i]! -= 1;
    }
    return total;
  }

  /** Subgradient optimisation of the node's bound, starting from `lambda` (changed in place). */
  private bound(states: Uint8Array, lambda: Float64Array, iterations: number, root: boolean): NodeBound | null {
    const { n, m } = this;
    let best: NodeBound | null = null;
    let theta = root ? 2 : 1;
    let sinceImproved = 0;
    const patience = root ? 30 : 15;
    for (let iteration = 0; iteration < iterations; iteration++) {
      if ((iteration & 15) === 15 && this.pastDeadline()) break;
      // A fresh sum now and then keeps rounding from accumulating in the incremental ρ.
      if ((iteration & 63) === 0) this.rhoValid = false;
      const value = this.evaluate(states, lambda);
      if (value === null) return null;
      let norm = 0;
      for (let i = 0; i < n; i++) norm += this.subgradient[i]! * this.subgradient[i]!;
      if (!best || value > best.bound + 1e-9) {
        const chosen = new Int32Array(this.instance.p);
        let c = 0;
        for (let j = 0; j < m; j++) if (this.selected[j]) chosen[c++] = j;
        best = { bound: value, lambda: lambda.slice(), chosen, rho: this.rho.slice() };
        sinceImproved = 0;
        // The relaxed plan is feasible when every demand is served exactly once: then it is optimal here.
        if (norm === 0) {
          this.offer(Array.from(chosen), false);
          break;
        }
        if (root && iteration % 10 === 0) this.offer(Array.from(chosen), true);
      } else if (++sinceImproved >= patience) {
        theta /= 2;
        sinceImproved = 0;
      }
      if (this.canPrune(best.bound) || theta < (root ? 1e-5 : 1e-3) || norm === 0) break;
      const step = (theta * Math.max(this.upper - value, 1e-6 * Math.max(1, this.upper))) / norm;
      for (let i = 0; i < n; i++) lambda[i] = Math.max(0, lambda[i]! + step * this.subgradient[i]!);
    }
    // Local search from a node's relaxed plan now and then: cheap insurance for a weak start.
    if (best && !root) this.offer(Array.from(best.chosen), this.nodes % 8 === 0);
    return best;
  }

  /** Reduced-cost fixing: a site whose opening (closing) alone lifts the bound past the incumbent is closed (opened). */
  private fix(states: Uint8Array, node: NodeBound): void {
    const { m } = this;
    const { rho, bound } = node;
    const isChosen = new Uint8Array(m);
    for (const j of node.chosen) isChosen[j] = 1;
    let lastIn = -Infinity;
    let firstOut = Infinity;
    for (let j = 0; j < m; j++) {
      if (states[j] !== FREE) continue;
      if (isChosen[j]) lastIn = Math.max(lastIn, rho[j]!);
      else firstOut = Math.min(firstOut, rho[j]!);
    }
    for (let j = 0; j < m; j++) {
      if (states[j] !== FREE) continue;
      if (isChosen[j]) {
        if (firstOut === Infinity || this.canPrune(bound - rho[j]! + firstOut)) states[j] = OPEN;
      } else if (lastIn === -Infinity || this.canPrune(bound + rho[j]! - lastIn)) states[j] = CLOSED;
    }
  }
}
