// The siting answer the map draws: each site's load (households, demand points, mean distance)
// and each demand point's site, from a solved location problem.
import type { LocateResult, SitingDemand, SitingSite } from '../../contract/locate';

export function sitingLoads(
  result: LocateResult,
  sites: readonly SitingSite[],
  demand: readonly SitingDemand[],
  cost: readonly number[][],
) {
  const open = new Set(result.open);
  const column = new Map(sites.map((site, j) => [site.id, j]));
  const load = new Map<string, { households: number; points: number; weightedMetres: number }>();
  demand.forEach((d, i) => {
    const site = result.assign[d.id];
    if (!site) return;
    const entry = load.get(site) ?? { households: 0, points: 0, weightedMetres: 0 };
    entry.households += d.weight;
    entry.points += 1;
    entry.weightedMetres += d.weight * (cost[i]?.[column.get(site) ?? -1] ?? 0);
    load.set(site, entry);
  });
  return {
    sites: sites.map((s) => {
      const l = load.get(s.id);
      return {
        ...s,
        open: open.has(s.id),
        households: l?.households ?? 0,
        demandPoints: l?.points ?? 0,
        meanDistanceMetres: l && l.households > 0 ? Math.round(l.weightedMetres / l.households) : null,
      };
    }),
    demand: demand.map((d) => ({ ...d, site: result.assign[d.id] ?? null })),
  };
}
