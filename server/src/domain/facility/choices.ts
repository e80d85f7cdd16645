// The decision space: one Choice per (option, community it may serve, year it enters service).
// Year and cost conventions live here so the MIP, the report and the explanations agree.
import type { FacilityInput, FacilityOption } from './types';

export interface Choice {
  option: FacilityOption;
  /** Index into input.communities. */
  community: number;
  /** Plan year index, 0 = startYear. */
  year: number;
  netAreaM2: number;
  /** CNY spent within the horizon: one-off + yearly × years in service. */
  totalCost: number;
  /** accessibilityWeight × households × distance in km. */
  accessibilityCost: number;
}

/**
 * First plan year (0-based) at whose end an option can be in service. Compliance is judged at the
 * end of each year, so an option ready after 3 or 12 months counts in year 0 and one ready after
 * 18 months in year 1: index = ceil(months / 12) − 1, never below 0.
 */
export function earliestYearIndex(availableAfterMonths: number): number {
  return Math.max(0, Math.ceil(availableAfterMonths / 12) - 1);
}

/** Whether the option can be in service by the end of the last plan year. */
export function isUsableWithinHorizon(option: FacilityOption, years: number): boolean {
  return earliestYearIndex(option.availableAfterMonths) <= years - 1;
}

/** CNY the choice costs in plan year `year`: its one-off in its start year, its yearly cost from then on. */
export function costInYear(choice: Choice, year: number): number {
  if (year < choice.year) return 0;
  return (year === choice.year ? choice.option.oneOffCost : 0) + choice.option.yearlyCost;
}

/** Every allowed choice: forbidden options, unknown communities and too-late years are left out. */
export function buildChoices(input: FacilityInput): Choice[] {
  const forbidden = new Set(input.forbid);
  const communityIndex = new Map(input.communities.map((community, index) => [community.code, index]));
  const choices: Choice[] = [];
  for (const option of input.options) {
    if (forbidden.has(option.id)) continue;
    for (const [community, distanceMetres] of servedCommunities(option, communityIndex)) {
      const households = input.communities[community]?.households ?? 0;
      const accessibilityCost = (input.accessibilityWeight * households * distanceMetres) / 1000;
      for (let year = earliestYearIndex(option.availableAfterMonths); year < input.years; year++) {
        choices.push({
          option,
          community,
          year,
          netAreaM2: option.areaM2 - option.releasedAreaM2,
          totalCost: option.oneOffCost + option.yearlyCost * (input.years - year),
          accessibilityCost,
        });
      }
    }
  }
  return choices;
}

// An option listing a community twice keeps the shorter distance; unknown codes are dropped.
function servedCommunities(option: FacilityOption, communityIndex: ReadonlyMap<string, number>): Map<number, number> {
  const served = new Map<number, number>();
  for (const { code, distanceMetres } of option.communities) {
    const index = communityIndex.get(code);
    if (index === undefined) continue;
    served.set(index, Math.min(distanceMetres, served.get(index) ?? Infinity));
  }
  return served;
}
