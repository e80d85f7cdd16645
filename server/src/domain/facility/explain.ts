// Why communities miss the goal. In order of diagnosis: the area is out of reach even with every
// usable option and unlimited money; the community alone cannot be paid for within the budget;
// or it is reachable alone but not together with the others (budget or shared options).
import { runMip } from '../solver/highs';
import type { Choice } from './choices';
import { isUsableWithinHorizon } from './choices';
import { buildPlanModel, type PlanModelSpec } from './model';
import { isCompliant } from './standard';
import type { FacilityInput } from './types';

export interface Reachability {
  bestAreaM2: number;
  reachable: boolean;
  /** Human-readable "(current …; n usable options; …)" detail. */
  detail: string;
}

/**
 * Largest area a community could reach by the deadline if it had all the money and no competition
 * for shared options: current area plus its largest positive net gains, at most the site cap.
 */
export function bestReachableArea(input: FacilityInput, choices: readonly Choice[], community: number): Reachability {
  const target = input.communities[community];
  if (!target) return { bestAreaM2: 0, reachable: false, detail: '' };
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
  const parts = [`current ${formatArea(target.currentAreaM2)} m²`, `${gains.size} usable option${gains.size === 1 ? '' : 's'}`];
  if (late > 0) parts.push(`${late} option${late === 1 ? '' : 's'} ready only after the ${input.years}-year deadline`);
  if (input.requireFallbackForUncertain) parts.push('uncertain options not counted');
  if (counted.length < positive.length) parts.push(`at most ${input.maxSitesPerCommunity} per community`);
  return { bestAreaM2, reachable: isCompliant(bestAreaM2, target.requiredAreaM2), detail: `(${parts.join('; ')})` };
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
export async function explainFailures(context: ExplainContext, failing: readonly number[]): Promise<{ code: string; reason: string }[]> {
  const { input, choices } = context;
  const reach = input.communities.map((_, index) => bestReachableArea(input, choices, index));
  const reachableScope = reach.flatMap((r, index) => (r.reachable ? [index] : []));
  let joint: { shortfall: Shortfall | null } | undefined; // computed once, only if needed
  const reasons: { code: string; reason: string }[] = [];
  for (const community of failing) {
    const target = input.communities[community];
    const r = reach[community];
    if (!target || !r) continue;
    if (!r.reachable) {
      reasons.push({ code: target.code, reason: `${reachText(r, target.requiredAreaM2)} ${r.detail}` });
      continue;
    }
    if (context.remainingSeconds() <= 0) {
      reasons.push({ code: target.code, reason: `${reachText(r, target.requiredAreaM2)}, but it does not fit the budget and the other communities' choices (not analysed further: time limit reached)` });
      continue;
    }
    const cheapest = await solveObjective(context, { goal: 'all', objective: 'money', budget: 'none', scope: [community] });
    const alone = await shortfall(context, { goal: 'all', objective: 'shortfall', budget: 'elastic', scope: [community] });
    const cheapestText = cheapest === null ? 'no plan found in time' : `the cheapest way to comply costs ${formatMoney(cheapest)}`;
    if (alone && alone.total > 0.5) {
      const budgetText =
        cheapest !== null && cheapest > totalBudget(input) + 0.5
          ? `more than the ${formatMoney(totalBudget(input))} budgeted for ${yearSpan(input)}`
          : `and the yearly budgets (${yearlyBudgets(input)}) cannot pay for it`;
      reasons.push({ code: target.code, reason: `budget short by ${formatMoney(alone.total)}${alone.yearsText}: ${cheapestText}, ${budgetText}` });
      continue;
    }
    joint ??= { shortfall: await shortfall(context, { goal: 'all', objective: 'shortfall', budget: 'elastic', scope: reachableScope, forced: context.forced }) };
    const together = joint.shortfall;
    if (together && together.total > 0.5) {
      reasons.push({ code: target.code, reason: `budget short by ${formatMoney(together.total)}${together.yearsText} to bring it up to standard together with the other communities (on its own ${cheapestText})` });
      continue;
    }
    reasons.push({ code: target.code, reason: competitionReason(context, community) });
  }
  return reasons;
}

function reachText(reach: Reachability, requiredAreaM2: number): string {
  const relation = reach.reachable ? '≥' : '<';
  return `best reachable ${formatArea(reach.bestAreaM2)} m² ${relation} required ${formatArea(requiredAreaM2)} m²`;
}

function competitionReason(context: ExplainContext, community: number): string {
  const own = new Set(context.choices.filter((choice) => choice.community === community).map((choice) => choice.option.id));
  const taken = context.chosen
    .filter((choice) => own.has(choice.option.id) && choice.community !== community)
    .map((choice) => `${choice.option.id} (used by ${context.input.communities[choice.community]?.code ?? '?'})`);
  return taken.length > 0
    ? `the options it needs are shared with other communities: ${taken.join(', ')}`
    : 'cannot be brought up to standard together with the forced options and the other communities';
}

interface Shortfall {
  total: number;
  /** " in 2009" or " (2008: ¥1, 2009: ¥2)". */
  yearsText: string;
}

async function shortfall(context: ExplainContext, spec: PlanModelSpec): Promise<Shortfall | null> {
  const plan = buildPlanModel(context.input, context.choices, spec);
  const result = await runMip(plan.model, { timeLimitSeconds: Math.max(0.05, context.remainingSeconds()), mipRelGap: 1e-9, feasibilityTolerance: 1e-9 });
  if (!result.values) return null;
  const values = result.values;
  const perYear = plan.shortfallColumns.map((column) => values[column] ?? 0);
  const total = perYear.reduce((sum, amount) => sum + amount, 0);
  const years = perYear.flatMap((amount, year) => (amount > 0.5 ? [[context.input.startYear + year, amount] as const] : []));
  const yearsText =
    years.length === 0
      ? ''
      : years.length === 1
      ? ` in ${years[0]?.[0]}`
      : ` (${years.map(([year, amount]) => `${year}: ${formatMoney(amount)}`).join(', ')})`;
  return { total, yearsText };
}

async function solveObjective(context: ExplainContext, spec: PlanModelSpec): Promise<number | null> {
  const plan = buildPlanModel(context.input, context.choices, spec);
  const result = await runMip(plan.model, { timeLimitSeconds: Math.max(0.05, context.remainingSeconds()), mipRelGap: 1e-9 });
  return result.objective;
}

function totalBudget(input: FacilityInput): number {
  return input.budgetPerYear.slice(0, input.years).reduce((sum, amount) => sum + amount, 0);
}

function yearlyBudgets(input: FacilityInput): string {
  return input.budgetPerYear
    .slice(0, input.years)
    .map((amount, year) => `${input.startYear + year}: ${formatMoney(amount)}`)
    .join('; ');
}

function yearSpan(input: FacilityInput): string {
  return input.years === 1 ? String(input.startYear) : `${input.startYear}–${input.startYear + input.years - 1}`;
}

export function formatMoney(amountCny: number): string {
  return `¥${Math.round(amountCny).toLocaleString('en-US')}`;
}

export function formatArea(areaM2: number): string {
  return String(Math.round(areaM2 * 10) / 10);
}
