/**
 * One function per edit operation of the grid editor: each asks PostGIS what it needs (the
 * buildings inside an outline, the sides of a split line, the atom adjacency), lets the pure edit
 * logic decide the next state, and hands it to runEdit, which writes, logs and versions it.
 */
import type { Queryable } from './pool';
import { type EditRecord, runEdit } from './grid-edits';
import { communityUnits, type PlanRow } from './grid-plans';
import { buildingsInsideOutline, selectedBuildings, splitGroups } from './grid-shapes';
import { ApiError } from '../http/errors';
import type { EditBody } from '../routes/grid-plan-schemas';
import { type EditOutcome, drawCell, mergeCells, moveBuildings, setLock, splitCell } from '../domain/grid-edit/ops';
import { rebalanceState, regenerateState } from '../domain/grid-edit/auto';
import type { PlanState } from '../domain/grid-edit/state';

export interface EditAnswer extends EditRecord {
  /** Notes from the automatic tools (moves made, cells still out of range, partition reasons). */
  notes: string[];
}

function accept(outcome: EditOutcome): PlanState {
  if (!outcome.ok) {
    const status = outcome.reason === 'unknown_cell' ? 400 : 422;
    throw new ApiError(status, outcome.reason, outcome.message);
  }
  return outcome.state;
}

async function adjacencyOf(c: Queryable, communityCode: string) {
  return (await communityUnits(c, communityCode)).adjacency;
}

/** Applies an edit request to draft `planId` in the caller's transaction. */
export async function applyEditRequest(c: Queryable, planId: number, body: EditBody, username: string): Promise<EditAnswer> {
  const notes: string[] = [];
  const { version, op } = body;
  const compute = async (plan: PlanRow, state: PlanState): Promise<PlanState> => {
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
      case 'split_line': {
        if (!state.cells.has(body.cell)) throw new ApiError(400, 'unknown_cell', `There is no cell ${body.cell} in this plan`);
        return accept(splitCell(state, body.cell, await splitGroups(c, planId, body.cell, body.line.coordinates, 'line')));
      }
      case 'draw': {
        if (body.cell !== null && !state.cells.has(body.cell)) throw new ApiError(400, 'unknown_cell', `There is no cell ${body.cell} in this plan`);
        const inside = await buildingsInsideOutline(c, plan.communityCode, body.outline.coordinates, 'outline');
        return accept(drawCell(state, body.cell, inside, body.replace, await adjacencyOf(c, plan.communityCode)));
      }
      case 'rebalance': {
        const { units, edges } = await communityUnits(c, plan.communityCode);
        const result = rebalanceState(units, edges, state, { minHouseholds: plan.minHouseholds, maxHouseholds: plan.maxHouseholds });
        notes.push(`rebalance moved ${result.moves} building${result.moves === 1 ? '' : 's'}`);
        if (result.outOfRange.length > 0) notes.push(`still out of range: cell ${result.outOfRange.join(', ')}`);
        return result.state;
      }
      case 'regenerate': {
        const { units, edges } = await communityUnits(c, plan.communityCode);
        const result = regenerateState(units, edges, state, { minHouseholds: plan.minHouseholds, maxHouseholds: plan.maxHouseholds, seed: body.seed });
        notes.push(...result.reasons);
        return result.state;
      }
    }
  };
  const record = await runEdit(c, { planId, version, username, op, request: body }, compute);
  return { ...record, notes };
}
