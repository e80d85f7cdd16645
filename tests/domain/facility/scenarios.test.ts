// Hand-checked scenarios for the facility optimiser's budget, deadline and option semantics.
import { beforeAll, describe, expect, it } from 'vitest';
import { solveFacilityPlan } from '../../../server/src/domain/facility';
import { warmHighs } from '../../../server/src/domain/solver/highs';
import { community, option, scenario } from './fixtures';
import { townScenario } from './town';

beforeAll(async () => {
  await warmHighs();
}, 30_000);

describe('budget', () => {
  it('is feasible when the budget is exactly enough', async () => {
    const result = await solveFacilityPlan(scenario({ budgetPerYear: [100_000, 0] }));
    expect(result.status).toBe('optimal');
    expect(result.totalCost).toBe(100_000);
    expect(result.byYear).toEqual([
      { year: 2008, compliantCount: 1, cost: 100_000, budget: 100_000 },
      { year: 2009, compliantCount: 1, cost: 0, budget: 0 },
    ]);
    expect(result.communities[0]).toMatchObject({
      reachedAreaM2: 600,
      compliantYear: 2008,
      options: [{ id: 'a1', year: 2008, cost: 100_000 }],
    });
  });

  it('returns a partial plan with a budget reason when one yuan short', async () => {
    const result = await solveFacilityPlan(scenario({ budgetPerYear: [99_999, 0] }));
    expect(result.status).toBe('partial');
    expect(result.totalCost).toBe(0);
    expect(result.infeasible).toHaveLength(1);
    expect(result.infeasible[0]?.code).toBe('A');
    expect(result.infeasible[0]?.reason).toMatchObject({
      code: 'facility.reason.budget_short',
      params: { shortfallYuan: 1, shortYears: [2008], shortfallsYuan: [1] },
    });
    expect(result.infeasible[0]?.details[0]).toMatchObject({ code: 'facility.detail.cheapest', params: { cheapestYuan: 100_000 } });
  });

  it('still sees one yuan at the scale of millions', async () => {
    const big = option('a1', { oneOffCost: 5_000_001 });
    expect((await solveFacilityPlan(scenario({ options: [big], budgetPerYear: [5_000_001, 0] }))).status).toBe('optimal');
    const short = await solveFacilityPlan(scenario({ options: [big], budgetPerYear: [5_000_000, 5_000_000] }));
    expect(short.status).toBe('partial');
    expect(short.infeasible[0]?.reason).toMatchObject({ code: 'facility.reason.budget_short', params: { shortfallYuan: 1 } });
  });

  it('names the total when the cheapest plan exceeds the whole budget', async () => {
    const result = await solveFacilityPlan(scenario({ budgetPerYear: [30_000, 40_000] }));
    expect(result.infeasible[0]?.details).toContainEqual(
      expect.objectContaining({
        code: 'facility.detail.over_total_budget',
        params: { budgetYuan: 70_000, firstYear: 2008, lastYear: 2009 },
      }),
    );
  });

  it('lets two communities each afford their option alone but not together', async () => {
    const result = await solveFacilityPlan(
      scenario({
        years: 1,
        budgetPerYear: [150_000],
        communities: [community('A', 600, 400), community('B', 600, 400)],
        options: [option('a1'), option('b1', { communities: [{ code: 'B', distanceMetres: 0 }] })],
      }),
    );
    expect(result.status).toBe('partial');
    expect(result.byYear[0]).toMatchObject({ compliantCount: 1, cost: 100_000 });
    expect(result.infeasible).toHaveLength(1);
    expect(result.infeasible[0]?.reason).toMatchObject({
      code: 'facility.reason.budget_short_together',
      params: { shortfallYuan: 50_000, shortYears: [2008] },
    });
  });
});

