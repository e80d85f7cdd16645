/**
 * Runs a facility scenario: settings fill the parameters the planner left out, the request is
 * checked against the option register (400 naming the field), PostGIS supplies the distances,
 * the domain optimiser decides, and the answer is enriched with names and locations for the
 * screens before it is stored.
 */
import type { z } from 'zod';
import type { Db, Queryable } from '../db/pool';
import type { Scope } from '../domain/access/scope';
import { getSettings } from '../db/settings';
import { loadPlanData, type PlanData, type PlanOption } from '../db/facility-plans';
import { optionStates } from '../db/facility-options';
import { solveFacilityPlan, earliestYearIndex, type FacilityInput, type FacilityResult } from '../domain/facility';
import { fieldError } from '../domain/facility/fields';
import type { planBody, ScenarioParams, ScenarioResult } from '../contract/facility-plans';

export type { ScenarioParams, ScenarioResult };

/** What the planner asked for (all optional: settings facility.* fill the gaps). */
export type ScenarioRequest = z.output<typeof planBody> & { basedOn?: number | null };

export const DEFAULT_TIME_LIMIT_SECONDS = 30;

/** The settings-backed parameters, checked before anything expensive is read. */
async function horizon(q: Queryable, body: ScenarioRequest) {
  const s = await getSettings(q);
  const years = body.years ?? s['facility.years'];
  const budget = body.budgetPerYear ?? s['facility.budgetPerYear'];
  if (budget.length < years) {
    const code = body.budgetPerYear ? 'facility.field.budget_too_short' : 'facility.field.default_budget_too_short';
    throw fieldError('json.budgetPerYear', code, { entries: budget.length, years });
  }
  return { s, years, budget };
}

async function resolveParams(
  q: Queryable,
  body: ScenarioRequest,
  data: PlanData,
  { s, years, budget }: Awaited<ReturnType<typeof horizon>>,
): Promise<ScenarioParams> {
  const forceUse = [...new Set(body.forceUse ?? [])];
  const forbid = [...new Set(body.forbid ?? [])];
  const usable = new Map(data.options.map((option) => [option.id, option]));
  const known = await optionStates(q, [...forceUse, ...forbid]);
  forceUse.forEach((option, i) => {
    const row = known.get(option);
    const field = `json.forceUse.${i}`;
    if (!row) throw fieldError(field, 'facility.field.unknown_option', { option });
    if (row.delivered) throw fieldError(field, 'facility.field.option_delivered', { option });
    if (row.status === 'withdrawn') throw fieldError(field, 'facility.field.option_withdrawn', { option });
    if (forbid.includes(option)) throw fieldError(field, 'facility.field.force_and_forbid', { option });
    const usableOption = usable.get(option);
    if (usableOption && earliestYearIndex(usableOption.availableAfterMonths) > years - 1) {
      throw fieldError(field, 'facility.field.option_too_late', { option, months: usableOption.availableAfterMonths, years });
    }
  });
  forbid.forEach((option, i) => {
    if (!known.has(option)) throw fieldError(`json.forbid.${i}`, 'facility.field.unknown_option', { option });
    if (usable.get(option)?.committedTo) throw fieldError(`json.forbid.${i}`, 'facility.field.option_in_progress', { option });
  });
  return {
    startYear: s['facility.startYear'],
    years,
    budgetPerYear: budget.slice(0, years),
    accessibilityWeight: body.accessibilityWeight ?? s['facility.accessibilityWeight'],
    maxSitesPerCommunity: body.maxSitesPerCommunity === undefined ? s['facility.maxSitesPerCommunity'] : body.maxSitesPerCommunity,
    forceUse,
    forbid,
    committed: data.options.filter((option) => option.committedTo !== null && !forceUse.includes(option.id)).map((option) => option.id),
    requireFallbackForUncertain: body.requireFallbackForUncertain ?? false,
    timeLimitSeconds: body.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
    basedOn: body.basedOn ?? null,
  };
}

