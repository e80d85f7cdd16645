/** Cells, candidates and what each cell still needs: shared by the MIP and the greedy fallback. */
import { msg, type Message } from '../../contract/messages';
import type { MipStatus } from '../solver/highs';
import { distanceMetres, type LngLat } from './distance';

export interface WorkerCell {
  cellCode: string;
  households: number;
  center: LngLat;
  /** Grid workers the cell already has. */
  currentWorkers: number;
}

export interface WorkerCandidate {
  personId: number;
  /** Home location; null = unknown (treated as UNKNOWN_HOME_METRES from every cell). */
  home: LngLat | null;
}

export interface WorkerProposal {
  cellCode: string;
  personId: number;
  distanceMetres: number;
}

export interface WorkerSuggestion {
  status: MipStatus | 'greedy';
  proposals: WorkerProposal[];
  /** Cells still short after the proposal, with how many workers they lack. */
  unfilled: { cellCode: string; missing: number; noWorker: boolean }[];
}

export const UNKNOWN_HOME_METRES = 5_000;

/** Workers a cell needs so that households per worker stay within the limit (at least one). */
export function workersNeeded(households: number, maxHouseholdsPerWorker: number): number {
  return Math.max(1, Math.ceil(households / Math.max(1, maxHouseholdsPerWorker)));
}

export function candidateDistance(candidate: WorkerCandidate, cell: WorkerCell): number {
  return candidate.home ? distanceMetres(candidate.home, cell.center) : UNKNOWN_HOME_METRES;
}

/** What each cell still needs: its own need minus the workers it has. */
export function openNeeds(cells: readonly WorkerCell[], maxHouseholdsPerWorker: number) {
  return cells
    .map((cell) => ({ cell, need: Math.max(0, workersNeeded(cell.households, maxHouseholdsPerWorker) - cell.currentWorkers) }))
    .filter((n) => n.need > 0);
}

export function summarise(
  cells: readonly WorkerCell[],
  proposals: readonly WorkerProposal[],
  maxHouseholdsPerWorker: number,
): WorkerSuggestion['unfilled'] {
  const added = new Map<string, number>();
  for (const p of proposals) added.set(p.cellCode, (added.get(p.cellCode) ?? 0) + 1);
  return openNeeds(cells, maxHouseholdsPerWorker)
    .map(({ cell, need }) => ({
      cellCode: cell.cellCode,
      missing: need - (added.get(cell.cellCode) ?? 0),
      noWorker: cell.currentWorkers + (added.get(cell.cellCode) ?? 0) === 0,
    }))
    .filter((u) => u.missing > 0);
}

/** What the planner should know about a proposal: the fallback used, no one to propose, cells left short. */
export function workerNotes(suggestion: WorkerSuggestion, candidateCount: number): Message[] {
  const notes: Message[] = [];
  if (suggestion.status === 'greedy') notes.push(msg('suggest.greedy'));
  if (candidateCount === 0) notes.push(msg('suggest.no_candidates'));
  if (suggestion.unfilled.length)
    notes.push(msg('suggest.cells_short', { count: suggestion.unfilled.length, cellCodes: suggestion.unfilled.map((u) => u.cellCode) }));
  return notes;
}
