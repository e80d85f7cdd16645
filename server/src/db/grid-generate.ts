/**
 * New drafts: an automatic proposal for a household range, an empty plan, or a copy of another
 * plan of the community (e.g. the published one). The partition itself is pure domain code; this
 * module feeds it the community's buildings and atom adjacency and writes what it returns.
 */
import type { Queryable } from './pool';
import type { Generation } from '../contract/grid-plans';
import { invalid, notFound, unprocessable } from '../domain/errors';
import { audit } from './audit';
import {
  communityUnits,
  getPlanRow,
  insertPlan,
  loadState,
  lockNumbering,
  rebuildCellGeometry,
  requireCommunity,
  writeState,
} from './grid-plans';
import { copyClaims } from './grid-claims';
import { provisionalCodes } from './grid-plan-view';
import { partitionOffThread } from '../threads/partition';
import { unitGraph } from '../domain/grid/contract';
import { components } from '../domain/grid/graph';
import { checkRange } from '../domain/grid-edit/feasibility';
import { type PlanState, nextFreeLabel } from '../domain/grid-edit/state';
import { matchCells } from '../domain/grid-edit/compare';
import type { Edge, PartitionResult, Unit } from '../domain/grid/types';
import { type Message, msg } from '../contract/messages';

export const DEFAULT_GENERATE_SEED = 1;

export interface GenerateParams {
  communityCode: string;
  minHouseholds: number;
  maxHouseholds: number;
  seed?: number;
  name?: string;
  /** Aim at this many cells instead of the given range (the range is then chosen around households ÷ cells). */
  targetCells?: number;
  username: string;
}

export interface GenerateResult {
  planId: number;
  generation: Generation;
  durationMs: { load: number; partition: number; write: number };
}

/** Partitions the community's buildings into a new draft; unprocessable when no plan can meet the range. */
export async function generatePlan(c: Queryable, params: GenerateParams): Promise<GenerateResult> {
  const { communityCode } = params;
  await requireCommunity(c, communityCode);
  if (params.minHouseholds > params.maxHouseholds) {
    throw invalid('grid.plan.min_over_max', { min: params.minHouseholds, max: params.maxHouseholds }, { field: 'json.minHouseholds' });
  }
  const t0 = performance.now();
  const { units, edges, positions } = await communityUnits(c, communityCode);
  if (units.length === 0) throw unprocessable('grid.plan.no_buildings', { community: communityCode });
  const groups = components(unitGraph(units, edges));
  const seed = params.seed ?? DEFAULT_GENERATE_SEED;
  const t1 = performance.now();
  const { min, max, result, notes } =
    params.targetCells === undefined
      ? await withRange(units, edges, groups, params.minHouseholds, params.maxHouseholds, seed)
      : await towardsTarget(units, edges, groups, params.targetCells, seed);
  const t2 = performance.now();

  const state = await numberCells(c, communityCode, result.cells, units, positions);
  const generation: Generation = {
    seed,
    minHouseholds: min,
    maxHouseholds: max,
    feasible: result.feasible,
    reasons: [...notes, ...result.reasons],
  };
  const planId = await insertPlan(c, {
    communityCode,
    name: params.name ?? (params.targetCells === undefined ? `自动生成 ${min}–${max} 户` : `自动生成 ${params.targetCells} 个网格`),
    minHouseholds: min,
    maxHouseholds: max,
    basedOnPlanId: null,
    username: params.username,
    generation,
  });
  await writeState(c, planId, state);
  await audit(c, {
    username: params.username,
    action: 'grid_plan.generate',
    entity: 'grid_plan',
    entityId: String(planId),
    after: { communityCode, cells: state.cells.size, ...generation },
  });
  const t3 = performance.now();
  const ms = (v: number) => Math.round(v * 10) / 10;
  return { planId, generation, durationMs: { load: ms(t1 - t0), partition: ms(t2 - t1), write: ms(t3 - t2) } };
}

type Groups = ReturnType<typeof components>;
interface Proposal {
  min: number;
  max: number;
  result: PartitionResult;
  notes: Message[];
}

/** A partition for the given range; unprocessable, with the reasons, when no plan can meet it. */
async function withRange(
  units: readonly Unit[],
  edges: readonly Edge[],
  groups: Groups,
  min: number,
  max: number,
  seed: number,
): Promise<Proposal> {
  const range = checkRange(units, groups, min, max);
  if (!range.feasible) throw unprocessable('grid.plan.range_infeasible', { min, max }, { reasons: range.reasons });
  return { min, max, result: await partitionOffThread(units, edges, { minHouseholds: min, maxHouseholds: max, seed }), notes: [] };
}

/** Half-widths of the household range tried around households ÷ cells, tightest first. */
const TARGET_SPREADS = [0.15, 0.25, 0.35, 0.5];

/**
 * A partition into about `target` cells: ranges around the mean households per cell are tried,
 * tightest first, and the first feasible one that gives exactly `target` cells wins, else the
 * one that came closest. A note says what was aimed at and what came out.
 */
