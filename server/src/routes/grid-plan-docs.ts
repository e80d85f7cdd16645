/** OpenAPI descriptions of the grid-plan routes. */
import type { RouteDoc } from '../http/openapi-types';
import { communityParam, compareQuery, createBody, deleteQuery, editSchema, generateBody, planIdParam, planPatch, rejectBody, versionBody } from './grid-plan-schemas';

const PLAN =
  '{id, communityCode, name, status, minHouseholds, maxHouseholds, basedOnPlanId, version, …timestamps, generation, ' +
  'cells: [{id, label, code, codeProvisional, locked, households, residents, buildingCount, buildingCodes, areaM2, perimeterM, compactness, inRange, deviation, geometry}], ' +
  'metrics: {cellCount, minHouseholds, maxHouseholds, meanHouseholds, maxDeviationPct, meanPolsbyPopper, targetHouseholds, households, assignedBuildings}, ' +
  'validation: {ok, errors, warnings, counts, problems: [{kind, severity, message, cells?, buildings?, areaM2?, households?, location?, bbox?}], toleranceM2, slivers}, ' +
  'history: {applied, undone, canUndo, canRedo}}. Draft cells have a stable `label`; their `code` is the one publishing would assign now (codeProvisional: true). ETag = version.';
const EDITORS = ['admin', 'planner'];
const STALE = 'Stale version (details.currentVersion), or the plan is not a draft (code not_editable)';
const tag = 'grid plans';

