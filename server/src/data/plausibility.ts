/**
 * Plausibility of an import after the coordinate transform, before anything is written: every
 * geometry lies inside China (a coarse bounding box: 73.4–135.1 E, 3.8–53.6 N, the mainland,
 * Hainan, Taiwan and the South China Sea islands), a polygon has an area, a community or division
 * lies inside its parent division when that has an outline, and a community overlaps no other
 * community by more than the setting `import.communityOverlapMaxPercent`. A geometry refused for
 * where it lies gets a hint: the coordinate systems in which its first position would land where
 * it belongs, or that longitude and latitude look swapped.
 *
 * Each check is its own function, so other layers' checks can call them.
 */
import type { Geometry, Position } from 'geojson';
import type { Queryable } from '../db/pool';
import { getSettings } from '../db/settings';
import {
  communityOverlaps,
  geometryFacts,
  insideShares,
  parentOutlines,
  readingsInside,
  type GeometryFacts,
  type ParentRef,
  type Reading,
} from '../db/plausibility';
import { convertPosition, crsName, isGeographic, type Crs } from './crs';
import { checkGeometry } from './geometry';
import { ancestorDivisions } from './division-codes';
import { outlineFitMixUps } from './plausibility-fit';
import type { ImportLayerDef } from './layers';
import { at, problem, type ParsedFile, type Problem } from './types';
import type { ValidRow, Validation } from './validate';

export const CHINA_BBOX = { west: 73.4, east: 135.1, south: 3.8, north: 53.6 };
/** A community or division must have at least this share of its area inside its parent. */
export const MIN_SHARE_INSIDE_PARENT = 0.95;
/** A polygon smaller than this has no area worth the name (a wrong CRS collapses it to ~0). */
export const MIN_AREA_M2 = 1;
/** A share outside the parent above which other geographic readings are tried (datumMixUps). */
export const MIX_UP_MIN_OUTSIDE = 0.002;
/** Another reading is suggested when it leaves at most this fraction of the area outside that the used one does. */
export const MIX_UP_REMAINING = 0.25;
/** Refused features that get a coordinate-system hint (each costs a query). */
const HINTED_FEATURES = 20;
const HINTS_PER_FEATURE = 3;

export const inChina = (x: number, y: number) =>
  x >= CHINA_BBOX.west && x <= CHINA_BBOX.east && y >= CHINA_BBOX.south && y <= CHINA_BBOX.north;

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** Geometries not wholly inside China's bounding box. */
export function outsideChina(facts: GeometryFacts[], crs: Crs): { i: number; problem: Problem }[] {
  return facts
    .filter((f) => !(inChina(f.xmin, f.ymin) && inChina(f.xmax, f.ymax)))
    .map((f) => ({
      i: f.i,
      problem: problem('import.outside_china', { crs: crsName(crs), lng: round(f.x, 5), lat: round(f.y, 5) }, 'geometry'),
    }));
}

/** Polygons without area. */
export function withoutArea(facts: GeometryFacts[]): { i: number; problem: Problem }[] {
  return facts
    .filter((f) => f.areaM2 < MIN_AREA_M2)
    .map((f) => ({ i: f.i, problem: problem('import.zero_area', { areaM2: round(f.areaM2, 3) }, 'geometry') }));
}

export interface Parent {
  ref: ParentRef;
  code: string;
  name: string;
}

/**
 * The nearest division above each community (its town first) or division that has an outline,
 * in the database or (for divisions) elsewhere in the same file.
 */
export async function parentsOf(c: Queryable, layer: ImportLayerDef, rows: ValidRow[]): Promise<Map<number, Parent>> {
  const chains = new Map<number, string[]>();
  rows.forEach((r, i) => {
    if (layer.id === 'communities' && typeof r.values.town_code === 'string') {
      chains.set(i, [r.values.town_code, ...ancestorDivisions(r.values.town_code)]);
    } else if (layer.id === 'divisions' && typeof r.values.code === 'string') chains.set(i, ancestorDivisions(r.values.code));
  });
  const inFile = new Map<string, ValidRow>();
  if (layer.id === 'divisions') for (const r of rows) if (r.ewkb && typeof r.values.code === 'string') inFile.set(r.values.code, r);
  const stored = await parentOutlines(c, [...new Set([...chains.values()].flat())]);
  const out = new Map<number, Parent>();
  for (const [i, chain] of chains) {
    for (const code of chain) {
      const own = inFile.get(code);
      const kept = stored.get(code);
      if (own) out.set(i, { ref: { source: 'file', ewkb: own.ewkb! }, code, name: String(own.values.name ?? '') });
      else if (kept) out.set(i, { ref: { source: kept.source, code }, code, name: kept.name });
      else continue;
      break;
    }
  }
  return out;
}