describe('deadline and availability', () => {
  it('does not use an option available only after the deadline', async () => {
    const late = option('a1', { availableAfterMonths: 30 });
    const result = await solveFacilityPlan(scenario({ options: [late] }));
    expect(result.status).toBe('partial');
    expect(result.infeasible).toEqual([
      {
        code: 'A',
        reason: expect.objectContaining({ code: 'facility.reason.area_unreachable', params: { bestAreaM2: 400, requiredAreaM2: 600 } }),
        details: [
          expect.objectContaining({ code: 'facility.detail.current_area', params: { currentAreaM2: 400 } }),
          expect.objectContaining({ code: 'facility.detail.usable_options', params: { count: 0 } }),
          expect.objectContaining({ code: 'facility.detail.late_options', params: { count: 1, years: 2 } }),
        ],
      },
    ]);
    const longer = await solveFacilityPlan(scenario({ options: [late], years: 3, budgetPerYear: [0, 0, 100_000] }));
    expect(longer.status).toBe('optimal');
    expect(longer.communities[0]?.options[0]?.year).toBe(2010);
  });

  it('brings an 18-month option into service in the second year and counts compliance per year', async () => {
    const result = await solveFacilityPlan(
      scenario({
        communities: [community('A', 600, 400), community('B', 300, 350)],
        options: [option('a1', { availableAfterMonths: 18 })],
      }),
    );
    expect(result.status).toBe('optimal');
    expect(result.byYear.map((y) => y.compliantCount)).toEqual([1, 2]); // B is compliant from the start
    expect(result.communities.map((c) => c.compliantYear)).toEqual([2009, 2008]);
  });

  it('prefers earlier compliance when cost is equal', async () => {
    const result = await solveFacilityPlan(scenario({ options: [option('a1', { availableAfterMonths: 3 })] }));
    expect(result.communities[0]?.options[0]?.year).toBe(2008);
  });
});

