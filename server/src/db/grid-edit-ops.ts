/**
 * One function per edit operation of the grid editor: each asks PostGIS what it needs (the
 * buildings inside an outline, the sides of a split line, the atom adjacency), lets the pure edit
 * logic decide the next state, and hands it to runEdit, which writes, logs and versions it.
 */
import type { Queryable } from './pool';
import type { EditBody, EditRecord, PlanRow } from '../contract/grid-plans';
import { type Message, msg } from '../contract/messages';
import { invalid, unprocessable } from '../domain/errors';
import { type Computed, runEdit } from './grid-edits';
import { communityUnits } from './grid-plans';
import { buildingsInsideOutline, requireWholeBuildings, selectedBuildings, splitGroups } from './grid-shapes';
import { type EditOutcome, drawCell, mergeCells, moveBuildings, renameCell, setLock, splitCell } from '../domain/grid-edit/ops';
import { rebalanceState, regenerateState } from '../domain/grid-edit/auto';
import type { PlanState } from '../domain/grid-edit/state';

/** A refused hand edit: an unknown cell is bad input (400), anything else cannot be done (422). */
function accept(outcome: EditOutcome): Computed {
  if (!outcome.ok) {
    const code = `grid.edit.${outcome.reason}` as const;
    throw outcome.reason === 'unknown_cell' ? invalid(code, outcome.params) : unprocessable(code, outcome.params);
  }
  return { state: outcome.state, notes: [] };
}

function requireCell(state: PlanState, label: string | null): void {
  if (label !== null && !state.cells.has(label)) throw invalid('grid.edit.unknown_cell', { cell: label });
}

async function adjacencyOf(c: Queryable, communityCode: string) {
  return (await communityUnits(c, communityCode)).adjacency;
}

/** Applies an edit request to draft `planId` in the caller's transaction. */
export async function applyEditRequest(c: Queryable, planId: number, body: EditBody, username: string): Promise<EditRecord> {
  const compute = async (plan: PlanRow, state: PlanState): Promise<Computed> => {
    const range = { minHouseholds: plan.minHouseholds, maxHouseholds: plan.maxHouseholds };
    switch (body.op) {
      case 'move':
      case 'new_cell': {
        const buildings = await selectedBuildings(c, plan.communityCode, body.buildings, body.compounds);
        return accept(moveBuildings(state, buildings, body.op === 'move' ? body.to : null));
      }
      case 'merge':
        return accept(mergeCells(state, body.cells, await adjacencyOf(c, plan.communityCode)));
      case 'lock':
        return accept(setLock(state, body.cell, body.locked));
      case 'rename':
        return accept(renameCell(state, body.cell, body.name));
      case 'split_line': {
        requireCell(state, body.cell);
        return accept(splitCell(state, body.cell, await splitGroups(c, planId, body.cell, body.line.coordinates, 'line')));
      }
      case 'draw': {
        requireCell(state, body.cell);
        const inside = await buildingsInsideOutline(c, plan.communityCode, body.outline.coordinates, 'outline');
        const wkt = await requireWholeBuildings(c, plan.communityCode, body.outline.coordinates);
        const outcome = drawCell(state, body.cell, inside, body.replace, await adjacencyOf(c, plan.communityCode));
        if (!outcome.ok || outcome.target === null) return accept(outcome);
        // The drawn line becomes the cell's edge (clipped to the community); a new cell is the outline alone.
        const outline = { label: outcome.target, wkt, communityCode: plan.communityCode, replace: body.replace || body.cell === null };
        return { ...accept(outcome), outline };
      }
      case 'rebalance': {
        const { units, edges } = await communityUnits(c, plan.communityCode);
        const result = rebalanceState(units, edges, state, range);
        // A rebalance that moves nothing says why instead of a bare "changes nothing".
        if (result.moves === 0) {
          const bounds = { min: plan.minHouseholds, max: plan.maxHouseholds };
          if (state.cells.size === 0) throw unprocessable('grid.edit.rebalance_no_cells');
          if (result.outOfRange.length === 0) throw unprocessable('grid.edit.rebalance_in_range', bounds);
          const locked = [...state.cells.values()].filter((cell) => cell.locked).length;
          throw unprocessable('grid.edit.rebalance_stuck', {
            ...bounds,
            cells: result.outOfRange,
            count: result.outOfRange.length,
            locked,
          });
        }
        const notes: Message[] = [msg('grid.edit.rebalanced', { count: result.moves })];
        if (result.outOfRange.length > 0)
          notes.push(msg('grid.edit.still_out_of_range', { cells: result.outOfRange, count: result.outOfRange.length }));
        return { state: result.state, notes };
      }
      case 'regenerate': {
        const { units, edges } = await communityUnits(c, plan.communityCode);
        const result = regenerateState(units, edges, state, { ...range, seed: body.seed });
        return { state: result.state, notes: result.reasons };
      }
    }
  };
  return runEdit(c, { planId, version: body.version, username, op: body.op, request: body }, compute);
}
