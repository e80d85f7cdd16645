// Turns a set of chosen options into the result officials read: per community, per year.
import { costInYear, type Choice } from './choices';
import { isCompliant } from './standard';
import { communityExplanation } from './explain';
import type { Message } from '../../contract/messages';
import type { CommunityPlan, FacilityInput, FacilityResult, FacilityStatus, YearSummary } from './types';

/** Area in service at the end of each plan year for one community. */
export function areaByYear(input: FacilityInput, community: number, chosen: readonly Choice[]): number[] {
  const current = input.communities[community]?.currentAreaM2 ?? 0;
  return Array.from({ length: input.years }, (_, year) =>
    chosen
      .filter((choice) => choice.community === community && choice.year <= year)
      .reduce((area, choice) => area + choice.netAreaM2, current),
  );
}

/** Whether a community meets the scenario goal at the deadline (see buildPlanModel). */
export function meetsGoal(input: FacilityInput, community: number, chosen: readonly Choice[]): boolean {
  const target = input.communities[community];
  if (!target) return false;
  const own = chosen.filter((choice) => choice.community === community);
  const total = own.reduce((area, choice) => area + choice.netAreaM2, target.currentAreaM2);
  const certain = own.filter((choice) => !choice.option.uncertain).reduce((area, choice) => area + choice.netAreaM2, target.currentAreaM2);
  return isCompliant(total, target.requiredAreaM2) && (!input.requireFallbackForUncertain || isCompliant(certain, target.requiredAreaM2));
}

export interface ReportExtras {
  status: FacilityStatus;
  gap: number | null;
  solveMs: number;
  infeasible?: FacilityResult['infeasible'];
  notes?: Message[];
  compliantBound?: number | null;
}

export function buildReport(input: FacilityInput, chosen: readonly Choice[], extras: ReportExtras): FacilityResult {
  const areas = input.communities.map((_, index) => areaByYear(input, index, chosen));
  const failures = new Map((extras.infeasible ?? []).map((failure) => [failure.code, failure]));
  const communities: CommunityPlan[] = input.communities.map((community, index) => {
    const yearly = areas[index] ?? [];
    const firstCompliant = isCompliant(community.currentAreaM2, community.requiredAreaM2)
      ? 0
      : yearly.findIndex((area) => isCompliant(area, community.requiredAreaM2));
    const own = chosen.filter((choice) => choice.community === index);
    const compliantYear = firstCompliant === -1 ? null : input.startYear + firstCompliant;
    return {
      code: community.code,
      requiredAreaM2: community.requiredAreaM2,
      currentAreaM2: community.currentAreaM2,
      reachedAreaM2: roundArea(yearly[input.years - 1] ?? community.currentAreaM2),
      compliantYear,
      options: [...own]
        .sort((a, b) => a.year - b.year || a.option.id.localeCompare(b.option.id))
        .map((choice) => ({
          id: choice.option.id,
          method: choice.option.method,
          areaM2: choice.option.areaM2,
          cost: choice.totalCost,
          year: input.startYear + choice.year,
        })),
      explanation: communityExplanation(community, own, compliantYear, failures.get(community.code)),
    };
  });
  const byYear: YearSummary[] = Array.from({ length: input.years }, (_, year) => ({
    year: input.startYear + year,
    compliantCount: input.communities.filter((community, index) =>
      isCompliant(areas[index]?.[year] ?? community.currentAreaM2, community.requiredAreaM2),
    ).length,
    cost: chosen.reduce((sum, choice) => sum + costInYear(choice, year), 0),
    budget: input.budgetPerYear[year] ?? 0,
  }));
  return {
    status: extras.status,
    totalCost: chosen.reduce((sum, choice) => sum + choice.totalCost, 0),
    accessibilityCost: chosen.reduce((sum, choice) => sum + choice.accessibilityCost, 0),
    gap: extras.gap,
    solveMs: Math.round(extras.solveMs * 10) / 10,
    byYear,
    communities,
    infeasible: extras.infeasible ?? [],
    notes: extras.notes ?? [],
    compliantBound: extras.compliantBound ?? null,
  };
}

function roundArea(areaM2: number): number {
  return Math.round(areaM2 * 1000) / 1000;
}