describe('option semantics', () => {
  it('starts a lease in the final year when nothing forces it earlier', async () => {
    const lease = option('l1', { method: 'lease', oneOffCost: 10_000, yearlyCost: 50_000, availableAfterMonths: 1 });
    const result = await solveFacilityPlan(
      scenario({ years: 3, budgetPerYear: [1e6, 1e6, 1e6], options: [lease, option('a1', { oneOffCost: 125_000 })] }),
    );
    expect(result.totalCost).toBe(60_000);
    expect(result.communities[0]?.options).toEqual([{ id: 'l1', method: 'lease', areaM2: 200, cost: 60_000, year: 2010 }]);
  });

  it('charges a lease in every year from its start to the end of the horizon', async () => {
    // 2009's budget cannot take a lease starting in 2009 (10k + 50k) but can take its second year (50k).
    const lease = option('l1', { method: 'lease', oneOffCost: 10_000, yearlyCost: 50_000, availableAfterMonths: 1 });
    const result = await solveFacilityPlan(
      scenario({ budgetPerYear: [100_000, 50_000], options: [lease, option('a1', { oneOffCost: 115_000 })] }),
    );
    expect(result.status).toBe('optimal');
    expect(result.totalCost).toBe(110_000);
    expect(result.byYear.map((y) => y.cost)).toEqual([60_000, 50_000]);
    expect(result.communities[0]?.options).toEqual([{ id: 'l1', method: 'lease', areaM2: 200, cost: 110_000, year: 2008 }]);
  });

  it('cannot afford a lease whose later years exceed the budget', async () => {
    const lease = option('l1', { method: 'lease', oneOffCost: 0, yearlyCost: 50_000, availableAfterMonths: 1 });
    const result = await solveFacilityPlan(scenario({ budgetPerYear: [100_000, 0], options: [lease] }));
    expect(result.status).toBe('partial');
    expect(result.infeasible[0]?.reason).toMatchObject({
      code: 'facility.reason.budget_short',
      params: { shortfallYuan: 50_000, shortYears: [2009] },
    });
  });

  it('counts only the net area of a swap', async () => {
    const swap = option('s1', { method: 'swap', areaM2: 500, releasedAreaM2: 300 });
    const ok = await solveFacilityPlan(scenario({ options: [swap] }));
    expect(ok.status).toBe('optimal');
    expect(ok.communities[0]?.reachedAreaM2).toBe(600);
    const short = await solveFacilityPlan(scenario({ options: [{ ...swap, releasedAreaM2: 350 }] }));
    expect(short.status).toBe('partial');
    expect(short.infeasible[0]?.reason).toMatchObject({
      code: 'facility.reason.area_unreachable',
      params: { bestAreaM2: 550, requiredAreaM2: 600 },
    });
  });

  it('uses forced options and never forbidden ones', async () => {
    const options = [option('cheap'), option('dear', { oneOffCost: 150_000 })];
    const forced = await solveFacilityPlan(scenario({ options, forceUse: ['dear'] }));
    expect(forced.communities[0]?.options.map((o) => o.id)).toEqual(['dear']);
    const forbidden = await solveFacilityPlan(scenario({ options, forbid: ['cheap'] }));
    expect(forbidden.communities[0]?.options.map((o) => o.id)).toEqual(['dear']);
  });

  it('ignores a force it cannot honour and says why', async () => {
    const options = [option('a1'), option('late', { availableAfterMonths: 40 })];
    const result = await solveFacilityPlan(scenario({ options, forceUse: ['late', 'ghost'] }));
    expect(result.status).toBe('optimal');
    expect(result.notes).toEqual([
      expect.objectContaining({ code: 'facility.note.force_too_late', params: { option: 'late', months: 40, deadlineYear: 2009 } }),
      expect.objectContaining({ code: 'facility.note.force_unknown', params: { option: 'ghost' } }),
    ]);
  });

  it('caps the options per community', async () => {
    const options = [option('a1', { areaM2: 100 }), option('a2', { areaM2: 100 })];
    expect((await solveFacilityPlan(scenario({ options }))).status).toBe('optimal');
    const capped = await solveFacilityPlan(scenario({ options, maxSitesPerCommunity: 1 }));
    expect(capped.status).toBe('partial');
    expect(capped.infeasible[0]?.reason).toMatchObject({
      code: 'facility.reason.area_unreachable',
      params: { bestAreaM2: 500, requiredAreaM2: 600 },
    });
    expect(capped.infeasible[0]?.details.map((d) => [d.code, d.params])).toEqual([
      ['facility.detail.current_area', { currentAreaM2: 400 }],
      ['facility.detail.usable_options', { count: 2 }],
      ['facility.detail.site_cap', { maxSites: 1 }],
    ]);
  });

  it('requires a certain fallback when asked', async () => {
    const options = [option('maybe', { oneOffCost: 50_000, uncertain: true }), option('sure', { oneOffCost: 120_000 })];
    const relaxed = await solveFacilityPlan(scenario({ options }));
    expect(relaxed.communities[0]?.options.map((o) => o.id)).toEqual(['maybe']);
    const strict = await solveFacilityPlan(scenario({ options, requireFallbackForUncertain: true }));
    expect(strict.communities[0]?.options.map((o) => o.id)).toEqual(['sure']);
    const onlyUncertain = await solveFacilityPlan(scenario({ options: [options[0]!], requireFallbackForUncertain: true }));
    expect(onlyUncertain.status).toBe('partial');
    expect(onlyUncertain.infeasible[0]?.details.map((d) => d.code)).toContain('facility.detail.uncertain_excluded');
  });

  it('weighs accessibility against money', async () => {
    const options = [
      option('far', { communities: [{ code: 'A', distanceMetres: 3000 }] }),
      option('near', { oneOffCost: 100_200, communities: [{ code: 'A', distanceMetres: 500 }] }),
    ];
    const cheap = await solveFacilityPlan(scenario({ options, accessibilityWeight: 0.01 })); // 2000 hh × 2.5 km × 0.01 = ¥50 < ¥200
    expect(cheap.communities[0]?.options.map((o) => o.id)).toEqual(['far']);
    expect(cheap.accessibilityCost).toBeCloseTo(60, 6);
    const close = await solveFacilityPlan(scenario({ options, accessibilityWeight: 1 })); // ¥5,000 > ¥200
    expect(close.communities[0]?.options.map((o) => o.id)).toEqual(['near']);
    expect(close.totalCost).toBe(100_200);
  });
});

