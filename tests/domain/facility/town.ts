// A seeded town shaped like the demo (PRODUCT.md §6): 16 of 22 communities below standard, 2–6
// options each at the §5.5 cost assumptions, some shareable with a neighbour. Scales for timing.
import { requiredAreaSquareMetres, type FacilityInput, type FacilityOption } from '../../../server/src/domain/facility';
import { mulberry32 as prng } from '../../../server/src/domain/random';

const METHODS = {
  reserve_in_new_development: { area: [150, 600], oneOff: [0, 500], yearly: [0, 0], months: [12, 30] },
  expand_renovate: { area: [100, 400], oneOff: [1200, 2500], yearly: [0, 0], months: [6, 12] },
  reallocate_idle_public: { area: [150, 800], oneOff: [600, 1000], yearly: [0, 0], months: [3, 9] },
  swap: { area: [100, 500], oneOff: [500, 1500], yearly: [0, 0], months: [6, 12] },
  lease: { area: [100, 500], oneOff: [50, 150], yearly: [220, 440], months: [1, 3] },
} as const;

export function townScenario(seed: number, communityCount = 22, budgetPerYear = 3_000_000): FacilityInput {
  const random = prng(seed);
  const between = (range: readonly [number, number]): number => Math.round(range[0] + random() * (range[1] - range[0]));
  const communities = Array.from({ length: communityCount }, (_, c) => {
    const households = between([1500, 4500]);
    const requiredAreaM2 = requiredAreaSquareMetres(households);
    const compliant = c % 11 < 3; // 6 of every 22
    const currentAreaM2 = compliant ? requiredAreaM2 + between([0, 200]) : Math.round(requiredAreaM2 * (0.3 + random() * 0.5));
    return { code: `3210121000${String(c + 1).padStart(2, '0')}`, name: `community ${c + 1}`, households, requiredAreaM2, currentAreaM2 };
  });
  const options: FacilityOption[] = [];
  communities.forEach((community, c) => {
    if (community.currentAreaM2 >= community.requiredAreaM2) return;
    const count = between([2, 6]);
    for (let k = 0; k < count; k++) {
      const method = (Object.keys(METHODS) as (keyof typeof METHODS)[])[Math.floor(random() * 5)]!;
      const spec = METHODS[method];
      const areaM2 = between(spec.area);
      const releasedAreaM2 = method === 'swap' ? Math.round(areaM2 * 0.3) : 0;
      const neighbour = communities[(c + 1) % communities.length]!;
      options.push({
        id: `${community.code}-${k + 1}`,
        method,
        areaM2,
        releasedAreaM2,
        oneOffCost: between(spec.oneOff) * (areaM2 - releasedAreaM2),
        yearlyCost: between(spec.yearly) * areaM2,
        availableAfterMonths: between(spec.months),
        needsApproval: method === 'reallocate_idle_public',
        uncertain: method === 'reallocate_idle_public' && random() < 0.5,
        communities: [
          { code: community.code, distanceMetres: between([0, 300]) },
          ...(random() < 0.3 ? [{ code: neighbour.code, distanceMetres: between([600, 1500]) }] : []),
        ],
      });
    }
  });
  return {
    startYear: 2008,
    years: 2,
    budgetPerYear: [budgetPerYear, budgetPerYear],
    accessibilityWeight: 0.05,
    maxSitesPerCommunity: null,
    communities,
    options,
    forceUse: [],
    forbid: [],
    requireFallbackForUncertain: false,
  };
}
