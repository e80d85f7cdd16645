/**
 * Edits of a draft plan: each one locks the plan, checks its version and status, turns the
 * stored state into the next one with a pure function, writes only the difference (with the
 * areas drawn outlines claim), rebuilds the touched cells' outlines, and logs the difference so it can be undone and
 * redone on the server. Everything happens in the caller's transaction.
 */
import { planCounty } from './distribution';
import type { Queryable } from './pool';
import type { EditOp, EditRecord, PlanRow } from '../contract/grid-plans';
import { type Message, msg } from '../contract/messages';
import { conflict, notFound, staleVersion, unprocessable } from '../domain/errors';
import { audit } from './audit';
import { touchVersioned } from './write';
import { getPlanRow, loadState, lockNumbering, rebuildCellGeometry } from './grid-plans';
import {
  type EditDiff,
  type PlanState,
  applyDiff,
  diffClaims,
  diffStates,
  invertDiff,
  isEmptyDiff,
  labelsOf,
  nextFreeLabel,
  relabelDiff,
} from '../domain/grid-edit/state';
import { type DrawnOutline, claimOutline, followMoves, readClaims, writeClaims } from './grid-claims';
import { type HistoryStatus, appendPlan, historyStatus, redoTarget, undoTarget } from '../domain/grid-edit/history';

/** Locks a plan, checking the caller's version and that it is a draft. */
export async function lockDraft(c: Queryable, planId: number, version: number): Promise<PlanRow> {
  const plan = await getPlanRow(c, planId, true);
  if (!plan) throw notFound('grid.plan.not_found', { id: planId });
  if (plan.version !== version) throw staleVersion('grid_plan', planId, plan.version, version);
  if (plan.status !== 'draft') throw conflict('grid.plan.not_editable', { id: planId, status: plan.status }, { status: plan.status });
  return plan;
}

/**
 * Writes a diff to the plan's cells and memberships and rebuilds the outlines it touches. `claims`
 * runs once the new cells hold their buildings and before removed cells are deleted; it keeps the
 * drawn areas in step and answers whether any changed (then every outline is rebuilt).
 */