/** The share of each geometry's area that lies inside its parent. */
export async function parentShares(c: Queryable, rows: ValidRow[], parents: Map<number, Parent>): Promise<Map<number, number>> {
  const items = [...parents].filter(([i]) => rows[i].ewkb).map(([i, p]) => ({ i, ewkb: rows[i].ewkb!, parent: p.ref }));
  return insideShares(c, items);
}

/** Geometries with less than MIN_SHARE_INSIDE_PARENT of their area inside their parent. */
export function outsideParent(shares: Map<number, number>, parents: Map<number, Parent>, crs: Crs): { i: number; problem: Problem }[] {
  return [...shares]
    .filter(([, share]) => share < MIN_SHARE_INSIDE_PARENT)
    .map(([i, share]) => {
      const p = parents.get(i)!;
      const params = { crs: crsName(crs), insidePercent: round(100 * share, 1), parent: p.code, parentName: p.name };
      return { i, problem: problem('import.outside_parent', params, 'geometry') };
    });
}

/**
 * Geometries that another geographic reading of the same numbers fits into the parent clearly
 * better: a GCJ-02 outline read as WGS84 (or the reverse) sits 300–600 m off, which for a county
 * leaves only a percent or two outside its parent, well within MIN_SHARE_INSIDE_PARENT. Refused
 * when the reading used leaves more than MIX_UP_MIN_OUTSIDE outside and another leaves at most
 * MIX_UP_REMAINING of that; true outlines from two sources disagree by metres to tens of metres
 * in no particular direction, so shifting them by the GCJ-02 offset does not make them fit.
 */
export async function datumMixUps(
  c: Queryable,
  layer: ImportLayerDef,
  file: ParsedFile,
  shares: Map<number, number>,
  parents: Map<number, Parent>,
  crs: Crs,
): Promise<{ i: number; problem: Problem }[]> {
  if (!isGeographic(crs) || file.alreadyGeographic) return [];
  const others = GEOGRAPHIC.filter((k) => crsName(k) !== crsName(crs.kind === 'cgcs2000' ? WGS84 : crs));
  const suspects = [...shares].filter(([, share]) => 1 - share > MIX_UP_MIN_OUTSIDE).slice(0, HINTED_FEATURES);
  const items = suspects.flatMap(([i], s) =>
    others.flatMap((k, o) => {
      const read = checkGeometry(layer, file.records[i].geometry, k, false).geometry;
      return read ? [{ i: s * others.length + o, geojson: JSON.stringify(read), parent: parents.get(i)!.ref }] : [];
    }),
  );
  const alternatives = await insideShares(c, items);
  return suspects.flatMap(([i, share], s) => {
    const outside = 1 - share;
    const best = others
      .map((k, o) => ({ crs: crsName(k), outside: 1 - (alternatives.get(s * others.length + o) ?? 0) }))
      .sort((a, b) => a.outside - b.outside)[0];
    if (!best || best.outside > outside * MIX_UP_REMAINING) return [];
    const p = parents.get(i)!;
    const params = {
      crs: crsName(crs),
      outsidePercent: round(100 * outside, 2),
      parent: p.code,
      parentName: p.name,
      better: best.crs,
      betterOutsidePercent: round(100 * best.outside, 2),
    };
    return [{ i, problem: problem('import.datum_mix_up', params, 'geometry') }];
  });
}

/** Communities overlapping another community by more than the setting allows. */
export async function overlappingCommunities(c: Queryable, rows: ValidRow[]): Promise<{ i: number; problem: Problem }[]> {
  const maximum = (await getSettings(c))['import.communityOverlapMaxPercent'];
  const items = rows.flatMap((r, i) => (r.ewkb && r.key ? [{ i, code: r.key, ewkb: r.ewkb }] : []));
  return (await communityOverlaps(c, items, maximum)).map(({ i, other, percent }) => ({
    i,
    problem: problem('import.community_overlap', { other, percent: round(percent, 1), maximum }, 'geometry'),
  }));
}

function firstPosition(g: Geometry | null | undefined): Position | undefined {
  if (!g || !('coordinates' in g)) return undefined;
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? (c as Position) : undefined;
}

const WGS84: Crs = { kind: 'wgs84' };
const GEOGRAPHIC: Crs[] = [WGS84, { kind: 'gcj02' }, { kind: 'bd09' }];
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, k) => first + k);
/** CGCS2000 Gauss-Kruger with the zone prefix first (only the right zone lands at all), then Web Mercator, then by central meridian. */
const PROJECTED = [...range(4513, 4533), ...range(4491, 4501), 3857, ...range(4534, 4554), ...range(4502, 4512)];

