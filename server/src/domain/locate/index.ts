// Location-allocation entry point: heuristic start, exact MIP under a time limit, public result.
import { runMip } from '../solver/highs';
import { toLocateResult } from './evaluate';
import { heuristicOpenSites } from './heuristic';
import { buildMclpModel } from './mclp';
import { buildPMedianModel } from './pMedian';
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

/**
 * Solves a validated p-median or MCLP problem. Returns the proven optimum, or on time limit the
 * best plan found (never worse than the heuristic) with its gap; never throws for solver failures.
 */
export async function solveLocation(problem: LocateProblem, options: LocateOptions = {}): Promise<LocateResult> {
  const startedAt = performance.now();
  const heuristicOpen = heuristicOpenSites(problem);
  const { model, siteColumns, startFor } = problem.problem === 'mclp' ? buildMclpModel(problem) : buildPMedianModel(problem);
  const spentSeconds = (performance.now() - startedAt) / 1000;
  const result = await runMip(model, {
    timeLimitSeconds: Math.max(0.01, (options.timeLimitSeconds ?? 30) - spentSeconds),
    mipRelGap: options.mipRelGap ?? 1e-6,
    start: startFor(heuristicOpen),
  });
  const elapsed = performance.now() - startedAt;

  if (result.values) {
    const values = result.values;
    const open = siteColumns.flatMap((column, j) => (values[column] === 1 ? [j] : []));
    return toLocateResult(problem, open, result.status, result.mipGap, elapsed);
  }
  // A limit hit before HiGHS accepted any incumbent: the heuristic plan is still a valid answer.
  if (result.status === 'time_limit') return toLocateResult(problem, heuristicOpen, 'time_limit', null, elapsed);
  return toLocateResult(problem, [], result.status, null, elapsed);
}
