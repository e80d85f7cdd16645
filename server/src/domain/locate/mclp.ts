// Maximal covering location: y_j opens site j, z_i says demand i is covered, and a demand can only
// be covered by an open site within the radius. z_i stays continuous: with binary y the optimum
// puts it at 0 or 1 anyway, which keeps the branch-and-bound tree on the y columns only.
import { MipModel, type Term } from '../solver/model';
import { fixedSiteIndices } from './evaluate';
import type { LocationModel } from './pMedian';
import type { LocateProblem } from './problem';

export function buildMclpModel(problem: LocateProblem): LocationModel {
  const radius = problem.radius ?? 0;
  const model = new MipModel('maximize');
  const siteColumns = problem.sites.map(() => model.addBinary());
  for (const j of fixedSiteIndices(problem)) model.fix(siteColumns[j] ?? -1, 1);
  model.equal(
    siteColumns.map((column): Term => [column, 1]),
    problem.p,
  );

  const coverColumns = new Map<number, { column: number; coveringSites: number[] }>();
  problem.demand.forEach((demand, i) => {
    const coveringSites = (problem.cost[i] ?? []).flatMap((cost, j) => (cost <= radius ? [j] : []));
    // Uncoverable or weightless demands cannot change the objective.
    if (demand.weight === 0 || coveringSites.length === 0) return;
    const column = model.addContinuous(0, 1, demand.weight);
    const terms: Term[] = coveringSites.map((j) => [siteColumns[j] ?? -1, -1]);
    model.atMost([[column, 1], ...terms], 0);
    coverColumns.set(i, { column, coveringSites });
  });

  const startFor = (open: readonly number[]): number[] => {
    const values = new Array<number>(model.columnCount).fill(0);
    for (const j of open) values[siteColumns[j] ?? -1] = 1;
    const isOpen = new Set(open);
    for (const { column, coveringSites } of coverColumns.values()) {
      values[column] = coveringSites.some((j) => isOpen.has(j)) ? 1 : 0;
    }
    return values;
  };
  return { model, siteColumns, startFor };
}
