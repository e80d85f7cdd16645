/**
 * Queries of the import plausibility checks (data/plausibility.ts): where each geometry lies and
 * how large it is, the outlines that can serve as a parent, how much of a geometry lies inside
 * its parent, where a position lands when read in another coordinate system, and overlaps
 * between communities. Geometries travel as WGS84 hex EWKB, as validation produced them.
 */
import type { Queryable } from './pool';
import { inChunks } from './lanes';

// Geometries per statement: keeps each statement short on the embedded database (see io.ts).
const CHUNK = 1000;
const EWKB = (col: string) => `ST_GeomFromEWKB(decode(${col}, 'hex'))`;

export interface GeometryFacts {
  i: number;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  /** Area on the ellipsoid (0 for points and lines). */
  areaM2: number;
  /** A point on the geometry, for messages. */
  x: number;
  y: number;
}

export async function geometryFacts(c: Queryable, items: { i: number; ewkb: string }[]): Promise<GeometryFacts[]> {
  return inChunks(c, items, CHUNK, async (chunk) => {
    const { rows } = await c.query<GeometryFacts>(
      `SELECT r.i, ST_XMin(g)::float8 AS xmin, ST_XMax(g)::float8 AS xmax, ST_YMin(g)::float8 AS ymin, ST_YMax(g)::float8 AS ymax,
              ST_Area(g::geography)::float8 AS "areaM2", ST_X(ST_PointOnSurface(g))::float8 AS x, ST_Y(ST_PointOnSurface(g))::float8 AS y
         FROM jsonb_to_recordset($1::jsonb) AS r(i int, ewkb text) CROSS JOIN LATERAL (SELECT ${EWKB('r.ewkb')} AS g) s
        ORDER BY r.i`,
      [JSON.stringify(chunk)],
    );
    return rows;
  });
}

/** Where a parent outline is kept: a town with an outline of its own, or a division with one. */
export type OutlineSource = 'town' | 'division';

/** The outlines among `codes` that can serve as a parent, by code (a town wins over its division). */
export async function parentOutlines(c: Queryable, codes: string[]): Promise<Map<string, { source: OutlineSource; name: string }>> {
  const { rows } = await c.query<{ source: OutlineSource; code: string; name: string }>(
    `SELECT 'division' AS source, code, name FROM division WHERE code = ANY($1::text[]) AND geom IS NOT NULL
     UNION ALL
     SELECT 'town', code, name FROM town WHERE code = ANY($1::text[]) AND NOT outline_from_communities`,
    [codes],
  );
  const out = new Map<string, { source: OutlineSource; name: string }>();
  for (const r of rows) if (!out.has(r.code) || r.source === 'town') out.set(r.code, { source: r.source, name: r.name });
  return out;
}

/** A parent outline: kept in the database, or another record of the same file. */
export type ParentRef = { source: OutlineSource; code: string } | { source: 'file'; ewkb: string };

const PARENT_GEOM = `CASE r.source WHEN 'town' THEN (SELECT geom FROM town WHERE code = r.code)
                                  WHEN 'division' THEN (SELECT geom FROM division WHERE code = r.code)
                                  ELSE ${EWKB('r.parent')} END`;
const PARENT_RECORD = 'r(i int, ewkb text, source text, code text, parent text)';
const parentPayload = (p: ParentRef) => (p.source === 'file' ? { source: 'file', parent: p.ewkb } : { source: p.source, code: p.code });

/**
 * The share (0–1) of each geometry that lies inside its parent outline. A geometry is validated
 * EWKB, or WGS84 GeoJSON read another way than validation did (made valid here, as it is unchecked).
 */
