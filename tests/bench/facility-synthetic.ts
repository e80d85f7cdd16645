/**
 * Deterministic synthetic inputs for the facility benchmarks: a town of N communities with five
 * acquisition options each (PRODUCT §5.5 cost table, some options shared with a neighbour), and
 * p-median problems on a plane.
 */
import type { FacilityInput, FacilityOption } from '../../server/src/domain/facility';
import type { LocateProblem } from '../../server/src/domain/locate';
import { mulberry32 as rng } from '../../server/src/domain/random';

const METHODS: {
  method: FacilityOption['method'];
  area: [number, number];
  rate: [number, number];
  yearly: [number, number];
  months: [number, number];
}[] = [
  { method: 'reserve_in_new_development', area: [150, 600], rate: [0, 500], yearly: [0, 0], months: [12, 30] },
  { method: 'expand_renovate', area: [100, 400], rate: [1200, 2500], yearly: [0, 0], months: [6, 12] },
  { method: 'reallocate_idle_public', area: [150, 800], rate: [600, 1000], yearly: [0, 0], months: [3, 9] },
  { method: 'swap', area: [100, 500], rate: [500, 1500], yearly: [0, 0], months: [6, 12] },
  { method: 'lease', area: [100, 500], rate: [50, 150], yearly: [220, 440], months: [1, 3] },
];

/** N communities (about 3 in 4 below standard), 5 options each, a two-year budget that binds in year one. */
export function syntheticTown(communityCount: number, seed = 2008): FacilityInput {
  const r = rng(seed);
  const between = ([lo, hi]: [number, number]) => lo + r() * (hi - lo);
  const communities = Array.from({ length: communityCount }, (_, i) => {
    const households = Math.round(between([1500, 4500]));
    const requiredAreaM2 = Math.max(300, (30 * households) / 100);
    const compliant = r() < 0.27;
    return {
      code: `C${String(i).padStart(5, '0')}`,
      name: `社区${i}`,
      households,
      requiredAreaM2,
      currentAreaM2: Math.round(requiredAreaM2 * (compliant ? 1.1 : between([0.3, 0.8]))),
    };
  });
  const options: FacilityOption[] = [];
  let cheapestTotal = 0;
  communities.forEach((community, i) => {
    const gap = community.requiredAreaM2 - community.currentAreaM2;
    const own: FacilityOption[] = METHODS.map((m, k) => {
      // The two largest options together always cover the gap, so every community can comply.
      const areaM2 = Math.round(k === 1 || k === 2 ? Math.max(between(m.area), gap * 0.6) : between(m.area));
      const releasedAreaM2 = m.method === 'swap' ? Math.round(areaM2 * between([0.2, 0.5])) : 0;
      const net = areaM2 - releasedAreaM2;
      const neighbour = communities[i + 1];
      return {
        id: `${community.code}-${k}`,
        method: m.method,
        areaM2,
        releasedAreaM2,
        oneOffCost: Math.round(between(m.rate) * net),
        yearlyCost: Math.round(between(m.yearly) * net),
        availableAfterMonths: Math.round(between(m.months)),
        needsApproval: m.method === 'reallocate_idle_public',
        uncertain: false,
        communities: [
          { code: community.code, distanceMetres: Math.round(between([100, 900])) },
          ...(neighbour && r() < 0.2 ? [{ code: neighbour.code, distanceMetres: Math.round(between([600, 1500])) }] : []),
        ],
      };
    });
    options.push(...own);
    if (gap > 0) {
      const costs = own.map((o) => o.oneOffCost + 2 * o.yearlyCost);
      // Cheapest one or two options covering the gap (ignoring timing): what the town needs overall.
      const net = own.map((o) => o.areaM2 - o.releasedAreaM2);
      let best = Infinity;
      for (let a = 0; a < own.length; a++) {
        if (net[a] >= gap) best = Math.min(best, costs[a]);
        for (let b = a + 1; b < own.length; b++) if (net[a] + net[b] >= gap) best = Math.min(best, costs[a] + costs[b]);
      }
      cheapestTotal += best;
    }
  });
  // Half the cost of everyone's cheapest cover per year: two years pay for the plan with little to spare.
  const perYear = Math.round(cheapestTotal * 0.5);
  return {
    startYear: 2008,
    years: 2,
    budgetPerYear: [perYear, perYear],
    accessibilityWeight: 0,
    maxSitesPerCommunity: 2,
    communities,
    options,
    forceUse: [],
    forbid: [],
    requireFallbackForUncertain: false,
  };
}

/** A p-median problem: demand points and sites scattered over a 5 km square, cost = metres. */
export function planePMedian(demandCount: number, siteCount: number, p: number, seed = 7): LocateProblem {
  const r = rng(seed);
  const demand = Array.from({ length: demandCount }, (_, i) => ({
    id: `d${i}`,
    weight: 20 + Math.round(r() * 180),
    x: r() * 5000,
    y: r() * 5000,
  }));
  const sites = Array.from({ length: siteCount }, (_, j) => ({ id: `s${j}`, x: r() * 5000, y: r() * 5000 }));
  return {
    problem: 'p-median',
    p,
    demand: demand.map(({ id, weight }) => ({ id, weight })),
    sites: sites.map(({ id }) => ({ id, fixed: false })),
    cost: demand.map((d) => sites.map((s) => Math.round(Math.hypot(d.x - s.x, d.y - s.y)))),
  };
}
