/**
 * A GCJ-02 (or BD-09) mix-up deep inside a town, found from what the installation already holds.
 * Read the wrong way, an outline sits 300–600 m off: inside its town, so the parent check sees
 * nothing, but away from its own buildings. So the numbers of a community or compound outline are
 * read as WGS84, GCJ-02 and BD-09, and the share of the buildings already filed under it that lie
 * inside is compared; a buildings file is read each way against the stored outlines of the
 * communities its buildings name. The reading used is refused when it leaves more than
 * FIT_MIN_OUTSIDE of the buildings outside and another leaves at most FIT_REMAINING of that.
 * Outlines without buildings yet, and right ones (nearly all their buildings inside already), pass.
 */
import type { Geometry, Position } from 'geojson';
import type { Queryable } from '../db/pool';
import { type FitCount, type FiledUnder, pointsInsideCommunities, storedBuildingsInside } from '../db/plausibility-fit';
import { convertPosition, crsName, isGeographic, type Crs } from './crs';
import { checkGeometry } from './geometry';
import type { ImportLayerDef } from './layers';
import { at, problem, type ParsedFile, type Problem, type RecordRef } from './types';
import type { Validation } from './validate';

/** Fewest buildings a fit is judged on: a handful says nothing about a datum. */
export const FIT_MIN_BUILDINGS = 10;
/** Share of the buildings outside, read as given, from which the other readings are weighed. */
export const FIT_MIN_OUTSIDE = 0.02;
/** Buildings of a community a buildings file is judged on (evenly spaced), to keep the statement short. */
const FIT_SAMPLE = 100;
/** Another reading is named when it leaves at most this fraction of the share outside that the used one does (as for the parent check). */
export const FIT_REMAINING = 0.25;

const WGS84: Crs = { kind: 'wgs84' };
/** The datums a file's longitude/latitude numbers may be in. */
export const READINGS: Crs[] = [WGS84, { kind: 'gcj02' }, { kind: 'bd09' }];
const round = (n: number, digits: number) => Number(n.toFixed(digits));
const refKey = (ref: RecordRef) => ('feature' in ref ? `f${ref.feature}` : `r${ref.row}`);

/** The reading the import used, by name (CGCS2000 is WGS84 to within centimetres). */
export const usedReading = (crs: Crs) => crsName(crs.kind === 'cgcs2000' ? WGS84 : crs);

interface Misfit {
  key: string;
  count: number;
  insidePercent: number;
  better: string;
  betterInsidePercent: number;
}

/** The keys whose reading as used fits clearly worse than another one. */
function misfits(counts: FitCount[], used: string): Misfit[] {
  const byKey = new Map<string, FitCount[]>();
  for (const c of counts) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]); // three readings a key
  return [...byKey].flatMap(([key, readings]) => {
    const given = readings.find((r) => r.reading === used);
    if (!given || given.count < FIT_MIN_BUILDINGS) return [];
    const outside = 1 - given.inside / given.count;
    if (outside <= FIT_MIN_OUTSIDE) return [];
    const best = readings
      .filter((r) => r.reading !== used)
      .map((r) => ({ reading: r.reading, outside: 1 - r.inside / r.count }))
      .sort((a, b) => a.outside - b.outside)[0];
    if (!best || best.outside > outside * FIT_REMAINING) return [];
    const percent = (share: number) => round(100 * share, 1);
    return [
      {
        key,
        count: given.count,
        insidePercent: percent(1 - outside),
        better: best.reading,
        betterInsidePercent: percent(1 - best.outside),
      },
    ];
  });
}

/** The raw geometry of each validated row, by where it came from. */
function rawGeometries(file: ParsedFile): Map<string, Geometry | null | undefined> {
  return new Map(file.records.map((r) => [refKey(r.ref), r.geometry]));
}