export async function persistDiff(c: Queryable, planId: number, diff: EditDiff, claims: () => Promise<boolean>): Promise<void> {
  const row = (ch: EditDiff['cells'][number]) => ({ label: ch.label, locked: ch.after!.locked, name: ch.after!.name ?? '' });
  const created = diff.cells.filter((ch) => ch.before === null && ch.after !== null).map(row);
  const changed = diff.cells.filter((ch) => ch.before !== null && ch.after !== null).map(row);
  const removed = diff.cells.filter((ch) => ch.after === null).map((ch) => ch.label);
  if (created.length > 0) {
    await c.query(
      `INSERT INTO grid_cell (plan_id, label, locked, name)
       SELECT $1, r.label, r.locked, r.name FROM json_to_recordset($2::json) AS r(label text, locked boolean, name text)`,
      [planId, JSON.stringify(created)],
    );
  }
  const placed = diff.moves.filter(([, , to]) => to !== null).map(([building, , to]) => ({ building, label: to }));
  if (placed.length > 0) {
    await c.query(
      `INSERT INTO cell_building (plan_id, building_code, cell_id, county_code)
       SELECT $1, r.building, g.id, g.county_code FROM json_to_recordset($2::json) AS r(building text, label text)
         JOIN grid_cell g ON g.plan_id = $1 AND g.label = r.label
       ON CONFLICT (plan_id, building_code, county_code) DO UPDATE SET cell_id = EXCLUDED.cell_id`,
      [planId, JSON.stringify(placed)],
    );
  }
  const unplaced = diff.moves.filter(([, , to]) => to === null).map(([building]) => building);
  if (unplaced.length > 0) {
    await c.query('DELETE FROM cell_building WHERE plan_id = $1 AND building_code IN (SELECT json_array_elements_text($2::json))', [
      planId,
      JSON.stringify(unplaced),
    ]);
  }
  const claimsChanged = await claims();
  if (removed.length > 0) {
    // Cascades would silently drop memberships: a removed cell must already be empty.
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code
        WHERE g.plan_id = $1 AND g.label IN (SELECT json_array_elements_text($2::json))`,
      [planId, JSON.stringify(removed)],
    );
    // The edit logic never empties a cell it removes: this is a bug, answered as an internal error.
    if (rows[0].n > 0) throw new Error(`cells ${removed.join(', ')} still hold ${rows[0].n} buildings`);
    await c.query('DELETE FROM grid_cell WHERE plan_id = $1 AND label IN (SELECT json_array_elements_text($2::json))', [
      planId,
      JSON.stringify(removed),
    ]);
  }
  if (changed.length > 0) {
    await c.query(
      `UPDATE grid_cell g SET locked = r.locked, name = r.name, updated_at = now()
         FROM json_to_recordset($2::json) AS r(label text, locked boolean, name text)
        WHERE g.plan_id = $1 AND g.label = r.label`,
      [planId, JSON.stringify(changed)],
    );
  }
  const touched = new Set<string>(created.map((x) => x.label));
  for (const [, from, to] of diff.moves) {
    if (from !== null) touched.add(from);
    if (to !== null) touched.add(to);
  }
  for (const label of removed) touched.delete(label);
  if (claimsChanged) await rebuildCellGeometry(c, planId, null);
  else if (touched.size > 0) await rebuildCellGeometry(c, planId, [...touched]);
}

interface LogRow {
  seq: number;
  undone: boolean;
}

async function loadLog(c: Queryable, planId: number): Promise<LogRow[]> {
  const { rows } = await c.query<LogRow>('SELECT seq, undone FROM grid_plan_edit WHERE plan_id = $1 ORDER BY seq', [planId]);
  return rows;
}

export async function planHistory(c: Queryable, planId: number): Promise<HistoryStatus> {
  return historyStatus(await loadLog(c, planId));
}

function summarise(seq: number, op: EditRecord['op'], diff: EditDiff, version: number, notes: Message[]): EditRecord {
  return {
    seq,
    op,
    movedBuildings: diff.moves.length,
    createdCells: diff.cells.filter((ch) => ch.before === null).map((ch) => ch.label),
    removedCells: diff.cells.filter((ch) => ch.after === null).map((ch) => ch.label),
    version,
    notes,
  };
}

export interface EditRequest {
  planId: number;
  version: number;
  username: string;
  op: EditOp;
  /** The request as sent, kept in the log (small: selections and outlines). */
  request: unknown;
}

/** The next state of an edit, with the notes of the automatic tools and, for a draw, the outline to keep. */
export interface Computed {
  state: PlanState;
  notes: Message[];
  outline?: DrawnOutline;
}

const sameClaims = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) => diffClaims(a, b).length === 0;

/**
 * Runs one edit: `compute` gets the locked draft and its state and returns the next state (or
 * throws a domain error, leaving everything as it was). An edit that changes nothing is refused.
 */
export async function runEdit(
  c: Queryable,
  edit: EditRequest,
  compute: (plan: PlanRow, state: PlanState) => Promise<Computed>,
): Promise<EditRecord> {
  const plan = await lockDraft(c, edit.planId, edit.version);
  const before = { ...(await loadState(c, edit.planId)), reserved: await lockNumbering(c, plan.communityCode, edit.planId) };
  const { state: after, notes, outline } = await compute(plan, before);
  const members = diffStates(before, after);
  const claimsBefore = await readClaims(c, edit.planId);
  await persistDiff(c, edit.planId, members, async () => {
    await followMoves(c, edit.planId, members);
    return !sameClaims(claimsBefore, await readClaims(c, edit.planId));
  });
  if (outline) {
    await claimOutline(c, edit.planId, outline);
    await rebuildCellGeometry(c, edit.planId, null);
  }
  const claims = diffClaims(claimsBefore, await readClaims(c, edit.planId));
  const diff: EditDiff = claims.length > 0 ? { ...members, claims } : members;
  // Thrown inside the caller's transaction: whatever was written above is rolled back.
  if (isEmptyDiff(diff)) throw unprocessable('grid.edit.no_change');
  const { seq, discard } = appendPlan(await loadLog(c, edit.planId));
  if (discard.length > 0)
    await c.query(`DELETE FROM grid_plan_edit WHERE plan_id = $1 AND county_code = ${planCounty('$1')} AND seq >= $2`, [
      edit.planId,
      Math.min(...discard),
    ]);
  await c.query(
    `INSERT INTO grid_plan_edit (plan_id, county_code, seq, op, request, diff, username)
     VALUES ($1, ${planCounty('$1')}, $2, $3, $4::jsonb, $5::jsonb, $6)`,
    [edit.planId, seq, edit.op, JSON.stringify(edit.request ?? {}), JSON.stringify(diff), edit.username],
  );
  const version = await touchVersioned(c, 'grid_plan', String(edit.planId), edit.version);
  const record = summarise(seq, edit.op, diff, version, notes);
  await audit(c, {
    username: edit.username,
    action: `grid_edit.${edit.op}`,
    entity: 'grid_plan',
    entityId: String(edit.planId),
    before: { version: edit.version },
    after: record,
  });
  return record;
}

/** Labels of the community's published plan now in force. */
async function publishedNow(c: Queryable, communityCode: string): Promise<Set<string>> {
  const { rows } = await c.query<{ label: string }>(
    `SELECT g.label FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
      WHERE p.community_code = $1 AND p.status = 'published'`,
    [communityCode],
  );
  return new Set(rows.map((r) => r.label));
}

const createdBy = (diff: EditDiff) => diff.cells.filter((ch) => ch.before === null && ch.after !== null).map((ch) => ch.label);

/**
 * A step brings cells back into existence: a redo re-creates the cells its edit created, an undo
 * brings back the cells its edit removed. Since then another open plan or a generated proposal may
 * have taken such a number, or a publish may have used or retired it. Those cells get the next free
 * number instead, with a note for each, and so do the logged edits on that side of the step (the
 * ones still to redo, or the ones still to undo), so later steps name the same cell. A cell this
 * draft got from the published plan (no logged edit before the step created it) keeps its number
 * while the published plan still has it: other drafts hold copies of that same cell.
 */
async function renumberBroughtBack(
  c: Queryable,
  plan: PlanRow,
  seq: number,
  direction: 'undo' | 'redo',
  diff: EditDiff,
  notes: Message[],
): Promise<EditDiff> {
  const back = createdBy(diff);
  if (back.length === 0) return diff;
  const taken = await lockNumbering(c, plan.communityCode, plan.id);
  if (!back.some((label) => taken.has(label))) return diff;
  const { rows: log } = await c.query<{ seq: number; diff: EditDiff }>(
    'SELECT seq, diff FROM grid_plan_edit WHERE plan_id = $1 ORDER BY seq',
    [plan.id],
  );
  const published = await publishedNow(c, plan.communityCode);
  const createdHere = new Set(log.filter((row) => row.seq <= seq).flatMap((row) => createdBy(row.diff)));
  const clashing = back.filter((label) => taken.has(label) && (createdHere.has(label) || !published.has(label)));
  if (clashing.length === 0) return diff;
  const used = new Set((await loadState(c, plan.id)).cells.keys());
  for (const row of log) for (const label of labelsOf(row.diff)) used.add(label);
  const renamed = new Map<string, string>();
  for (const label of clashing) {
    const fresh = nextFreeLabel(used, taken);
    used.add(fresh);
    renamed.set(label, fresh);
    notes.push(msg(direction === 'redo' ? 'grid.history.renumbered' : 'grid.history.restored_renumbered', { cell: label, to: fresh }));
  }
  const side = log.filter((row) => (direction === 'redo' ? row.seq >= seq : row.seq <= seq));
  await c.query(
    `UPDATE grid_plan_edit e SET diff = r.diff FROM json_to_recordset($2::json) AS r(seq int, diff jsonb)
      WHERE e.plan_id = $1 AND e.county_code = ${planCounty('$1')} AND e.seq = r.seq`,
    [plan.id, JSON.stringify(side.map((row) => ({ seq: row.seq, diff: relabelDiff(row.diff, renamed) })))],
  );
  return relabelDiff(diff, renamed);
}

/** Undoes the last applied edit (`direction` 'undo') or redoes the first undone one. */
export async function stepHistory(
  c: Queryable,
  planId: number,
  version: number,
  username: string,
  direction: 'undo' | 'redo',
): Promise<EditRecord> {
  const plan = await lockDraft(c, planId, version);
  const log = await loadLog(c, planId);
  const seq = direction === 'undo' ? undoTarget(log) : redoTarget(log);
  if (seq === null) throw conflict(direction === 'undo' ? 'grid.history.nothing_to_undo' : 'grid.history.nothing_to_redo');
  const { rows } = await c.query<{ diff: EditDiff; op: EditOp }>('SELECT diff, op FROM grid_plan_edit WHERE plan_id = $1 AND seq = $2', [
    planId,
    seq,
  ]);
  const notes: Message[] = [];
  const logged = direction === 'undo' ? invertDiff(rows[0].diff) : rows[0].diff;
  const diff = await renumberBroughtBack(c, plan, seq, direction, logged, notes);
  const claims = diff.claims ?? [];
  const current = await readClaims(c, planId);
  const outOfSync = () => conflict('grid.history.out_of_sync', { seq, direction });
  try {
    applyDiff(await loadState(c, planId), diff);
  } catch {
    // The stored state no longer matches the logged edit (changed outside the editor).
    throw outOfSync();
  }
  if (claims.some((ch) => (current.get(ch.label) ?? null) !== ch.before)) throw outOfSync();
  await persistDiff(c, planId, diff, async () => {
    await writeClaims(c, planId, claims);
    return claims.length > 0;
  });
  await c.query(`UPDATE grid_plan_edit SET undone = $3 WHERE plan_id = $1 AND county_code = ${planCounty('$1')} AND seq = $2`, [
    planId,
    seq,
    direction === 'undo',
  ]);
  const newVersion = await touchVersioned(c, 'grid_plan', String(planId), version);
  const record = summarise(seq, direction, diff, newVersion, notes);
  await audit(c, {
    username,
    action: `grid_edit.${direction}`,
    entity: 'grid_plan',
    entityId: String(planId),
    before: { version, op: rows[0].op },
    after: record,
  });
  return record;
}