export function toFacilityInput(params: ScenarioParams, data: PlanData): FacilityInput {
  return {
    startYear: params.startYear,
    years: params.years,
    budgetPerYear: params.budgetPerYear,
    accessibilityWeight: params.accessibilityWeight,
    maxSitesPerCommunity: params.maxSitesPerCommunity,
    communities: data.communities.map(({ code, name, households, requiredAreaM2, currentAreaM2 }) => ({
      code,
      name,
      households,
      requiredAreaM2,
      currentAreaM2,
    })),
    options: data.options.map((o) => ({
      id: o.id,
      method: o.method,
      areaM2: o.areaM2,
      releasedAreaM2: o.releasedAreaM2,
      oneOffCost: o.oneOffCost,
      yearlyCost: o.yearlyCost,
      availableAfterMonths: o.availableAfterMonths,
      needsApproval: o.needsApproval,
      uncertain: o.uncertain,
      communities: o.communities,
    })),
    forceUse: [...params.forceUse, ...params.committed],
    forbid: params.forbid,
    requireFallbackForUncertain: params.requireFallbackForUncertain,
  };
}

/** The stored result: the optimiser's answer plus names, places and distances for the screens. */
export function enrich(result: FacilityResult, data: PlanData): ScenarioResult {
  const communities = new Map(data.communities.map((c) => [c.code, c]));
  const options = new Map<string, PlanOption>(data.options.map((o) => [o.id, o]));
  let weightedMetres = 0;
  let pairHouseholds = 0;
  const served = new Set<string>();
  const plans = result.communities.map((plan) => {
    const community = communities.get(plan.code);
    return {
      ...plan,
      name: community?.name ?? plan.code,
      households: community?.households ?? 0,
      centroid: community?.centroid ?? null,
      options: plan.options.map((chosen) => {
        const option = options.get(chosen.id);
        const distanceMetres = option?.communities.find((pair) => pair.code === plan.code)?.distanceMetres ?? null;
        if (distanceMetres !== null && community) {
          weightedMetres += community.households * distanceMetres;
          pairHouseholds += community.households;
          served.add(plan.code);
        }
        return {
          ...chosen,
          name: option?.name ?? chosen.id,
          netAreaM2: option ? option.areaM2 - option.releasedAreaM2 : chosen.areaM2,
          homeCommunity: option?.homeCommunity ?? plan.code,
          lng: option?.lng ?? null,
          lat: option?.lat ?? null,
          distanceMetres,
          needsApproval: option?.needsApproval ?? false,
          uncertain: option?.uncertain ?? false,
        };
      }),
    };
  });
  return {
    ...result,
    communities: plans,
    infeasible: result.infeasible.map((entry) => ({ ...entry, name: communities.get(entry.code)?.name ?? entry.code })),
    accessibility: {
      /** Households-weighted mean distance from served communities' buildings to their new sites. */
      meanDistanceMetres: pairHouseholds > 0 ? Math.round(weightedMetres / pairHouseholds) : null,
      /** Households of the communities that get at least one new site. */
      householdsServed: [...served].reduce((sum, code) => sum + (communities.get(code)?.households ?? 0), 0),
      penaltyCost: result.accessibilityCost,
    },
  };
}

/** Checks, solves and enriches; returns what is stored as the scenario (the caller stores it). */
/** `scope`: the communities (and their options) the scenario covers; null = every community. */
export async function solveScenario(
  db: Db,
  body: ScenarioRequest,
  scope: Scope = null,
): Promise<{ params: ScenarioParams; result: ScenarioResult }> {
  // Read in one go, then solve without holding a connection.
  const { data, params } = await db.withTransaction(async (q) => {
    const checked = await horizon(q, body);
    const data = await loadPlanData(q, scope);
    return { data, params: await resolveParams(q, body, data, checked) };
  });
  const result = await solveFacilityPlan(toFacilityInput(params, data), { timeLimitSeconds: params.timeLimitSeconds });
  return { params, result: enrich(result, data) };
}
