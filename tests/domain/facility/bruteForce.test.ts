// Property test: on small random scenarios the MIP agrees with exhaustive enumeration about
// feasibility, least cost and (when the goal is impossible) the most communities that can comply.
import { beforeAll, describe, expect, it } from 'vitest';
import { solveFacilityPlan, type FacilityInput, type FacilityOption, type FacilityResult } from '../../../server/src/domain/facility';
import { warmHighs } from '../../../server/src/domain/solver/highs';
import { mulberry32 as prng } from '../../../server/src/domain/random';

beforeAll(async () => {
  await warmHighs();
}, 30_000);

function randomScenario(seed: number): FacilityInput {
  const random = prng(seed);
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const years = int(1, 3);
  const communities = Array.from({ length: int(2, 3) }, (_, c) => {
    const requiredAreaM2 = int(30, 70) * 10;
    return {
      code: `C${c}`,
      name: `community ${c}`,
      households: int(1000, 3000),
      requiredAreaM2,
      currentAreaM2: int(requiredAreaM2 / 20, requiredAreaM2 / 10 + 10) * 10,
    };
  });
  const methods = ['reserve_in_new_development', 'expand_renovate', 'reallocate_idle_public', 'swap', 'lease'] as const;
  const options: FacilityOption[] = Array.from({ length: int(3, 5) }, (_, k) => {
    const method = pick(methods);
    const served = random() < 0.4 ? communities : [pick(communities)];
    return {
      id: `o${k}`,
      method,
      areaM2: int(10, 50) * 10,
      releasedAreaM2: method === 'swap' ? int(0, 20) * 10 : 0,
      oneOffCost: int(1, 50) * 1000,
      yearlyCost: method === 'lease' ? int(1, 20) * 1000 : 0,
      availableAfterMonths: pick([0, 3, 12, 13, 18, 24, 30]),
      needsApproval: method === 'reallocate_idle_public',
      uncertain: random() < 0.25,
      communities: served.map((community) => ({ code: community.code, distanceMetres: int(0, 2000) })),
    };
  });
  return {
    startYear: 2008,
    years,
    budgetPerYear: Array.from({ length: years }, () => int(5, 80) * 1000),
    accessibilityWeight: random() < 0.5 ? 0 : int(1, 30) / 100,
    maxSitesPerCommunity: pick([null, null, 1, 2]),
    communities,
    options,
    forceUse: random() < 0.2 ? [pick(options).id] : [],
    forbid: random() < 0.2 ? [pick(options).id] : [],
    requireFallbackForUncertain: random() < 0.3,
  };
}

interface Pick {
  option: FacilityOption;
  community: number;
  year: number;
  distanceMetres: number;
}

interface Reference {
  /** Least money + accessibility meeting every goal; null when impossible. */
  bestFull: number | null;
  /** Most communities meeting the goal under budget/cap/forces; -1 when no assignment satisfies those. */
  mostCompliant: number;
  /** Least money + accessibility among plans with mostCompliant. */
  bestAtMost: number;
}

// Semantics restated independently of the implementation: year index = max(0, ceil(months/12) - 1);
// one-off paid in the start year, yearly cost in every year from the start to the horizon's end.
function bruteForce(input: FacilityInput): Reference {
  const alternatives = input.options
    .filter((option) => !input.forbid.includes(option.id))
    .map((option) => {
      const list: (Pick | null)[] = [null];
      const first = Math.max(0, Math.ceil(option.availableAfterMonths / 12) - 1);
      input.communities.forEach((community, c) => {
        const link = option.communities.find((entry) => entry.code === community.code);
        if (!link) return;
        for (let year = first; year < input.years; year++) list.push({ option, community: c, year, distanceMetres: link.distanceMetres });
      });
      // A usable forced option must be used; an unusable one is ignored (documented behaviour).
      return input.forceUse.includes(option.id) && list.length > 1 ? list.slice(1) : list;
    });
  const reference: Reference = { bestFull: null, mostCompliant: -1, bestAtMost: Infinity };
  const visit = (index: number, picks: Pick[]): void => {
    if (index === alternatives.length) return evaluate(picks);
    for (const alternative of alternatives[index]!) visit(index + 1, alternative ? [...picks, alternative] : picks);
  };
  const evaluate = (picks: Pick[]): void => {
    for (let year = 0; year < input.years; year++) {
      const spend = picks.reduce(
        (sum, p) => sum + (p.year > year ? 0 : (p.year === year ? p.option.oneOffCost : 0) + p.option.yearlyCost),
        0,
      );
      if (spend > input.budgetPerYear[year]!) return;
    }
    const counts = input.communities.map((_, c) => picks.filter((p) => p.community === c).length);
    if (input.maxSitesPerCommunity !== null && counts.some((n) => n > input.maxSitesPerCommunity!)) return;
    const value = picks.reduce((sum, p) => {
      const years = input.years - p.year;
      const access = (input.accessibilityWeight * input.communities[p.community]!.households * p.distanceMetres) / 1000;
      return sum + p.option.oneOffCost + p.option.yearlyCost * years + access;
    }, 0);
    const compliant = input.communities.filter((community, c) => {
      const own = picks.filter((p) => p.community === c);
      const net = (list: Pick[]): number => list.reduce((sum, p) => sum + p.option.areaM2 - p.option.releasedAreaM2, 0);
      const certain = own.filter((p) => !p.option.uncertain);
      return (
        community.currentAreaM2 + net(own) >= community.requiredAreaM2 &&
        (!input.requireFallbackForUncertain || community.currentAreaM2 + net(certain) >= community.requiredAreaM2)
      );
    }).length;
    if (compliant === input.communities.length) reference.bestFull = Math.min(reference.bestFull ?? Infinity, value);
    if (compliant > reference.mostCompliant) [reference.mostCompliant, reference.bestAtMost] = [compliant, value];
    else if (compliant === reference.mostCompliant) reference.bestAtMost = Math.min(reference.bestAtMost, value);
  };
  visit(0, []);
  return reference;
}

