// Location-allocation entry point: heuristic start, exact search under a time limit, public result.
import { runMip, runPMedian } from '../solver/highs';
import { effectiveCost, fixedSiteIndices, objectiveOf, toLocateResult } from './evaluate';
import { heuristicOpenSites } from './heuristic';
import { buildMclpModel } from './mclp';
import type { PMedianInstance } from './pMedianSearch';
import type { LocateOptions, LocateProblem, LocateResult } from './problem';

export { heuristicLocate, type HeuristicResult } from './heuristic';
export {
  locateProblemSchema,
  locateProblems,
  validateLocateProblem,
  type LocateOptions,
  type LocateProblem,
  type LocateProblemInput,
  type LocateResult,
  type LocateStatus,
  type LocateValidation,
} from './problem';

const DEFAULT_TIME_LIMIT_SECONDS = 30;

/**
 * Solves a validated p-median or MCLP problem. Returns the proven optimum, or on time limit the
 * better of the heuristic plan and the solver's incumbent with its gap, and says which one it is
 * (`source`); never throws for solver failures.
 */
export async function solveLocation(problem: LocateProblem, options: LocateOptions = {}): Promise<LocateResult> {
  return problem.problem === 'p-median' ? solvePMedian(problem, options) : solveMclp(problem, options);
}

/** The p-median as the exact search sees it: weighted costs in one flat array. */
export function pMedianInstance(problem: LocateProblem): PMedianInstance {
  const siteCount = problem.sites.length;
  const cost = new Float64Array(problem.demand.length * siteCount);
  effectiveCost(problem).forEach((row, i) => cost.set(row, i * siteCount));
  return { cost, demandCount: problem.demand.length, siteCount, p: problem.p, fixed: fixedSiteIndices(problem) };
}

// Lagrangian branch-and-bound (pMedianSearch.ts) on a solver worker: it scales to hundreds of
// sites where the assignment MIP does not, and proves optimality the same way.
async function solvePMedian(problem: LocateProblem, options: LocateOptions): Promise<LocateResult> {
  const startedAt = performance.now();
  const answer = await runPMedian(pMedianInstance(problem), options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS);
  const gap = answer.proven ? 0 : answer.objective > 0 ? (answer.objective - answer.lowerBound) / answer.objective : null;
  const source = answer.source === 'search' ? 'solver' : 'heuristic';
  return toLocateResult(problem, answer.open, answer.proven ? 'optimal' : 'time_limit', gap, performance.now() - startedAt, source);
}

async function solveMclp(problem: LocateProblem, options: LocateOptions): Promise<LocateResult> {
  const startedAt = performance.now();
  const heuristicOpen = heuristicOpenSites(problem);
  const { model, siteColumns, startFor } = buildMclpModel(problem);
  const spentSeconds = (performance.now() - startedAt) / 1000;
  const result = await runMip(model, {
    timeLimitSeconds: Math.max(0.01, (options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS) - spentSeconds),
    mipRelGap: options.mipRelGap ?? 1e-6,
    start: startFor(heuristicOpen),
  });
  const elapsed = performance.now() - startedAt;

  if (result.values) {
    const values = result.values;
    const open = siteColumns.flatMap((column, j) => (values[column] === 1 ? [j] : []));
    // HiGHS may reject the start and stop at its limit with a worse incumbent: keep the better plan.
    if (result.status !== 'optimal' && objectiveOf(problem, heuristicOpen) > objectiveOf(problem, open)) {
      return toLocateResult(problem, heuristicOpen, result.status, result.mipGap, elapsed, 'heuristic');
    }
    return toLocateResult(problem, open, result.status, result.mipGap, elapsed, 'solver');
  }
  // A limit hit before HiGHS accepted any incumbent: the heuristic plan is still a valid answer.
  if (result.status === 'time_limit') return toLocateResult(problem, heuristicOpen, 'time_limit', null, elapsed, 'heuristic');
  return toLocateResult(problem, [], result.status, null, elapsed);
}
