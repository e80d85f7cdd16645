// GeoJSON for the facility map, built from API answers (points, and lines from a site to the
// community or demand point it serves).
import type { FeatureCollection, Point, LineString } from 'geojson';
import type { FacilityRow, OptionRow } from '$contract/facility';
import type { Scenario } from '$contract/facility-plans';
import type { SitingResult } from '$contract/locate';

type Props = Record<string, string | number | boolean | null>;

function point(lng: number, lat: number, properties: Props) {
  return { type: 'Feature' as const, geometry: { type: 'Point', coordinates: [lng, lat] } as Point, properties };
}

function line(from: [number, number], to: [number, number], properties: Props) {
  return { type: 'Feature' as const, geometry: { type: 'LineString', coordinates: [from, to] } as LineString, properties };
}

export const emptyCollection = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function facilityPoints(rows: FacilityRow[]): FeatureCollection {
  return { type: 'FeatureCollection', features: rows.map((f) => point(f.lng, f.lat, { id: f.id, name: f.name, areaM2: f.areaM2 })) };
}

export function optionPoints(rows: OptionRow[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows
      .filter((o) => o.status !== 'withdrawn')
      .map((o) => point(o.lng, o.lat, { code: o.code, name: o.name, method: o.method, netAreaM2: o.netAreaM2 })),
  };
}

/** Chosen options of a scenario as points, and a line from each to the community it serves. */
export function chosenFeatures(scenario: Scenario | null): { points: FeatureCollection; lines: FeatureCollection } {
  const points: FeatureCollection = emptyCollection();
  const lines: FeatureCollection = emptyCollection();
  for (const community of scenario?.communities ?? []) {
    for (const option of community.options) {
      if (option.lng === null || option.lat === null) continue;
      points.features.push(point(option.lng, option.lat, { code: option.id, name: option.name, method: option.method, year: option.year }));
      if (community.centroid)
        lines.features.push(
          line([option.lng, option.lat], community.centroid, { code: option.id, community: community.code, year: option.year }),
        );
    }
  }
  return { points, lines };
}

/** Siting answer: open sites sized by load, closed ones, and allocation lines. */
export function sitingFeatures(result: SitingResult | null): { sites: FeatureCollection; lines: FeatureCollection } {
  const sites: FeatureCollection = emptyCollection();
  const lines: FeatureCollection = emptyCollection();
  if (!result) return { sites, lines };
  const byId = new Map(result.sites.map((s) => [s.id, s]));
  for (const s of result.sites)
    sites.features.push(point(s.lng, s.lat, { id: s.id, name: s.name, open: s.open, fixed: s.fixed, households: s.households }));
  for (const d of result.demand) {
    const site = d.site ? byId.get(d.site) : undefined;
    if (site) lines.features.push(line([d.lng, d.lat], [site.lng, site.lat], { site: site.id, weight: d.weight }));
  }
  return { sites, lines };
}