describe('shared options and partial plans', () => {
  it('gives a shared option to one community and explains the other', async () => {
    const shared = option('s1', {
      communities: [
        { code: 'A', distanceMetres: 0 },
        { code: 'B', distanceMetres: 800 },
      ],
    });
    const result = await solveFacilityPlan(
      scenario({ communities: [community('A', 600, 400), community('B', 600, 400)], options: [shared] }),
    );
    expect(result.status).toBe('partial');
    expect(result.byYear.map((y) => y.compliantCount)).toEqual([1, 1]);
    expect(result.infeasible).toHaveLength(1);
    const failing = result.infeasible[0]?.code;
    expect(result.infeasible[0]?.reason).toMatchObject({
      code: 'facility.reason.options_taken',
      params: { options: ['s1'], takenBy: [failing === 'A' ? 'B' : 'A'] },
    });
  });

  it('still plans the reachable communities when one is out of reach', async () => {
    const result = await solveFacilityPlan(
      scenario({
        communities: [community('A', 600, 400), community('B', 900, 300)],
        options: [option('a1'), option('b1', { communities: [{ code: 'B', distanceMetres: 0 }] })],
      }),
    );
    expect(result.status).toBe('partial');
    expect(result.communities.map((c) => c.compliantYear)).toEqual([2008, null]);
    expect(result.infeasible).toEqual([
      {
        code: 'B',
        reason: expect.objectContaining({ code: 'facility.reason.area_unreachable', params: { bestAreaM2: 500, requiredAreaM2: 900 } }),
        details: [
          expect.objectContaining({ code: 'facility.detail.current_area', params: { currentAreaM2: 300 } }),
          expect.objectContaining({ code: 'facility.detail.usable_options', params: { count: 1 } }),
        ],
      },
    ]);
    expect(result.totalCost).toBe(100_000); // B's useless option is not bought
  });

  it('reports infeasible when forced options alone break the budget', async () => {
    const result = await solveFacilityPlan(scenario({ budgetPerYear: [50_000, 0], forceUse: ['a1'] }));
    expect(result.status).toBe('infeasible');
    expect(result.notes.map((note) => note.code)).toContain('facility.note.forced_over_budget');
    expect(result.infeasible.map((entry) => entry.code)).toEqual(['A']);
  });
});

describe('a 22-community town', () => {
  it('reaches 22/22 by the end of the second year at least cost, within the budget each year', async () => {
    const input = townScenario(42, 22, 3_000_000);
    const result = await solveFacilityPlan(input, { timeLimitSeconds: 30 });
    expect(result.status).toBe('optimal');
    expect(result.byYear.map((y) => y.compliantCount)).toEqual([9, 22]);
    for (const year of result.byYear) expect(year.cost).toBeLessThanOrEqual(year.budget);
    expect(result.solveMs).toBeLessThan(20_000);
  }, 30_000);

  it('brings as many as the budget allows and explains the rest', async () => {
    const result = await solveFacilityPlan(townScenario(42, 22, 1_000_000), { timeLimitSeconds: 30 });
    expect(result.status).toBe('partial');
    const finalCount = result.byYear[1]?.compliantCount ?? 0;
    expect(finalCount + result.infeasible.length).toBe(22);
    for (const entry of result.infeasible) {
      expect(['facility.reason.budget_short', 'facility.reason.budget_short_together', 'facility.reason.area_unreachable']).toContain(
        entry.reason.code,
      );
    }
  }, 30_000);
});
