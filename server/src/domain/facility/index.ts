// Facility scenario optimiser: least-cost plan that brings every community up to standard by the
// deadline under yearly budgets; when that is impossible, the plan that brings the most
// communities up to standard, with a reason for each one left out.
import { runMip, type MipOptions, type MipResult } from '../solver/highs';
import { buildChoices, isUsableWithinHorizon, type Choice } from './choices';
import { bestReachableArea, explainFailures } from './explain';
import { greedyPlan } from './greedy';
import { buildPlanModel, chosenChoices, type PlanModel } from './model';
import { buildReport, meetsGoal } from './report';
import { msg, type Message } from '../../contract/messages';
import type { FacilityInput, FacilityResult, FacilitySolveOptions } from './types';

export { facilityInputSchema, findUnknownReferences, type UnknownReferences } from './input';
export { earliestYearIndex } from './choices';
export { isCompliant, requiredAreaSquareMetres, type HousingStandard } from './standard';
export type * from './types';

/**
 * Solves a scenario. Statuses: 'optimal' (goal met, proven least cost), 'feasible' (goal met, time
 * limit before proof; see gap), 'partial' (goal impossible; most communities compliant, then least
 * cost; `compliantBound` above the compliant count when the time limit came before the proof), 'infeasible' (not even that: forced options break the budget), 'time_limit' (the
 * solver found no plan in time: the quick greedy plan, possibly empty). Throws only when the solver itself fails.
 */
export async function solveFacilityPlan(input: FacilityInput, options: FacilitySolveOptions = {}): Promise<FacilityResult> {
  const startedAt = performance.now();
  const limitSeconds = options.timeLimitSeconds ?? 30;
  const elapsedMs = (): number => performance.now() - startedAt;
  const remainingSeconds = (): number => limitSeconds - elapsedMs() / 1000;
  // `share` of the time left goes to this solve, keeping some for the phases after it.
  const exact = (share: number, extra: MipOptions = {}): MipOptions => ({
    timeLimitSeconds: Math.max(0.05, remainingSeconds() * share),
    mipRelGap: 1e-9,
    mipAbsGap: 0.1,
    feasibilityTolerance: 1e-9, // budgets are large; one yuan over must still be infeasible
    ...extra,
  });

  const choices = buildChoices(input);
  const { forced, notes } = resolveForced(input, choices);
  const everyoneReachable = input.communities.every((_, index) => bestReachableArea(input, choices, index).reachable);
  if (everyoneReachable) {
    const plan = buildPlanModel(input, choices, { goal: 'all', objective: 'cost', budget: 'hard', forced });
    const result = check(await runMip(plan.model, exact(1)));
    if (result.values) {
      const status = result.status === 'optimal' ? 'optimal' : 'feasible';
      return buildReport(input, chosenChoices(plan, result.values), { status, gap: result.mipGap, solveMs: elapsedMs(), notes });
    }
    if (result.status === 'time_limit') {
      // No incumbent in time: the quick plan is still an answer, and a complete one when it brings everyone up.
      const quick = forced.size > 0 ? [] : greedyPlan(input, choices);
      const complete = quick.length > 0 && input.communities.every((_, index) => meetsGoal(input, index, quick));
      const failing = input.communities.flatMap((_, index) => (meetsGoal(input, index, quick) ? [] : [index]));
      if (complete) return buildReport(input, quick, { status: 'feasible', gap: null, solveMs: elapsedMs(), notes });
      const infeasible = await explainFailures({ input, choices, forced, remainingSeconds, chosen: quick }, failing);
      return buildReport(input, quick, { status: 'time_limit', gap: null, solveMs: elapsedMs(), infeasible, notes });
    }
  }

  // The goal cannot be met: first the most communities that can be, then the cheapest such plan.
  const mostSpec = { goal: 'count', objective: 'count', budget: 'hard', forced } as const;
  const most = buildPlanModel(input, choices, mostSpec);
  const first = check(await runMip(most.model, exact(0.6, { mipAbsGap: 0.999, start: greedyStart(input, most, forced) })));
  const explainContext = { input, choices, forced, remainingSeconds };
  if (!first.values) {
    const status = first.status === 'time_limit' ? 'time_limit' : 'infeasible';
    if (status === 'infeasible') notes.push(msg('facility.note.forced_over_budget'));
    // Stopped before any incumbent: the quick plan (budget-feasible by construction) rather than nothing.
    const quick = status === 'time_limit' && forced.size === 0 ? greedyPlan(input, most.choices) : [];
    const failing = input.communities.flatMap((_, index) => (meetsGoal(input, index, quick) ? [] : [index]));
    const infeasible = await explainFailures({ ...explainContext, chosen: quick }, failing);
    return buildReport(input, quick, { status, gap: null, solveMs: elapsedMs(), infeasible, notes });
  }
  const compliantCount = Math.round(first.objective ?? 0);
  // Proven when HiGHS closed the count; otherwise its bound says how many more might be possible.
  const compliantBound =
    first.status === 'optimal'
      ? compliantCount
      : Math.max(compliantCount, Math.min(input.communities.length, Math.floor((first.dualBound ?? input.communities.length) + 1e-6)));
  const cheapest = buildPlanModel(input, choices, { ...mostSpec, objective: 'cost', minimumCompliant: compliantCount });
  const second = check(await runMip(cheapest.model, exact(0.8, { start: first.values })));
  const chosen: Choice[] = second.values ? chosenChoices(cheapest, second.values) : chosenChoices(most, first.values);
  const failing = input.communities.flatMap((_, index) => (meetsGoal(input, index, chosen) ? [] : [index]));
  const infeasible = await explainFailures({ ...explainContext, chosen }, failing);
  return buildReport(input, chosen, { status: 'partial', gap: second.mipGap, solveMs: elapsedMs(), infeasible, notes, compliantBound });
}

