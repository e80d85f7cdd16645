/**
 * A GCJ-02 (or BD-09) mix-up in a buildings file that names no communities, found from the stored
 * roads and buildings. OpenStreetMap-style footprints are placed in the community that contains
 * them, so read 300–600 m off they still fit their communities. But read right, a footprint
 * almost never lies across a road centreline, and it either covers a stored building (the same
 * one drawn again) or sits in a gap; read that far off, a clear share lie across roads or partly
 * over stored buildings, at random. So a sample of the file's footprints is read as WGS84, GCJ-02
 * and BD-09 and those clashes are counted. The reading used is refused when its clashes are clear
 * and another reading leaves at most FIT_REMAINING of them. Judged only where roads are stored
 * round the sample in both readings (no roads, no judgement: a reading landing off the stored
 * data clashes with nothing and proves nothing).
 */
import type { Geometry } from 'geojson';
import type { Queryable } from '../db/pool';
import { footprintClashes, type ClashCount } from '../db/plausibility-clashes';
import { crsName, isGeographic, type Crs } from './crs';
import { checkGeometry } from './geometry';
import { importLayer } from './layers';
import { FIT_REMAINING, READINGS, usedReading } from './plausibility-fit';
import { at, problem, type ParsedFile, type Problem } from './types';
import type { ValidRow } from './validate';

/** Footprints a file is judged on (evenly spaced through it), to keep the statement short. */
export const CLASH_SAMPLE = 400;
/** A footprint this close to a road centreline (degrees, about 100 m) lies where the stored roads can judge it. */
const NEAR_ROAD_DEGREES = 0.001;
/** Fewest sampled footprints near roads, in the reading used and in the one named, for a judgement. */
const CLASH_MIN_NEAR = 20;
/** Fewest clashing footprints, read as given, for a refusal… */
const CLASH_MIN = 5;
/** …and their least share of the sample. */
const CLASH_MIN_SHARE = 0.02;

const share = (r: ClashCount) => r.clashing / r.count;
const percent = (n: number) => Number((100 * n).toFixed(1));

/** The reading that clears the clashes, if the one used is clearly worse than another. */
function betterReading(counts: ClashCount[], used: string): { given: ClashCount; better: ClashCount } | null {
  const given = counts.find((r) => r.reading === used);
  if (!given || given.near < CLASH_MIN_NEAR || given.clashing < CLASH_MIN || share(given) < CLASH_MIN_SHARE) return null;
  const better = counts.filter((r) => r.reading !== used && r.near >= CLASH_MIN_NEAR).sort((a, b) => share(a) - share(b))[0];
  return better && share(better) <= share(given) * FIT_REMAINING ? { given, better } : null;
}

const isFootprint = (g: Geometry | null | undefined): boolean => g?.type === 'Polygon' || g?.type === 'MultiPolygon';

/** Metres in a degree of latitude, and of longitude at the equator. */
const METRES_PER_DEGREE = 111_320;

/**
 * What a record stands for on the ground, in the file's own numbers: its outline, or for a
 * building given as a point (a register with coordinates) the square of `pointFootprintM2` the
 * import would draw round it. A register's points stand inside their buildings and off the roads;
 * read 300–600 m off, their squares lie across roads and partly over stored buildings as
 * outlines do.
 */
function footprintOf(g: Geometry | null | undefined, pointFootprintM2: number): Geometry | null {
  if (isFootprint(g)) return g as Geometry;
  if (g?.type !== 'Point') return null;
  const [x, y] = g.coordinates.map(Number);
  if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(y) >= 89) return null;
  const half = Math.sqrt(pointFootprintM2) / 2;
  const dy = half / METRES_PER_DEGREE;
  const dx = half / (METRES_PER_DEGREE * Math.cos((y * Math.PI) / 180));
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x - dx, y - dy],
        [x + dx, y - dy],
        [x + dx, y + dy],
        [x - dx, y + dy],
        [x - dx, y - dy],
      ],
    ],
  };
}

/**
 * The buildings file's footprints (or the squares drawn round its points) clashing with stored
 * roads and buildings as read, when another reading of the numbers clears them: one problem, at
 * the first footprint sampled.
 */
export async function buildingClashMixUps(
  c: Queryable,
  file: ParsedFile,
  crs: Crs,
  rows: ValidRow[],
  pointFootprintM2: number,
): Promise<Problem[]> {
  if (!isGeographic(crs) || file.alreadyGeographic) return [];
  // the file's own numbers, sampled from its records: a map of every row's geometry costs more than the statement
  const located = file.records.flatMap((r) => {
    const footprint = footprintOf(r.geometry, pointFootprintM2);
    return footprint ? [{ ref: r.ref, footprint }] : [];
  });
  if (located.length < CLASH_MIN_NEAR) return [];
  const step = Math.max(1, located.length / CLASH_SAMPLE);
  const sample = Array.from({ length: Math.min(CLASH_SAMPLE, located.length) }, (_, k) => located[Math.floor(k * step)]);
  const layer = importLayer('buildings');
  const footprints = sample.flatMap((f) =>
    READINGS.flatMap((k) => {
      const read = checkGeometry(layer, f.footprint, k, false).geometry;
      return read ? [{ reading: crsName(k), geojson: JSON.stringify(read) }] : [];
    }),
  );
  // the counties the file's buildings were placed in, read as given (a shift of 600 m rarely leaves one)
  const counties = new Set<string>();
  for (const r of rows) if (typeof r.values.community_code === 'string') counties.add(r.values.community_code.slice(0, 6));
  const used = usedReading(crs);
  const found = betterReading(await footprintClashes(c, footprints, [...counties], NEAR_ROAD_DEGREES), used);
  if (!found) return [];
  const { given, better } = found;
  const params = { crs: used, sampled: given.count, clashing: given.clashing, clashPercent: percent(share(given)) };
  const named = { better: better.reading, betterClashPercent: percent(share(better)) };
  return [at(sample[0].ref, problem('import.datum_mix_up_clashes', { ...params, ...named }, 'geometry'))];
}