function meetsGoalCount(input: FacilityInput, result: FacilityResult): number {
  return result.communities.filter((plan) => {
    const community = input.communities.find((c) => c.code === plan.code)!;
    const options = plan.options.map((chosen) => input.options.find((o) => o.id === chosen.id)!);
    const net = (list: FacilityOption[]): number => list.reduce((sum, o) => sum + o.areaM2 - o.releasedAreaM2, 0);
    const certain = options.filter((o) => !o.uncertain);
    return (
      community.currentAreaM2 + net(options) >= community.requiredAreaM2 &&
      (!input.requireFallbackForUncertain || community.currentAreaM2 + net(certain) >= community.requiredAreaM2)
    );
  }).length;
}

/** The MIP minimises money + accessibility plus a tie-breaker below ¥0.5, so it may exceed the optimum by < 0.5. */
function expectSameValue(input: FacilityInput, actual: number, optimum: number): void {
  expect(actual).toBeGreaterThanOrEqual(optimum - 1e-6);
  expect(actual).toBeLessThanOrEqual(optimum + (input.accessibilityWeight === 0 ? 1e-6 : 0.5));
}

const outcomes = { full: 0, partial: 0, infeasible: 0 };

describe('solveFacilityPlan against brute force', () => {
  it.each(Array.from({ length: 24 }, (_, k) => 1000 + k))('agrees on random scenario %i', async (seed) => {
    const input = randomScenario(seed);
    const reference = bruteForce(input);
    const result = await solveFacilityPlan(input);
    const value = result.totalCost + result.accessibilityCost;

    // Whatever the status, the plan respects the budget in every year and uses each option once.
    for (const year of result.byYear) expect(year.cost).toBeLessThanOrEqual(year.budget + 1e-6);
    const used = result.communities.flatMap((plan) => plan.options.map((o) => o.id));
    expect(new Set(used).size).toBe(used.length);
    for (const id of input.forbid) expect(used).not.toContain(id);

    if (reference.bestFull !== null) {
      outcomes.full++;
      expect(result.status).toBe('optimal');
      expect(result.infeasible).toEqual([]);
      expect(meetsGoalCount(input, result)).toBe(input.communities.length);
      expectSameValue(input, value, reference.bestFull);
    } else if (reference.mostCompliant >= 0) {
      outcomes.partial++;
      expect(result.status).toBe('partial');
      expect(meetsGoalCount(input, result)).toBe(reference.mostCompliant);
      expectSameValue(input, value, reference.bestAtMost);
      expect(result.infeasible).toHaveLength(input.communities.length - reference.mostCompliant);
      for (const entry of result.infeasible) expect(entry.reason.code).toMatch(/^facility\.reason\./);
    } else {
      outcomes.infeasible++;
      expect(result.status).toBe('infeasible');
    }
  });

  it('covered both feasible and partial scenarios', () => {
    expect(outcomes.full).toBeGreaterThanOrEqual(3);
    expect(outcomes.partial).toBeGreaterThanOrEqual(3);
  });
});