/** Community and compound outlines whose stored buildings another reading of the numbers fits clearly better. */
async function outlineMisfits(c: Queryable, layer: ImportLayerDef, file: ParsedFile, crs: Crs, v: Validation, column: FiledUnder) {
  const raw = rawGeometries(file);
  const rows = v.rows.flatMap((r, i) => (r.ewkb && r.key ? [{ i, key: r.key, geometry: raw.get(refKey(r.ref)) }] : []));
  const outlines = rows.flatMap((row) =>
    READINGS.flatMap((k) => {
      const read = checkGeometry(layer, row.geometry, k, false).geometry;
      return read ? [{ key: row.key, reading: crsName(k), geojson: JSON.stringify(read) }] : [];
    }),
  );
  const found = new Map(misfits(await storedBuildingsInside(c, column, outlines), usedReading(crs)).map((m) => [m.key, m]));
  return rows.flatMap((row) => {
    const m = found.get(row.key);
    if (!m) return [];
    const params = { crs: usedReading(crs), code: m.key, count: m.count, insidePercent: m.insidePercent };
    const better = { better: m.better, betterInsidePercent: m.betterInsidePercent };
    return [{ i: row.i, problem: problem('import.datum_mix_up_buildings', { ...params, ...better }, 'geometry') }];
  });
}

/** The mean of a footprint's outer ring (or the point), as the file gives it. */
function footprintPoint(g: Geometry | null | undefined): Position | null {
  if (!g) return null;
  const ring: unknown =
    g.type === 'Point'
      ? [g.coordinates]
      : g.type === 'Polygon'
        ? g.coordinates[0]
        : g.type === 'MultiPolygon'
          ? g.coordinates[0]?.[0]
          : null;
  if (!Array.isArray(ring) || ring.length === 0) return null;
  const positions = (ring.length > 1 ? ring.slice(0, -1) : ring) as Position[];
  const sum = positions.reduce((s, p) => [s[0] + Number(p[0]), s[1] + Number(p[1])], [0, 0]);
  const mean = [sum[0] / positions.length, sum[1] / positions.length];
  return mean.every(Number.isFinite) ? mean : null;
}

/**
 * Communities whose outline another reading of a buildings file's numbers fits clearly better,
 * named at the first building of each (located). Run even when buildings are refused for lying
 * outside their community: the mix-up says why.
 */
export async function buildingFitMixUps(c: Queryable, file: ParsedFile, crs: Crs, v: Validation): Promise<Problem[]> {
  if (!isGeographic(crs) || file.alreadyGeographic) return [];
  const raw = rawGeometries(file);
  const byCommunity = new Map<string, { i: number; at: Position }[]>();
  v.rows.forEach((r, i) => {
    const community = r.values.community_code;
    const at = footprintPoint(raw.get(refKey(r.ref)));
    if (typeof community !== 'string' || !at) return;
    const list = byCommunity.get(community);
    if (list) list.push({ i, at });
    else byCommunity.set(community, [{ i, at }]);
  });
  const points = [...byCommunity].flatMap(([key, buildings]) => {
    const step = Math.max(1, buildings.length / FIT_SAMPLE);
    const sample = Array.from({ length: Math.min(FIT_SAMPLE, buildings.length) }, (_, k) => buildings[Math.floor(k * step)]);
    return sample.flatMap((b) =>
      READINGS.map((k) => {
        const [x, y] = convertPosition(k, b.at);
        return { key, reading: crsName(k), x, y };
      }),
    );
  });
  return misfits(await pointsInsideCommunities(c, points), usedReading(crs)).map((m) => {
    const params = { crs: usedReading(crs), community: m.key, insidePercent: m.insidePercent };
    const better = { better: m.better, betterInsidePercent: m.betterInsidePercent };
    return at(v.rows[byCommunity.get(m.key)![0].i].ref, problem('import.datum_mix_up_community', { ...params, ...better }, 'geometry'));
  });
}

/** Community and compound outlines a datum mix-up explains, from the buildings filed under them. */
export async function outlineFitMixUps(
  c: Queryable,
  layer: ImportLayerDef,
  file: ParsedFile,
  crs: Crs,
  v: Validation,
): Promise<{ i: number; problem: Problem }[]> {
  if (!isGeographic(crs) || file.alreadyGeographic) return [];
  if (layer.id === 'communities') return outlineMisfits(c, layer, file, crs, v, 'community_code');
  if (layer.id === 'compounds') return outlineMisfits(c, layer, file, crs, v, 'compound_code');
  return [];
}