// A budget-feasible plan as MIP start (HiGHS checks it; with forced options it is not offered).
function greedyStart(input: FacilityInput, plan: PlanModel, forced: ReadonlySet<string>): number[] | undefined {
  if (forced.size > 0) return undefined;
  const picked = new Set(greedyPlan(input, plan.choices));
  const start = new Array<number>(plan.model.columnCount).fill(0);
  plan.choices.forEach((choice, k) => {
    if (picked.has(choice)) start[plan.choiceColumns[k] ?? -1] = 1;
  });
  for (const [index, z] of plan.goalColumns) start[z] = meetsGoal(input, index, [...picked]) ? 1 : 0;
  return start;
}

function check(result: MipResult): MipResult {
  if (result.status === 'error') throw new Error(`facility plan solver failed: ${result.message ?? 'unknown error'}`);
  return result;
}

/**
 * Forced options the model can honour. A force that cannot be met (unknown id, also forbidden,
 * or not in service before the deadline) is dropped with a note rather than making every plan
 * infeasible; `findUnknownReferences` lets callers reject such input up front instead.
 */
function resolveForced(input: FacilityInput, choices: readonly Choice[]): { forced: Set<string>; notes: Message[] } {
  const notes: Message[] = [];
  const forced = new Set<string>();
  const forbidden = new Set(input.forbid);
  const withChoices = new Set(choices.map((choice) => choice.option.id));
  const deadline = input.startYear + input.years - 1;
  for (const id of new Set(input.forceUse)) {
    const option = input.options.find((candidate) => candidate.id === id);
    if (!option) notes.push(msg('facility.note.force_unknown', { option: id }));
    else if (forbidden.has(id)) notes.push(msg('facility.note.force_and_forbid', { option: id }));
    else if (!isUsableWithinHorizon(option, input.years)) {
      notes.push(msg('facility.note.force_too_late', { option: id, months: option.availableAfterMonths, deadlineYear: deadline }));
    } else if (!withChoices.has(id)) notes.push(msg('facility.note.force_serves_none', { option: id }));
    else forced.add(id);
  }
  return { forced, notes };
}