export const gridPlanDocs: RouteDoc[] = [
  { method: 'get', path: '/communities/{code}/grid-plans', tag, summary: "A community's grid plans, published first", roles: ['*'], params: communityParam, returns: '[plan row + cellCount, assignedBuildings]', errors: { 404: 'Unknown community' } },
  { method: 'post', path: '/communities/{code}/grid-plans', tag, summary: "Start a draft: empty, a copy of the published plan, or a copy of a plan id", roles: EDITORS, params: communityParam, body: createBody, returns: `201 ${PLAN}`, errors: { 404: 'Unknown community or plan', 422: 'No published plan to copy' } },
  { method: 'post', path: '/communities/{code}/grid-plans/generate', tag, summary: 'Automatic proposal for a household range (default 300–500): contiguous compact cells, buildings never split, compounds whole unless over the maximum, roads preferred as borders', roles: EDITORS, params: communityParam, body: generateBody, returns: `201 ${PLAN} plus generation: {feasible, reasons, durationMs}`, errors: { 404: 'Unknown community', 422: 'No plan can meet the range (code range_infeasible; details.reasons)' } },
  { method: 'get', path: '/grid-plans/compare', tag, summary: 'Which buildings and households change cell between plan a and plan b (cells matched by shared households)', roles: ['*'], query: compareQuery, returns: '{a, b, matches: [{a, b, sharedBuildings, sharedHouseholds}], onlyInA, onlyInB, moved: [{building, households, from, to, location}], movedBuildings, movedHouseholds, totalHouseholds}', errors: { 404: 'Unknown plan', 400: 'Plans of different communities' } },
  { method: 'get', path: '/grid-plans/{id}', tag, summary: 'A plan with live cell metrics, plan metrics, integrity checks and undo/redo state', roles: ['*'], params: planIdParam, returns: PLAN, errors: { 404: 'Unknown plan' } },
  { method: 'get', path: '/grid-plans/{id}/validation', tag, summary: `Integrity checks in PostGIS: unassigned / double-assigned buildings, out-of-range and non-contiguous cells, gaps, overlaps and parts outside the community (areas in m²; parts under the tolerance are reported as slivers)`, roles: ['*'], params: planIdParam, returns: '{ok, errors, warnings, counts, problems, toleranceM2, slivers, durationMs}', errors: { 404: 'Unknown plan' } },
  { method: 'get', path: '/grid-plans/{id}/buildings', tag, summary: "The community's buildings with their cell in this plan (for painting)", roles: ['*'], params: planIdParam, returns: 'FeatureCollection; properties {code, name, households, residents, compound, cell (label|null), locked, point}', errors: { 404: 'Unknown plan' } },
  { method: 'get', path: '/grid-plans/{id}/edits', tag, summary: 'The edit log (undone edits are redoable)', roles: ['*'], params: planIdParam, returns: '[{seq, op, undone, username, at, movedBuildings}]' },
  { method: 'patch', path: '/grid-plans/{id}', tag, summary: "Rename a draft or change its household range", roles: EDITORS, params: planIdParam, body: planPatch, returns: PLAN, errors: { 409: STALE } },
  { method: 'delete', path: '/grid-plans/{id}', tag, summary: 'Delete a draft or rejected plan', roles: EDITORS, params: planIdParam, query: deleteQuery, returns: '204', errors: { 409: 'Stale version or not a draft/rejected plan' } },
  {
    method: 'post', path: '/grid-plans/{id}/edits', tag, roles: EDITORS, params: planIdParam, body: editSchema,
    summary:
      'One edit of a draft, logged for undo/redo. move: buildings/compounds into cell `to` (null = new cell); new_cell; merge: touching cells into the first; ' +
      'split_line: divide a cell by a line; draw: the buildings whose point-on-surface is inside the outline join `cell` (null = new; replace = the cell gives up buildings outside it); ' +
      'lock: automatic tools leave locked cells alone; rebalance: fewest moves to bring cells into range; regenerate: re-partition the unlocked part. Emptied cells disappear.',
    returns: `${PLAN} plus edit: {seq, op, movedBuildings, createdCells, removedCells, version, notes}`,
    errors: { 409: STALE, 400: 'Unknown building/compound/cell, or an invalid outline/line (code invalid_geometry, details.field/reason/location) or one outside the community (outside_community)', 422: 'Edit cannot be done: no_change, nothing_selected, not_adjacent, no_split' },
  },
  { method: 'post', path: '/grid-plans/{id}/undo', tag, summary: 'Undo the last applied edit', roles: EDITORS, params: planIdParam, body: versionBody, returns: `${PLAN} plus edit`, errors: { 409: `${STALE}; nothing_to_undo` } },
  { method: 'post', path: '/grid-plans/{id}/redo', tag, summary: 'Redo the last undone edit (a new edit discards the redo branch)', roles: EDITORS, params: planIdParam, body: versionBody, returns: `${PLAN} plus edit`, errors: { 409: `${STALE}; nothing_to_redo` } },
  { method: 'post', path: '/grid-plans/{id}/submit', tag, summary: 'Submit a draft for approval (must pass every integrity check)', roles: EDITORS, params: planIdParam, body: versionBody, returns: PLAN, errors: { 409: 'Stale version or wrong status', 422: 'Integrity checks fail (code integrity_failed; details.problems)' } },
  { method: 'post', path: '/grid-plans/{id}/reopen', tag, summary: 'Take a submitted or rejected plan back to draft', roles: EDITORS, params: planIdParam, body: versionBody, returns: PLAN, errors: { 409: 'Stale version or wrong status' } },
  { method: 'post', path: '/grid-plans/{id}/approve', tag, summary: 'Approve a submitted plan (checks run again)', roles: ['admin', 'official'], params: planIdParam, body: versionBody, returns: PLAN, errors: { 409: 'Stale version or wrong status', 422: 'Integrity checks fail' } },
  { method: 'post', path: '/grid-plans/{id}/reject', tag, summary: 'Reject a submitted or approved plan with a reason', roles: ['admin', 'official'], params: planIdParam, body: rejectBody, returns: PLAN, errors: { 409: 'Stale version or wrong status' } },
  {
    method: 'post', path: '/grid-plans/{id}/publish', tag, roles: ['admin', 'official', 'planner'], params: planIdParam, body: versionBody,
    summary:
      'Publish an approved plan in one transaction: outlines rebuilt and every integrity check passed (else 422 with the failures), codes assigned west→east, north→south, ' +
      'the previous published plan archived and its cells closed (valid_to), lineage recorded, each open responsibility of a retired cell closed and reopened on the new cell that took most of its households, volunteer areas by cell code re-pointed',
    returns: `${PLAN} plus publish: {codes: [{label, code, cellId}], archivedPlanId, retiredCells, lineage: [{parentCellId, parentCode, childCellId, childCode, buildingCount, households}], responsibilities: [{assignmentId, personId, personName, role, fromCell, toCell, newAssignmentId, note?}], volunteerAreas}`,
    errors: { 409: 'Stale version or not approved', 422: 'Integrity checks fail (code integrity_failed; details.problems)' },
  },
];
