/**
 * A year's scorecard read from the database: targets, entered values, the registers' computed
 * values and the grades, put together by the domain. The scorecard route and the public page
 * both read it here, so a community's public summary always agrees with the staff screens.
 */
import type { Scorecard } from '../contract/scorecard';
import type { Queryable } from './pool';
import type { Scope } from '../domain/access/scope';
import { currentYear, enteredValues, gradesAsOf, listCommunityNames, listTargets } from './scorecard';
import { computedIndicators, computedMediationRates } from './scorecard-computed';
import { assembleScorecard } from '../domain/scorecard/assemble';
import type { IndicatorKey } from '../domain/scorecard/indicators';

/** Register values by community for a year: this plan year's snapshot, plus mediation rates where the dispute register has them. */
async function registerValues(q: Queryable, year: number) {
  const computed = new Map<string, Partial<Record<IndicatorKey, number | null>>>();
  if (year === (await currentYear(q))) for (const [code, values] of await computedIndicators(q)) computed.set(code, { ...values });
  for (const [code, rates] of await computedMediationRates(q, year)) {
    const own = computed.get(code) ?? {};
    if (rates.mediation_rate !== null) own.mediation_rate = rates.mediation_rate;
    if (rates.mediation_success_rate !== null) own.mediation_success_rate = rates.mediation_success_rate;
    computed.set(code, own);
  }
  return computed;
}

/**
 * The scorecard of a year, or null when the year has no targets. With a scope it holds that
 * scope's communities only, and each target's standing counts those communities.
 */
export async function scorecardOfYear(q: Queryable, year: number, scope: Scope = null): Promise<Scorecard | null> {
  const targets = await listTargets(q, year);
  if (targets.length === 0) return null;
  return assembleScorecard({
    year,
    targets,
    communities: await listCommunityNames(q, scope),
    entered: await enteredValues(q, year),
    computed: await registerValues(q, year),
    grades: await gradesAsOf(q, year),
  });
}
