/**
 * Query of the roads-and-buildings check (data/plausibility-clashes.ts): of a sample of a file's
 * footprints, each read every way, how many lie near a stored road, and how many clash with what
 * is stored: a road centreline across them, or a stored building partly under them (more than a
 * sliver, less than half: the same building drawn again covers more, a neighbour none). One
 * statement; roads are a reference table, buildings are read in the counties given.
 */
import type { Queryable } from './pool';

/** For one reading: the footprints tested, how many lie near a road, and how many clash with stored roads or buildings. */
export interface ClashCount {
  reading: string;
  count: number;
  near: number;
  clashing: number;
}

/** Share of the smaller footprint from which an overlap is more than a sliver (digitising differences)… */
const SLIVER = 0.05;
/** …and from which it is the same building drawn again. */
const SAME_BUILDING = 0.5;

/** Counts, per reading, the footprints within `nearDegrees` of a road and those clashing with stored roads or buildings. */
export async function footprintClashes(
  c: Queryable,
  footprints: { reading: string; geojson: string }[],
  counties: string[],
  nearDegrees: number,
): Promise<ClashCount[]> {
  if (footprints.length === 0) return [];
  const { rows } = await c.query<ClashCount>(
    // buildings are joined rather than looked up per footprint: Citus cannot correlate a
    // distributed table with a list sent along; roads, a reference table, it can
    // (a reading that leaves a footprint invalid drops it from the sample: user outlines are not repaired on a request's path)
    `WITH f AS MATERIALIZED (SELECT * FROM (SELECT f.n, f.reading, ST_SetSRID(ST_GeomFromGeoJSON(f.geojson), 4326) AS g
                                             FROM jsonb_to_recordset($1::jsonb) AS f(n int, reading text, geojson text)) r WHERE ST_IsValid(r.g)),
          over AS MATERIALIZED (SELECT DISTINCT f.n FROM f JOIN building b ON ST_Intersects(b.geom, f.g)
                                 WHERE b.county_code = ANY($3::text[])
                                   AND ST_Area(ST_Intersection(b.geom, f.g)) / least(ST_Area(b.geom), ST_Area(f.g)) BETWEEN $4 AND $5)
     SELECT f.reading, count(*)::int AS count,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM road d WHERE ST_DWithin(d.geom, f.g, $2)))::int AS near,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM road d WHERE ST_Intersects(d.geom, f.g)) OR f.n IN (SELECT n FROM over))::int AS clashing
       FROM f GROUP BY f.reading ORDER BY f.reading`,
    [JSON.stringify(footprints.map((f, n) => ({ n, ...f }))), nearDegrees, counties, SLIVER, SAME_BUILDING],
  );
  return rows;
}
