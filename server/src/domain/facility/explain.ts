// Why communities miss the goal. In order of diagnosis: the area is out of reach even with every
// usable option and unlimited money; the community alone cannot be paid for within the budget;
// or it is reachable alone but not together with the others (budget or shared options).
import { runMip } from '../solver/highs';
import type { Choice } from './choices';
import { isUsableWithinHorizon } from './choices';
import { buildPlanModel, type PlanModelSpec } from './model';
import { isCompliant } from './standard';
import type { FacilityInput, FailureReason } from './types';
import { msg, type Message } from '../../contract/messages';

export interface Reachability {
  bestAreaM2: number;
  reachable: boolean;
  /** What bounds the best area: the current area, usable options, late ones, exclusions, the cap. */
  details: Message[];
}

/**
 * Largest area a community could reach by the deadline if it had all the money and no competition
 * for shared options: current area plus its largest positive net gains, at most the site cap.
 */
export function bestReachableArea(input: FacilityInput, choices: readonly Choice[], community: number): Reachability {
  const target = input.communities[community];
  if (!target) return { bestAreaM2: 0, reachable: false, details: [] };
  const gains = new Map<string, number>();
  for (const choice of choices) {
    if (choice.community !== community) continue;
    if (input.requireFallbackForUncertain && choice.option.uncertain) continue;
    gains.set(choice.option.id, choice.netAreaM2);
  }
  const positive = [...gains.values()].filter((gain) => gain > 0).sort((a, b) => b - a);
  const counted = input.maxSitesPerCommunity === null ? positive : positive.slice(0, input.maxSitesPerCommunity);
  const bestAreaM2 = counted.reduce((sum, gain) => sum + gain, target.currentAreaM2);

  const late = input.options.filter(
    (option) => option.communities.some(({ code }) => code === target.code) && !isUsableWithinHorizon(option, input.years),
  ).length;
  const details = [
    msg('facility.detail.current_area', { currentAreaM2: roundArea(target.currentAreaM2) }),
    msg('facility.detail.usable_options', { count: gains.size }),
  ];
  if (late > 0) details.push(msg('facility.detail.late_options', { count: late, years: input.years }));
  if (input.requireFallbackForUncertain) details.push(msg('facility.detail.uncertain_excluded'));
  if (counted.length < positive.length) details.push(msg('facility.detail.site_cap', { maxSites: input.maxSitesPerCommunity }));
  return { bestAreaM2, reachable: isCompliant(bestAreaM2, target.requiredAreaM2), details };
}

export interface ExplainContext {
  input: FacilityInput;
  choices: readonly Choice[];
  forced: ReadonlySet<string>;
  /** The partial plan, to name options other communities took. */
  chosen: readonly Choice[];
  /** Seconds left of the caller's time limit; at or below 0 no further MIPs are solved. */
  remainingSeconds: () => number;
}

/** One reason per failing community (indices into input.communities). */
export async function explainFailures(context: ExplainContext, failing: readonly number[]): Promise<FailureReason[]> {
  const { input, choices } = context;
  const reach = input.communities.map((_, index) => bestReachableArea(input, choices, index));
  const reachableScope = reach.flatMap((r, index) => (r.reachable ? [index] : []));
  let joint: { shortfall: Shortfall | null } | undefined; // computed once, only if needed
  const reasons: FailureReason[] = [];
  for (const community of failing) {
    const target = input.communities[community];
    const r = reach[community];
    if (!target || !r) continue;
    const areas = { bestAreaM2: roundArea(r.bestAreaM2), requiredAreaM2: roundArea(target.requiredAreaM2) };
    const because = (reason: Message, details: Message[] = []) => reasons.push({ code: target.code, reason, details });
    if (!r.reachable) {
      because(msg('facility.reason.area_unreachable', areas), r.details);
      continue;
    }
    if (context.remainingSeconds() <= 0) {
      because(msg('facility.reason.not_analysed', areas));
      continue;
    }
    const cheapest = await solveObjective(context, { goal: 'all', objective: 'money', budget: 'none', scope: [community] });
    const alone = await shortfall(context, { goal: 'all', objective: 'shortfall', budget: 'elastic', scope: [community] });
    if (alone && alone.total > 0.5) {
      const budget = totalBudget(input);
      because(msg('facility.reason.budget_short', alone.params), [
        cheapest === null
          ? msg('facility.detail.no_plan_in_time')
          : msg('facility.detail.cheapest', { cheapestYuan: Math.round(cheapest) }),
        cheapest !== null && cheapest > budget + 0.5
          ? msg('facility.detail.over_total_budget', {
              budgetYuan: Math.round(budget),
              firstYear: input.startYear,
              lastYear: input.startYear + input.years - 1,
            })
          : msg('facility.detail.yearly_budgets', {
              budgetsYuan: input.budgetPerYear.slice(0, input.years).map(Math.round),
              budgetYears: input.budgetPerYear.slice(0, input.years).map((_, year) => input.startYear + year),
            }),
      ]);
      continue;
    }
    joint ??= {
      shortfall: await shortfall(context, {
        goal: 'all',
        objective: 'shortfall',
        budget: 'elastic',
        scope: reachableScope,
        forced: context.forced,
      }),
    };
    const together = joint.shortfall;
    if (together && together.total > 0.5) {
      because(msg('facility.reason.budget_short_together', together.params), [
        cheapest === null
          ? msg('facility.detail.no_plan_in_time')
          : msg('facility.detail.cheapest_alone', { cheapestYuan: Math.round(cheapest) }),
      ]);
      continue;
    }
    because(competitionReason(context, community));
  }
  return reasons;
}

