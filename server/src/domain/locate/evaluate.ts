// Evaluation shared by the MIP and the heuristic: both objectives are "sum over demands of a
// per-demand cost of its best open site", so one effective-cost matrix serves p-median and MCLP.
import type { LocateProblem, LocateResult, LocateStatus, PlanSource } from './problem';

/**
 * Cost a demand pays when served by a site: p-median weight × cost; MCLP 0 when the site covers
 * the demand (cost ≤ radius) and the demand's weight otherwise, so minimising it maximises cover.
 */
export function effectiveCost(problem: LocateProblem): number[][] {
  const radius = problem.radius ?? 0;
  return problem.cost.map((row, i) => {
    const weight = problem.demand[i]?.weight ?? 0;
    return problem.problem === 'mclp' ? row.map((cost) => (cost <= radius ? 0 : weight)) : row.map((cost) => weight * cost);
  });
}

export function fixedSiteIndices(problem: LocateProblem): number[] {
  return problem.sites.flatMap((site, j) => (site.fixed ? [j] : []));
}

/** For each demand, the open site with the lowest raw cost (ties: the earlier site). */
export function nearestOpenSite(problem: LocateProblem, open: readonly number[]): number[] {
  return problem.cost.map((row) => {
    let best = open[0] ?? -1;
    for (const j of open) if ((row[j] ?? Infinity) < (row[best] ?? Infinity)) best = j;
    return best;
  });
}

/** p-median: total weighted cost to the nearest open site; MCLP: total covered weight. */
export function objectiveOf(problem: LocateProblem, open: readonly number[]): number {
  const nearest = nearestOpenSite(problem, open);
  const radius = problem.radius ?? 0;
  let total = 0;
  problem.demand.forEach((demand, i) => {
    const cost = problem.cost[i]?.[nearest[i] ?? -1] ?? Infinity;
    if (problem.problem === 'mclp') total += cost <= radius ? demand.weight : 0;
    else total += demand.weight * cost;
  });
  return total;
}

/** Shapes an open set into the public result (sites listed in input order). */
export function toLocateResult(
  problem: LocateProblem,
  openIndices: readonly number[],
  status: LocateStatus,
  gap: number | null,
  solveMs: number,
  source: PlanSource = 'solver',
): LocateResult {
  const open = [...openIndices].sort((a, b) => a - b);
  const nearest = nearestOpenSite(problem, open);
  const assign: Record<string, string> = {};
  problem.demand.forEach((demand, i) => {
    const site = problem.sites[nearest[i] ?? -1];
    if (site) assign[demand.id] = site.id;
  });
  return {
    status,
    objective: open.length > 0 ? objectiveOf(problem, open) : 0,
    open: open.flatMap((j) => (problem.sites[j] ? [problem.sites[j].id] : [])),
    assign,
    gap,
    solveMs: Math.round(solveMs * 10) / 10,
    source,
  };
}