export async function insideShares(
  c: Queryable,
  items: ({ i: number; parent: ParentRef } & ({ ewkb: string } | { geojson: string }))[],
): Promise<Map<number, number>> {
  if (items.length === 0) return new Map();
  const payload = items.map(({ parent, ...item }) => ({ ...item, ...parentPayload(parent) }));
  const { rows } = await c.query<{ i: number; share: number }>(
    `SELECT i, CASE WHEN ST_Area(g) = 0 THEN (CASE WHEN ST_Intersects(g, p) THEN 1 ELSE 0 END)
                    ELSE ST_Area(ST_Intersection(g, p)) / ST_Area(g) END::float8 AS share
       FROM (SELECT r.i, COALESCE(${EWKB('r.ewkb')}, ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(r.geojson), 4326))) AS g,
                    ${PARENT_GEOM} AS p
               FROM jsonb_to_recordset($1::jsonb) AS r(i int, ewkb text, geojson text, source text, code text, parent text)) s`,
    [JSON.stringify(payload)],
  );
  return new Map(rows.map((r) => [r.i, r.share]));
}

/** A position as another coordinate system would read it: WGS84 already, or to be transformed from `srid`. */
export interface Reading {
  crs: string;
  x: number;
  y: number;
  srid: number;
}

/**
 * The readings that land inside `parent`, or (without one) inside `bbox`; those inside an outlined
 * town come first, so a projected reading near the installation's data is suggested before others.
 */
export async function readingsInside(
  c: Queryable,
  readings: Reading[],
  parent: ParentRef | null,
  bbox: { west: number; east: number; south: number; north: number },
): Promise<string[]> {
  const target = parent ? parentPayload(parent) : null;
  const { rows } = await c.query<{ crs: string }>(
    `WITH k AS (
       SELECT k.ord, k.crs, CASE WHEN k.srid = 4326 THEN ST_SetSRID(ST_MakePoint(k.x, k.y), 4326) ELSE gridplan_try_transform(k.x, k.y, k.srid) END AS pt
         FROM jsonb_to_recordset($1::jsonb) AS k(ord int, crs text, x float8, y float8, srid int)
     ), p AS (
       SELECT ${target ? PARENT_GEOM : 'NULL::geometry'} AS geom FROM jsonb_to_recordset($2::jsonb) AS ${PARENT_RECORD}
     )
     SELECT k.crs FROM k, p
      WHERE k.pt IS NOT NULL
        AND CASE WHEN p.geom IS NOT NULL THEN ST_Intersects(k.pt, p.geom)
                 ELSE ST_Intersects(k.pt, ST_MakeEnvelope($3, $4, $5, $6, 4326)) END
      ORDER BY EXISTS (SELECT 1 FROM town t WHERE NOT t.outline_from_communities AND ST_Intersects(t.geom, k.pt)) DESC, k.ord`,
    [
      JSON.stringify(readings.map((r, ord) => ({ ...r, ord }))),
      JSON.stringify([target ?? {}]),
      bbox.west,
      bbox.south,
      bbox.east,
      bbox.north,
    ],
  );
  return rows.map((r) => r.crs);
}

/**
 * Pairs of an imported community and another one (in the database and not replaced by this
 * import, or elsewhere in the file) whose overlap exceeds `maxPercent` of the imported one's area.
 */
export async function communityOverlaps(
  c: Queryable,
  items: { i: number; code: string; ewkb: string }[],
  maxPercent: number,
): Promise<{ i: number; other: string; percent: number }[]> {
  if (items.length === 0) return [];
  const { rows } = await c.query<{ i: number; other: string; percent: number }>(
    `WITH r AS (SELECT r.i, r.code, ${EWKB('r.ewkb')} AS g FROM jsonb_to_recordset($1::jsonb) AS r(i int, code text, ewkb text)),
          o AS (SELECT code, geom AS g FROM community WHERE code <> ALL($2::text[]) UNION ALL SELECT code, g FROM r)
     SELECT * FROM (
       SELECT r.i, o.code AS other, (100 * ST_Area(ST_Intersection(r.g, o.g)) / nullif(ST_Area(r.g), 0))::float8 AS percent
         FROM r JOIN o ON o.code <> r.code AND ST_Intersects(r.g, o.g)
     ) x WHERE percent > $3 ORDER BY i, percent DESC, other`,
    [JSON.stringify(items), items.map((r) => r.code), maxPercent],
  );
  return rows;
}
