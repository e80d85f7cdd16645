// A quick feasible plan for the "most communities" phase: cheapest communities first, each with
// its own cheapest-per-m² options, kept only if the budget still fits in every year. HiGHS gets it
// as a MIP start, so on large towns a time-limited solve starts from a sensible plan, not from zero.
import { costInYear, type Choice } from './choices';
import { isCompliant } from './standard';
import type { FacilityInput } from './types';

/** Choices forming a budget-feasible plan (forced options are not considered: the caller skips this then). */
export function greedyPlan(input: FacilityInput, choices: readonly Choice[]): Choice[] {
  const spend = new Array<number>(input.years).fill(0);
  const usedOptions = new Set<string>();
  const plan: Choice[] = [];
  const candidates = input.communities
    .map((_, community) => ({ community, picks: cheapestOptions(input, choices, community) }))
    .filter((candidate): candidate is { community: number; picks: Choice[] } => candidate.picks !== null && candidate.picks.length > 0)
    .sort((a, b) => total(a.picks) - total(b.picks));

  for (const { picks } of candidates) {
    if (picks.some((pick) => usedOptions.has(pick.option.id))) continue;
    const placed: Choice[] = [];
    for (const pick of picks) {
      const timing = placeInYear(input, choices, pick, spend);
      if (!timing) break;
      placed.push(timing);
      for (let year = 0; year < input.years; year++) spend[year] = (spend[year] ?? 0) + costInYear(timing, year);
    }
    if (placed.length === picks.length) {
      plan.push(...placed);
      for (const choice of placed) usedOptions.add(choice.option.id);
    } else {
      for (const choice of placed)
        for (let year = 0; year < input.years; year++) spend[year] = (spend[year] ?? 0) - costInYear(choice, year);
    }
  }
  return plan;
}

function total(picks: readonly Choice[]): number {
  return picks.reduce((sum, pick) => sum + pick.totalCost, 0);
}

// Options for one community in its final plan year (the cheapest timing: leases pay once), best
// cost per net m² first, until the gap is closed; null if they cannot close it within the cap.
function cheapestOptions(input: FacilityInput, choices: readonly Choice[], community: number): Choice[] | null {
  const target = input.communities[community];
  if (!target || isCompliant(target.currentAreaM2, target.requiredAreaM2)) return null;
  const lastYear = input.years - 1;
  const usable = choices
    .filter((choice) => choice.community === community && choice.year === lastYear && choice.netAreaM2 > 0)
    .filter((choice) => !(input.requireFallbackForUncertain && choice.option.uncertain))
    .sort((a, b) => a.totalCost / a.netAreaM2 - b.totalCost / b.netAreaM2);
  const picks: Choice[] = [];
  let area = target.currentAreaM2;
  for (const choice of usable) {
    if (isCompliant(area, target.requiredAreaM2)) break;
    picks.push(choice);
    area += choice.netAreaM2;
  }
  const withinCap = input.maxSitesPerCommunity === null || picks.length <= input.maxSitesPerCommunity;
  return isCompliant(area, target.requiredAreaM2) && withinCap ? picks : null;
}

// One-off options go to the earliest year with room (leaving later budgets free); leases to the
// latest, where they pay the fewest years.
function placeInYear(input: FacilityInput, choices: readonly Choice[], pick: Choice, spend: readonly number[]): Choice | null {
  const timings = choices
    .filter((choice) => choice.option.id === pick.option.id && choice.community === pick.community)
    .sort((a, b) => (pick.option.yearlyCost > 0 ? b.year - a.year : a.year - b.year));
  return (
    timings.find((timing) => spend.every((spent, year) => spent + costInYear(timing, year) <= (input.budgetPerYear[year] ?? 0))) ?? null
  );
}