function competitionReason(context: ExplainContext, community: number): Message {
  const own = new Set(context.choices.filter((choice) => choice.community === community).map((choice) => choice.option.id));
  const taken = context.chosen.filter((choice) => own.has(choice.option.id) && choice.community !== community);
  return taken.length > 0
    ? msg('facility.reason.options_taken', {
        options: taken.map((choice) => choice.option.id),
        takenBy: taken.map((choice) => context.input.communities[choice.community]?.code ?? '?'),
      })
    : msg('facility.reason.forced_conflict');
}

interface Shortfall {
  total: number;
  /** The reason's figures: the total, the years short and the amount short in each of them. */
  params: { shortfallYuan: number; shortYears: number[]; shortfallsYuan: number[] };
}

async function shortfall(context: ExplainContext, spec: PlanModelSpec): Promise<Shortfall | null> {
  const plan = buildPlanModel(context.input, context.choices, spec);
  const result = await runMip(plan.model, {
    timeLimitSeconds: Math.max(0.05, context.remainingSeconds()),
    mipRelGap: 1e-9,
    feasibilityTolerance: 1e-9,
  });
  if (!result.values) return null;
  const values = result.values;
  const perYear = plan.shortfallColumns.map((column) => values[column] ?? 0);
  const total = perYear.reduce((sum, amount) => sum + amount, 0);
  const years = perYear.flatMap((amount, year) => (amount > 0.5 ? [[context.input.startYear + year, Math.round(amount)] as const] : []));
  return {
    total,
    params: {
      shortfallYuan: Math.round(total),
      shortYears: years.map(([year]) => year),
      shortfallsYuan: years.map(([, amount]) => amount),
    },
  };
}

async function solveObjective(context: ExplainContext, spec: PlanModelSpec): Promise<number | null> {
  const plan = buildPlanModel(context.input, context.choices, spec);
  const result = await runMip(plan.model, { timeLimitSeconds: Math.max(0.05, context.remainingSeconds()), mipRelGap: 1e-9 });
  return result.objective;
}

function totalBudget(input: FacilityInput): number {
  return input.budgetPerYear.slice(0, input.years).reduce((sum, amount) => sum + amount, 0);
}

function roundArea(areaM2: number): number {
  return Math.round(areaM2 * 10) / 10;
}

/**
 * One community's own figures in one sentence: its area now, its standard and its own shortfall,
 * then what the chosen options give it (and the year it complies, or what it still lacks), or why
 * nothing was chosen for it, read from its failure reason: no usable option, none ready before
 * the deadline, the site cap, options too small, the budget, options taken by others, forced
 * options, or the time limit. Null for a community compliant from the start.
 */
export function communityExplanation(
  target: FacilityInput['communities'][number],
  own: readonly Choice[],
  compliantYear: number | null,
  failure: FailureReason | undefined,
): Message | null {
  if (isCompliant(target.currentAreaM2, target.requiredAreaM2)) return null;
  const figures = {
    currentAreaM2: roundArea(target.currentAreaM2),
    requiredAreaM2: roundArea(target.requiredAreaM2),
    shortM2: roundArea(target.requiredAreaM2 - target.currentAreaM2),
  };
  if (own.length > 0) {
    const gainM2 = roundArea(own.reduce((sum, choice) => sum + choice.netAreaM2, 0));
    const chosen = { ...figures, count: own.length, gainM2 };
    return compliantYear !== null && !failure
      ? msg('facility.community.chosen_meets', { ...chosen, compliantYear })
      : msg('facility.community.chosen_short', {
          ...chosen,
          remainingM2: roundArea(Math.max(0, target.requiredAreaM2 - target.currentAreaM2 - gainM2)),
        });
  }
  const reason = failure?.reason;
  const detail = (code: Message['code']) => failure?.details.find((d) => d.code === code)?.params;
  switch (reason?.code) {
    case 'facility.reason.area_unreachable': {
      const usable = Number(detail('facility.detail.usable_options')?.count ?? 0);
      const late = detail('facility.detail.late_options');
      const cap = detail('facility.detail.site_cap');
      if (usable === 0 && late) return msg('facility.community.none_deadline', { ...figures, count: late.count, years: late.years });
      if (usable === 0) return msg('facility.community.none_option', figures);
      if (cap) return msg('facility.community.none_cap', { ...figures, maxSites: cap.maxSites, bestAreaM2: reason.params.bestAreaM2 });
      return msg('facility.community.none_too_small', { ...figures, count: usable, bestAreaM2: reason.params.bestAreaM2 });
    }
    case 'facility.reason.budget_short':
    case 'facility.reason.budget_short_together': {
      const cheapest = detail('facility.detail.cheapest') ?? detail('facility.detail.cheapest_alone');
      return cheapest
        ? msg('facility.community.none_budget_cost', { ...figures, cheapestYuan: cheapest.cheapestYuan })
        : msg('facility.community.none_budget', figures);
    }
    case 'facility.reason.options_taken':
      return msg('facility.community.none_taken', { ...figures, options: reason.params.options });
    case 'facility.reason.forced_conflict':
      return msg('facility.community.none_forced', figures);
    default:
      return msg('facility.community.none_unanalysed', figures);
  }
}
