// Undo/redo over a plan's edit log. Edits are numbered 1..n; the applied ones are a prefix
// 1..p and the undone ones the rest, p+1..n. Undo takes back p, redo re-applies p+1, and a new
// edit discards p+1..n (as in any editor: after undoing, a new step forgets the redo branch).
import type { HistoryStatus } from '../../contract/grid-plans';

export interface LoggedEdit {
  seq: number;
  undone: boolean;
}

/** Undo depth and redo depth of a plan, and whether each step is possible now. */
export type { HistoryStatus };

/** Checks the log has the prefix shape; throws on a corrupt log (a programming error). */
function ordered(log: readonly LoggedEdit[]): LoggedEdit[] {
  const sorted = [...log].sort((a, b) => a.seq - b.seq);
  sorted.forEach((edit, i) => {
    if (edit.seq !== i + 1) throw new Error(`edit log has a hole: expected seq ${i + 1}, found ${edit.seq}`);
    if (i > 0 && sorted[i - 1].undone && !edit.undone) throw new Error(`edit ${edit.seq} is applied after an undone edit`);
  });
  return sorted;
}

export function historyStatus(log: readonly LoggedEdit[]): HistoryStatus {
  const sorted = ordered(log);
  const applied = sorted.filter((e) => !e.undone).length;
  return { applied, undone: sorted.length - applied, canUndo: applied > 0, canRedo: applied < sorted.length };
}

/** The edit that undo takes back, or null when nothing is applied. */
export function undoTarget(log: readonly LoggedEdit[]): number | null {
  const applied = ordered(log).filter((e) => !e.undone);
  return applied.length > 0 ? applied[applied.length - 1].seq : null;
}

/** The edit that redo re-applies, or null when nothing is undone. */
export function redoTarget(log: readonly LoggedEdit[]): number | null {
  return ordered(log).find((e) => e.undone)?.seq ?? null;
}

/** Where a new edit goes, and which undone edits it discards. */
export function appendPlan(log: readonly LoggedEdit[]): { seq: number; discard: number[] } {
  const sorted = ordered(log);
  const discard = sorted.filter((e) => e.undone).map((e) => e.seq);
  return { seq: sorted.length - discard.length + 1, discard };
}
