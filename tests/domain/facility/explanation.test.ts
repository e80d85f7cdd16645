// Each community's own sentence: its area now, its standard, its own shortfall, then what the
// chosen options give it or why nothing was chosen. Figures worked out by hand from the fixtures.
import { beforeAll, describe, expect, it } from 'vitest';
import { solveFacilityPlan } from '../../../server/src/domain/facility';
import { warmHighs } from '../../../server/src/domain/solver/highs';
import { community, option, scenario } from './fixtures';

beforeAll(async () => {
  await warmHighs();
}, 30_000);

const explanationOf = async (input: Parameters<typeof scenario>[0], code: string) =>
  (await solveFacilityPlan(scenario(input))).communities.find((c) => c.code === code)?.explanation;

describe('per-community explanation', () => {
  it('names each community’s own figures when the budget covers one of two', async () => {
    // A: 400 of 600 m², option +200 m² for 80,000; B: 350 of 500 m², option +150 m² for 100,000.
    // 150,000 in one year pays for one: the cheaper A; B would need 100,000 on its own.
    const result = await solveFacilityPlan(
      scenario({
        years: 1,
        budgetPerYear: [150_000],
        communities: [community('A', 600, 400), community('B', 500, 350), community('C', 300, 320)],
        options: [option('a1', { oneOffCost: 80_000 }), option('b1', { areaM2: 150, communities: [{ code: 'B', distanceMetres: 0 }] })],
      }),
    );
    const byCode = new Map(result.communities.map((c) => [c.code, c.explanation]));
    expect(byCode.get('A')).toMatchObject({
      code: 'facility.community.chosen_meets',
      params: { currentAreaM2: 400, requiredAreaM2: 600, shortM2: 200, count: 1, gainM2: 200, compliantYear: 2008 },
    });
    expect(byCode.get('B')).toMatchObject({
      code: 'facility.community.none_budget_cost',
      params: { currentAreaM2: 350, requiredAreaM2: 500, shortM2: 150, cheapestYuan: 100_000 },
    });
    // C has 320 m² against 300 m²: nothing to explain.
    expect(byCode.get('C')).toBeNull();
  });

  it('says the options come too late for the deadline', async () => {
    expect(await explanationOf({ options: [option('a1', { availableAfterMonths: 30 })] }, 'A')).toMatchObject({
      code: 'facility.community.none_deadline',
      params: { currentAreaM2: 400, requiredAreaM2: 600, shortM2: 200, count: 1, years: 2 },
    });
  });

  it('says a community has no option at all', async () => {
    expect(await explanationOf({ communities: [community('A', 600, 400), community('D', 450, 300)] }, 'D')).toMatchObject({
      code: 'facility.community.none_option',
      params: { currentAreaM2: 300, requiredAreaM2: 450, shortM2: 150 },
    });
  });

  it('names the site cap and what it leaves reachable', async () => {
    // Two options of 100 m² each would close the 200 m² gap, but only one site is allowed: 400 + 100.
    const options = [option('a1', { areaM2: 100 }), option('a2', { areaM2: 100 })];
    expect(await explanationOf({ options, maxSitesPerCommunity: 1 }, 'A')).toMatchObject({
      code: 'facility.community.none_cap',
      params: { currentAreaM2: 400, requiredAreaM2: 600, shortM2: 200, maxSites: 1, bestAreaM2: 500 },
    });
  });

  it('says the options are too small together', async () => {
    // 400 + 90 + 60 = 550 < 600.
    const options = [option('a1', { areaM2: 90 }), option('a2', { areaM2: 60 })];
    expect(await explanationOf({ options }, 'A')).toMatchObject({
      code: 'facility.community.none_too_small',
      params: { currentAreaM2: 400, requiredAreaM2: 600, shortM2: 200, count: 2, bestAreaM2: 550 },
    });
  });

  it('sums the net gain of several chosen options, a swap counting area minus released area', async () => {
    // A swap of 300 m² giving up 150 m² gains 150; with a 100 m² expansion: 400 + 250 = 650 ≥ 600 in 2009.
    const options = [
      option('s1', { method: 'swap', areaM2: 300, releasedAreaM2: 150, oneOffCost: 50_000 }),
      option('e1', { areaM2: 100, oneOffCost: 50_000, availableAfterMonths: 18 }),
    ];
    expect(await explanationOf({ options }, 'A')).toMatchObject({
      code: 'facility.community.chosen_meets',
      params: { currentAreaM2: 400, requiredAreaM2: 600, shortM2: 200, count: 2, gainM2: 250, compliantYear: 2009 },
    });
  });
});
