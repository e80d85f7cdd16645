/**
 * Queries for imports: geometry validity and reprojection in PostGIS, and the existence checks
 * validation needs. Table names come only from the import allow-list (data/layers.ts).
 */
import type { Geometry } from 'geojson';
import type { Queryable } from './pool';
import { inChunks } from './lanes';

export interface GeometryVerdict {
  i: number;
  /** null when PostGIS could not read or transform it (see `error`). */
  valid: boolean | null;
  reason: string | null;
  /** Where the problem is, in WGS84. */
  x: number | null;
  y: number | null;
  /** The geometry in EPSG:4326 as hex EWKB, exactly what will be stored. Rings are oriented as
   * RFC 7946 asks (exterior counter-clockwise): shapefiles store them the other way round. */
  ewkb: string | null;
  /** The geometry after transformation lies outside lon/lat range. */
  outOfRange: boolean;
  error?: string;
}

// Geometries per statement: small enough that one statement stays well under a second on the
// embedded database, where other requests wait for it.
const CHUNK = 500;

const CHECK_SQL = `
  WITH src AS (
    SELECT (e->>0)::int AS i, ST_SetSRID(ST_GeomFromGeoJSON((e->1)::text), $2::int) AS g
      FROM jsonb_array_elements($1::jsonb) e
  ), t AS (
    SELECT i, CASE WHEN $2::int = 4326 THEN g ELSE ST_Transform(g, 4326) END AS g FROM src
  )
  SELECT t.i, d.valid, d.reason, ST_X(d.location)::float8 AS x, ST_Y(d.location)::float8 AS y,
         encode(ST_AsEWKB(ST_ForcePolygonCCW(t.g)), 'hex') AS ewkb,
         (ST_XMin(t.g) < -180 OR ST_XMax(t.g) > 180 OR ST_YMin(t.g) < -90 OR ST_YMax(t.g) > 90) AS "outOfRange"
    FROM t CROSS JOIN LATERAL ST_IsValidDetail(t.g) d
   ORDER BY t.i`;

async function checkChunk(c: Queryable, items: [number, Geometry][], srid: number): Promise<GeometryVerdict[]> {
  const { rows } = await c.query<GeometryVerdict>(CHECK_SQL, [JSON.stringify(items), srid]);
  return rows;
}

/**
 * Validity (ST_IsValidDetail: reason and location, never repaired) and the WGS84 form of each
 * geometry, transforming from `srid` when it isn't 4326. A chunk that PostGIS rejects as a whole
 * (a point outside the projection's domain) is retried one geometry at a time, so the error is
 * pinned to its record. Must run outside a transaction: a failed statement would abort it.
 */
export async function checkGeometries(c: Queryable, items: [number, Geometry][], srid: number): Promise<GeometryVerdict[]> {
  return inChunks(c, items, CHUNK, async (chunk) => {
    try {
      return await checkChunk(c, chunk, srid);
    } catch {
      const out: GeometryVerdict[] = [];
      for (const item of chunk) {
        try {
          out.push(...(await checkChunk(c, [item], srid)));
        } catch (err) {
          const message = err instanceof Error ? err.message.replace(/^transform: /, '') : 'unreadable geometry';
          out.push({ i: item[0], valid: null, reason: null, x: null, y: null, ewkb: null, outOfRange: false, error: message });
        }
      }
      return out;
    }
  });
}

/** Whether PostGIS knows the SRID (spatial_ref_sys), i.e. can transform from it. */
export async function sridKnown(c: Queryable, srid: number): Promise<boolean> {
  const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM spatial_ref_sys WHERE srid = $1', [srid]);
  return rows[0].n > 0;
}

type CodeTable = 'town' | 'community' | 'compound' | 'building' | 'facility_option' | 'division';

/** Which of `codes` exist in a code-keyed table. */
export async function existingCodes(c: Queryable, table: CodeTable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const { rows } = await c.query<{ code: string }>(`SELECT code FROM ${table} WHERE code = ANY($1::text[])`, [codes]);
  return new Set(rows.map((r) => r.code));
}

/** Which of `ids` exist in a serial-keyed table (as text). */
export async function existingIds(c: Queryable, table: 'facility' | 'person' | 'road', ids: number[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await c.query<{ id: string }>(`SELECT id::text AS id FROM ${table} WHERE id = ANY($1::bigint[])`, [ids]);
  return new Set(rows.map((r) => r.id));
}

/** The stored households-per-cell range of the communities among `codes` that exist. */
export async function storedCellRanges(c: Queryable, codes: string[]): Promise<Map<string, { min: number | null; max: number | null }>> {
  if (codes.length === 0) return new Map();
  const { rows } = await c.query<{ code: string; min: number | null; max: number | null }>(
    'SELECT code, min_households_per_cell AS min, max_households_per_cell AS max FROM community WHERE code = ANY($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { min: r.min, max: r.max }]));
}

/** code → community_code of the buildings among `codes` that exist. */
export async function buildingCommunities(c: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await c.query<{ code: string; community_code: string }>(
    'SELECT code, community_code FROM building WHERE code = ANY($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.community_code]));
}

/** Stored geometries (hex EWKB) as GeoJSON simplified to about a metre, for a map preview. */
export async function simplifiedGeoJson(c: Queryable, ewkbs: string[]): Promise<{ type: string; coordinates: unknown }[]> {
  const { rows } = await c.query<{ g: string }>(
    `SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_GeomFromEWKB(decode(h, 'hex')), 0.00001), 6) AS g
       FROM unnest($1::text[]) WITH ORDINALITY AS u(h, n) ORDER BY n`,
    [ewkbs],
  );
  return rows.map((r) => JSON.parse(r.g) as { type: string; coordinates: unknown });
}

/** The mean longitude of the communities' centres, or null with none: the zone a projected file most likely uses. */
export async function installationLongitude(c: Queryable): Promise<number | null> {
  const { rows } = await c.query<{ lng: number | null }>('SELECT avg(ST_X(ST_Centroid(geom)))::float8 AS lng FROM community');
  return rows[0]?.lng ?? null;
}
