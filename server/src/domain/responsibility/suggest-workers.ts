/**
 * Proposes grid workers for cells that lack them (PRODUCT §5.4): people of the right types
 * living nearest, with enough workers per cell that none covers more than the household limit.
 * A min-cost assignment solved with HiGHS; the objective ranks, in this order:
 *   1. cells left with no worker at all (weight UNCOVERED),
 *   2. workers still missing under the household limit (weight SHORT),
 *   3. kilometres between each worker's home and the cell.
 * so a worker is only ever placed farther away when that covers a cell or lifts a limit. The
 * planner accepts or edits the proposal; nothing is written here.
 */
import { MipModel } from '../solver/model';
import { runMip } from '../solver/highs';
import { candidateDistance, openNeeds, summarise, type WorkerCandidate, type WorkerCell, type WorkerSuggestion } from './worker-needs';
import { greedyWorkers } from './greedy-workers';

const UNCOVERED = 1_000_000;
const SHORT = 1_000;

export * from './worker-needs';

/** The proposal; falls back to the greedy when HiGHS gives no answer in time. */
export async function suggestWorkers(
  cells: readonly WorkerCell[],
  candidates: readonly WorkerCandidate[],
  maxHouseholdsPerWorker: number,
  timeLimitSeconds = 5,
): Promise<WorkerSuggestion> {
  const needs = openNeeds(cells, maxHouseholdsPerWorker);
  if (needs.length === 0 || candidates.length === 0) {
    return { status: 'optimal', proposals: [], unfilled: summarise(cells, [], maxHouseholdsPerWorker) };
  }
  const model = new MipModel('minimize');
  const x: { p: number; n: number; col: number; metres: number }[] = [];
  candidates.forEach((candidate, p) =>
    needs.forEach(({ cell }, n) => {
      const metres = candidateDistance(candidate, cell);
      x.push({ p, n, col: model.addBinary(metres / 1000), metres });
    }),
  );
  needs.forEach(({ cell, need }, n) => {
    const mine = x.filter((e) => e.n === n).map((e) => [e.col, 1] as const);
    model.atMost(mine, need);
    const short = model.addContinuous(0, need, SHORT);
    model.atLeast([...mine, [short, 1]], need);
    if (cell.currentWorkers === 0) {
      const uncovered = model.addBinary(UNCOVERED);
      model.atLeast([...mine, [uncovered, 1]], 1);
    }
  });
  candidates.forEach((_, p) =>
    model.atMost(
      x.filter((e) => e.p === p).map((e) => [e.col, 1] as const),
      1,
    ),
  );

  const result = await runMip(model, { timeLimitSeconds, mipRelGap: 1e-6 });
  if (!result.values) return greedyWorkers(cells, candidates, maxHouseholdsPerWorker);
  const proposals = x
    .filter((e) => result.values![e.col] === 1)
    .map((e) => ({ cellCode: needs[e.n].cell.cellCode, personId: candidates[e.p].personId, distanceMetres: Math.round(e.metres) }))
    .sort((a, b) => a.cellCode.localeCompare(b.cellCode) || a.distanceMetres - b.distanceMetres);
  return { status: result.status, proposals, unfilled: summarise(cells, proposals, maxHouseholdsPerWorker) };
}
