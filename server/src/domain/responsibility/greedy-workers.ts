/**
 * The fallback when HiGHS is unavailable: first give every uncovered cell its nearest free
 * candidate (cells with the fewest nearby candidates first), then fill the remaining needs the
 * same way. Covers every cell whenever candidates ≥ uncovered cells, since any free candidate
 * may serve any cell.
 */
import {
  candidateDistance,
  openNeeds,
  summarise,
  type WorkerCandidate,
  type WorkerCell,
  type WorkerProposal,
  type WorkerSuggestion,
} from './worker-needs';

export function greedyWorkers(
  cells: readonly WorkerCell[],
  candidates: readonly WorkerCandidate[],
  maxHouseholdsPerWorker: number,
): WorkerSuggestion {
  const needs = openNeeds(cells, maxHouseholdsPerWorker);
  const free = new Set(candidates.map((_, i) => i));
  const proposals: WorkerProposal[] = [];
  const remaining = new Map(needs.map((n) => [n.cell.cellCode, n.need]));

  const take = (cell: WorkerCell) => {
    let best = -1;
    let bestMetres = Infinity;
    for (const i of free) {
      const metres = candidateDistance(candidates[i], cell);
      if (metres < bestMetres) [best, bestMetres] = [i, metres];
    }
    if (best < 0) return;
    free.delete(best);
    remaining.set(cell.cellCode, remaining.get(cell.cellCode)! - 1);
    proposals.push({ cellCode: cell.cellCode, personId: candidates[best].personId, distanceMetres: Math.round(bestMetres) });
  };

  // Round 1: one worker for each uncovered cell, farthest-from-everyone cells first.
  const nearest = (cell: WorkerCell) => Math.min(...candidates.map((c) => candidateDistance(c, cell)));
  const uncovered = needs.filter((n) => n.cell.currentWorkers === 0).sort((a, b) => nearest(b.cell) - nearest(a.cell));
  for (const { cell } of uncovered) take(cell);
  // Round 2: the rest of every need, largest remaining need first.
  let progress = true;
  while (progress && free.size > 0) {
    progress = false;
    const open = needs
      .filter((n) => remaining.get(n.cell.cellCode)! > 0)
      .sort((a, b) => remaining.get(b.cell.cellCode)! - remaining.get(a.cell.cellCode)!);
    if (open[0]) {
      take(open[0].cell);
      progress = true;
    }
  }
  proposals.sort((a, b) => a.cellCode.localeCompare(b.cellCode) || a.distanceMetres - b.distanceMetres);
  return { status: 'greedy', proposals, unfilled: summarise(cells, proposals, maxHouseholdsPerWorker) };
}