async function towardsTarget(
  units: readonly Unit[],
  edges: readonly Edge[],
  groups: Groups,
  target: number,
  seed: number,
): Promise<Proposal> {
  const total = units.reduce((s, u) => s + u.households, 0);
  const mean = total / target;
  let best: Proposal | null = null;
  for (const spread of TARGET_SPREADS) {
    const min = Math.max(1, Math.floor(mean * (1 - spread)));
    const max = Math.max(min, Math.ceil(mean * (1 + spread)));
    if (!checkRange(units, groups, min, max).feasible) continue;
    const result = await partitionOffThread(units, edges, { minHouseholds: min, maxHouseholds: max, seed });
    const miss = Math.abs(result.cells.length - target);
    if (
      !best ||
      (result.feasible && !best.result.feasible) ||
      (result.feasible === best.result.feasible && miss < Math.abs(best.result.cells.length - target))
    ) {
      best = { min, max, result, notes: [] };
    }
    if (result.feasible && miss === 0) break;
  }
  if (!best) {
    const min = Math.max(1, Math.floor(mean * (1 - TARGET_SPREADS[TARGET_SPREADS.length - 1])));
    const max = Math.ceil(mean * (1 + TARGET_SPREADS[TARGET_SPREADS.length - 1]));
    return withRange(units, edges, groups, min, max, seed);
  }
  best.notes = [msg('grid.plan.target_cells', { target, cells: best.result.cells.length, min: best.min, max: best.max })];
  return best;
}

/**
 * The cells of a new proposal as a plan state, numbered so that no number changes meaning: a
 * cell takes the number of the published cell it shares most households with; the others take
 * the lowest numbers never published in the community and not used by its other open plans, in
 * reading order (north→south, west→east): the community's first proposal reads 第1网格, 第2网格, …,
 * and an alternative proposal goes on after the numbers the first one took.
 */
async function numberCells(
  c: Queryable,
  communityCode: string,
  cells: readonly number[][],
  units: readonly Unit[],
  positions: readonly [number, number][],
): Promise<PlanState> {
  // No plan has id 0: every other open plan's labels are taken, so two proposals never give one number to two areas.
  const reserved = await lockNumbering(c, communityCode, 0);
  const { rows } = await c.query<{ id: number }>("SELECT id::int AS id FROM grid_plan WHERE community_code = $1 AND status = 'published'", [
    communityCode,
  ]);
  const proposed = new Map<string, string>();
  cells.forEach((cell, k) => cell.forEach((i) => proposed.set(units[i].code, String(k))));
  const households = new Map(units.map((u) => [u.code, u.households]));
  const published = rows[0] ? (await loadState(c, rows[0].id)).cellOf : new Map<string, string>();
  const inherited = new Map(matchCells(proposed, published, households).map((m) => [Number(m.a), m.b]));

  const centres = cells.map((cell) => ({
    buildingCentre: [
      cell.reduce((s, i) => s + positions[i][0], 0) / cell.length,
      cell.reduce((s, i) => s + positions[i][1], 0) / cell.length,
    ] as [number, number],
  }));
  const order = provisionalCodes(communityCode, centres);
  const fresh = cells.map((_, k) => k).filter((k) => !inherited.has(k));
  fresh.sort((a, b) => (order[a] ?? '').localeCompare(order[b] ?? ''));
  const labels = new Map(inherited);
  for (const k of fresh) labels.set(k, nextFreeLabel(labels.values(), reserved));

  const state: PlanState = { cells: new Map(), cellOf: new Map(), reserved };
  cells.forEach((cell, k) => {
    const label = labels.get(k)!;
    state.cells.set(label, { locked: false });
    for (const i of cell) state.cellOf.set(units[i].code, label);
  });
  return state;
}

export interface DraftParams {
  communityCode: string;
  /** 'empty', 'published' or the id of a plan of the same community to copy. */
  from: 'empty' | 'published' | number;
  name?: string;
  username: string;
}

/** Starts a draft from scratch (with the community's household range) or as a copy of another plan; returns its id. */
export async function createDraft(c: Queryable, params: DraftParams): Promise<number> {
  const community = await requireCommunity(c, params.communityCode);
  let source: number | null = null;
  if (params.from === 'published') {
    const { rows } = await c.query<{ id: number }>(
      "SELECT id::int AS id FROM grid_plan WHERE community_code = $1 AND status = 'published'",
      [params.communityCode],
    );
    if (!rows[0]) throw unprocessable('grid.plan.no_published_plan', { community: params.communityCode });
    source = rows[0].id;
  } else if (typeof params.from === 'number') {
    const plan = await getPlanRow(c, params.from);
    if (!plan) throw notFound('grid.plan.not_found', { id: params.from });
    if (plan.communityCode !== params.communityCode) {
      throw invalid('grid.plan.other_community', { id: params.from, community: plan.communityCode, expected: params.communityCode });
    }
    source = plan.id;
  }
  const sourcePlan = source === null ? undefined : await getPlanRow(c, source);
  const planId = await insertPlan(c, {
    communityCode: params.communityCode,
    name: params.name ?? (sourcePlan ? `${sourcePlan.name}（修订）` : '新草稿'),
    minHouseholds: sourcePlan?.minHouseholds ?? community.minHouseholdsPerCell,
    maxHouseholds: sourcePlan?.maxHouseholds ?? community.maxHouseholdsPerCell,
    basedOnPlanId: source,
    username: params.username,
  });
  if (source !== null) {
    const state = await loadState(c, source);
    // Only buildings of the community come along; a stray membership would be copied as a problem.
    const { rows } = await c.query<{ code: string }>('SELECT code FROM building WHERE community_code = $1', [params.communityCode]);
    const own = new Set(rows.map((r) => r.code));
    for (const building of [...state.cellOf.keys()]) if (!own.has(building)) state.cellOf.delete(building);
    const used = new Set(state.cellOf.values());
    for (const label of [...state.cells.keys()]) if (!used.has(label)) state.cells.delete(label);
    await writeState(c, planId, state);
    // A copy keeps the drawn outlines of its source.
    if ((await copyClaims(c, source, planId)) > 0) await rebuildCellGeometry(c, planId, null);
  }
  await audit(c, {
    username: params.username,
    action: 'grid_plan.create',
    entity: 'grid_plan',
    entityId: String(planId),
    after: { communityCode: params.communityCode, from: params.from },
  });
  return planId;
}
