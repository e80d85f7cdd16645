/**
 * The answer every grid-plan endpoint gives: the plan, its cells with live figures, the plan
 * metrics, the integrity checks and the undo/redo state. Draft cells have no code yet; their
 * `code` is the one publishing will give them, marked provisional: the number of their label
 * (第N网格), or for a cell of an older draft with a letter label the next free number.
 */
import type { Queryable } from './pool';
import type { CellView, PlanRow, PlanView } from '../contract/grid-plans';
import { notFound } from '../domain/errors';
import { type CellRow, getPlanRow, planCells, reservedLabels } from './grid-plans';
import { validatePlan } from './grid-validation';
import { planHistory } from './grid-edits';
import { cellCode, cellCodes } from '../domain/grid/codes';
import { labelNumber, nextFreeLabel } from '../domain/grid-edit/state';
import { planMetrics, polsbyPopper } from '../domain/grid/metrics';
import { localProjector } from '../domain/grid-edit/project';

/** Codes in reading order of the cells' building centres (north→south, west→east): a community's first numbering. */
export function provisionalCodes(communityCode: string, cells: readonly Pick<CellRow, 'buildingCentre'>[]): (string | null)[] {
  const placed = cells.map((cell, i) => ({ i, centre: cell.buildingCentre })).filter((x) => x.centre !== null);
  if (placed.length === 0) return cells.map(() => null);
  const lng0 = placed.reduce((s, x) => s + x.centre![0], 0) / placed.length;
  const lat0 = placed.reduce((s, x) => s + x.centre![1], 0) / placed.length;
  const project = localProjector(lng0, lat0);
  const codes = cellCodes(
    communityCode,
    placed.map((x) => project(x.centre![0], x.centre![1])),
  );
  const out: (string | null)[] = cells.map(() => null);
  placed.forEach((x, k) => (out[x.i] = codes[k]));
  return out;
}

/**
 * The label each cell keeps on publishing: a 第N网格 label stays; any other label takes the
 * lowest number neither in use in the plan nor ever published in the community (`reserved`), in
 * reading order. Cells without buildings and without a number get null.
 */
export function publishedLabels(
  communityCode: string,
  cells: readonly Pick<CellRow, 'label' | 'buildingCentre'>[],
  reserved: ReadonlySet<string>,
): (string | null)[] {
  const out = cells.map((cell) => (labelNumber(cell.label) === null ? null : cell.label));
  const unnumbered = cells.map((cell, i) => ({ cell, i })).filter((x) => out[x.i] === null && x.cell.buildingCentre !== null);
  const order = provisionalCodes(
    communityCode,
    unnumbered.map((x) => x.cell),
  );
  const used = out.filter((label): label is string => label !== null);
  unnumbered
    .map((x, k) => ({ i: x.i, order: order[k] ?? '' }))
    .sort((a, b) => a.order.localeCompare(b.order))
    .forEach(({ i }) => {
      const label = nextFreeLabel(used, reserved);
      used.push(label);
      out[i] = label;
    });
  return out;
}

/** The code of a numbered label in the community. */
export function codeOfLabel(communityCode: string, label: string | null): string | null {
  const n = label === null ? null : labelNumber(label);
  return n === null ? null : cellCode(communityCode, n);
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function cellViews(plan: PlanRow, cells: readonly CellRow[], reserved: ReadonlySet<string>): CellView[] {
  const target = (plan.minHouseholds + plan.maxHouseholds) / 2;
  const provisional =
    plan.status === 'published' || plan.status === 'archived'
      ? cells.map(() => null)
      : publishedLabels(plan.communityCode, cells, reserved).map((label) => codeOfLabel(plan.communityCode, label));
  return cells
    .map((cell, i) => ({
      id: cell.id,
      label: cell.label,
      name: cell.name,
      code: cell.code ?? provisional[i],
      codeProvisional: cell.code === null && provisional[i] !== null,
      locked: cell.locked,
      households: cell.households,
      residents: cell.residents,
      buildingCount: cell.buildingCount,
      buildingCodes: cell.buildingCodes,
      areaM2: round(cell.areaM2, 1),
      perimeterM: round(cell.perimeterM, 1),
      compactness: round(polsbyPopper(cell.areaM2, cell.perimeterM), 4),
      inRange: cell.households >= plan.minHouseholds && cell.households <= plan.maxHouseholds,
      deviation: cell.households - target,
      geometry: cell.geometry,
      validFrom: cell.validFrom,
      validTo: cell.validTo,
    }))
    .sort((a, b) => (a.code ?? '~').localeCompare(b.code ?? '~') || a.label.localeCompare(b.label));
}

export function metricsOf(plan: PlanRow, cells: readonly CellView[]): PlanView['metrics'] {
  const target = (plan.minHouseholds + plan.maxHouseholds) / 2;
  const filled = cells.filter((cell) => cell.buildingCount > 0);
  const summary = planMetrics(
    filled.map((cell) => ({ households: cell.households, areaM2: cell.areaM2, perimeterM: cell.perimeterM })),
    target,
  );
  if (!summary) return null;
  return {
    ...summary,
    meanHouseholds: round(summary.meanHouseholds, 1),
    maxDeviationPct: round(summary.maxDeviationPct, 1),
    meanPolsbyPopper: round(summary.meanPolsbyPopper, 4),
    targetHouseholds: target,
    households: filled.reduce((s, cell) => s + cell.households, 0),
    assignedBuildings: filled.reduce((s, cell) => s + cell.buildingCount, 0),
  };
}

/** The full view of a plan; not found when there is none with this id. */
export async function planView(c: Queryable, planId: number): Promise<PlanView> {
  const plan = await getPlanRow(c, planId);
  if (!plan) throw notFound('grid.plan.not_found', { id: planId });
  const cells = cellViews(plan, await planCells(c, planId), await reservedLabels(c, plan.communityCode));
  return {
    ...plan,
    cells,
    metrics: metricsOf(plan, cells),
    validation: await validatePlan(c, planId),
    history: await planHistory(c, planId),
  };
}