/**
 * Hints for a geometry refused for where it lies: coordinate systems in which its first position
 * lands inside the parent (or China), or that it lands there with longitude and latitude swapped.
 */
export async function crsHints(
  c: Queryable,
  raw: Geometry | null | undefined,
  crs: Crs,
  alreadyGeographic: boolean,
  parent: Parent | undefined,
): Promise<Problem[]> {
  const p = firstPosition(raw);
  if (!p) return [];
  const [x, y] = p;
  const geographic = alreadyGeographic || (Math.abs(x) <= 180 && Math.abs(y) <= 90);
  const readings: Reading[] = [];
  if (!alreadyGeographic && geographic) {
    for (const k of GEOGRAPHIC) {
      const [gx, gy] = convertPosition(k, [x, y]);
      if (crsName(k) !== crsName(crs)) readings.push({ crs: crsName(k), x: gx, y: gy, srid: 4326 });
    }
  } else if (!geographic) {
    for (const srid of PROJECTED) if (`EPSG:${srid}` !== crsName(crs)) readings.push({ crs: `EPSG:${srid}`, x, y, srid });
  }
  const swapped = geographic ? [{ crs: 'swapped', x: y, y: x, srid: 4326 }] : [];
  const hits = await readingsInside(c, [...readings, ...swapped], parent?.ref ?? null, CHINA_BBOX);
  const out: Problem[] = hits
    .filter((h) => h !== 'swapped')
    .slice(0, HINTS_PER_FEATURE)
    .map((h) =>
      parent
        ? problem('import.crs_hint_parent', { crs: h, parent: `${parent.code} ${parent.name}`.trim() }, 'geometry')
        : problem('import.crs_hint_china', { crs: h }, 'geometry'),
    );
  if (hits.includes('swapped')) out.push(problem('import.swap_hint', {}, 'geometry'));
  return out;
}

/** Every plausibility problem of a validated spatial import, located at its feature/row. */
export async function checkPlausibility(
  c: Queryable,
  layer: ImportLayerDef,
  file: ParsedFile,
  crs: Crs,
  v: Validation,
): Promise<Problem[]> {
  if (!layer.geometry) return [];
  const facts = await geometryFacts(
    c,
    v.rows.flatMap((r, i) => (r.ewkb ? [{ i, ewkb: r.ewkb }] : [])),
  );
  const found = [...outsideChina(facts, crs)];
  const misplaced = new Set(found.map((f) => f.i));
  // a wrong coordinate system also collapses the area: say only where it landed
  const polygons = layer.geometry === 'polygon' || layer.geometry === 'multipolygon';
  if (polygons) found.push(...withoutArea(facts).filter((f) => !misplaced.has(f.i)));
  for (const f of found) misplaced.add(f.i);
  let parents = new Map<number, Parent>();
  // refused with the reading that fits named already: no hints from its first position
  const explained = new Set<number>();
  if (layer.id === 'communities' || layer.id === 'divisions') {
    parents = await parentsOf(c, layer, v.rows);
    const shares = await parentShares(c, v.rows, parents);
    const outside = outsideParent(shares, parents, crs);
    found.push(...outside.filter((f) => !misplaced.has(f.i)));
    // a datum mix-up is named even where the share outside is refused anyway: it says which reading fits
    const mixUps = (await datumMixUps(c, layer, file, shares, parents, crs)).filter((f) => !misplaced.has(f.i));
    found.push(...mixUps);
    for (const f of outside) misplaced.add(f.i);
    for (const f of mixUps) explained.add(f.i);
  }
  if (layer.id === 'communities' || layer.id === 'compounds') {
    // deep inside its town a mixed-up outline is found by the buildings already filed under it
    const fits = (await outlineFitMixUps(c, layer, file, crs, v)).filter((f) => !misplaced.has(f.i) && !explained.has(f.i));
    found.push(...fits);
    for (const f of fits) explained.add(f.i);
  }
  if (layer.id === 'communities') {
    found.push(...(await overlappingCommunities(c, v.rows)).filter((f) => !misplaced.has(f.i) && !explained.has(f.i)));
  }
  for (const i of [...misplaced]
    .filter((i) => !explained.has(i))
    .sort((a, b) => a - b)
    .slice(0, HINTED_FEATURES)) {
    const hints = await crsHints(c, file.records[i].geometry, crs, file.alreadyGeographic ?? false, parents.get(i));
    found.push(...hints.map((h) => ({ i, problem: h })));
  }
  return found.map((f) => at(v.rows[f.i].ref, f.problem));
}
