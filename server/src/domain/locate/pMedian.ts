// p-median in the classic assignment (strong) formulation: y_j opens site j, x_ij is the share of
// demand i served by j, x_ij <= y_j. Its LP relaxation is integral on most practical instances,
// which is why it is preferred over the aggregated sum_i x_ij <= n*y_j form.
import { MipModel, type Term } from '../solver/model';
import { fixedSiteIndices, nearestOpenSite } from './evaluate';
import type { LocateProblem } from './problem';

export interface LocationModel {
  model: MipModel;
  /** Column of y_j for each site j. */
  siteColumns: number[];
  /** A feasible complete assignment of all columns for a given open set (the MIP start). */
  startFor(open: readonly number[]): number[];
}

export function buildPMedianModel(problem: LocateProblem): LocationModel {
  const model = new MipModel('minimize');
  const siteColumns = problem.sites.map(() => model.addBinary());
  for (const j of fixedSiteIndices(problem)) model.fix(siteColumns[j] ?? -1, 1);
  model.equal(
    siteColumns.map((column): Term => [column, 1]),
    problem.p,
  );

  // Demands with zero weight do not change the objective; they are assigned afterwards to their
  // nearest open site, so they need no columns.
  const fixedSites = fixedSiteIndices(problem);
  const assignColumns = new Map<number, Map<number, number>>();
  problem.demand.forEach((demand, i) => {
    if (demand.weight === 0) return;
    const row = problem.cost[i] ?? [];
    const limit = servingCostLimit(row, problem.p, fixedSites);
    const columns = new Map<number, number>();
    siteColumns.forEach((siteColumn, j) => {
      const cost = row[j] ?? Infinity;
      if (cost > limit) return;
      const x = model.addContinuous(0, 1, demand.weight * cost);
      model.atMost(
        [
          [x, 1],
          [siteColumn, -1],
        ],
        0,
      );
      columns.set(j, x);
    });
    model.equal(
      [...columns.values()].map((x): Term => [x, 1]),
      1,
    );
    assignColumns.set(i, columns);
  });

  const startFor = (open: readonly number[]): number[] => {
    const values = new Array<number>(model.columnCount).fill(0);
    for (const j of open) values[siteColumns[j] ?? -1] = 1;
    const nearest = nearestOpenSite(problem, open);
    for (const [i, columns] of assignColumns) values[columns.get(nearest[i] ?? -1) ?? -1] = 1;
    return values;
  };
  return { model, siteColumns, startFor };
}

/**
 * Exact reduction: a demand is never served by a site costlier than this. With p of m sites open,
 * at least one of its m - p + 1 cheapest sites is open; and an open fixed site caps it too.
 */
function servingCostLimit(row: readonly number[], p: number, fixedSites: readonly number[]): number {
  const sorted = [...row].sort((a, b) => a - b);
  const byCount = sorted[Math.max(0, row.length - p)] ?? Infinity;
  const byFixed = Math.min(Infinity, ...fixedSites.map((j) => row[j] ?? Infinity));
  return Math.min(byCount, byFixed);
}
