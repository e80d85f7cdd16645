/**
 * Queries that complete imported records from where they lie: the footprint drawn around a
 * building given as a point, the communities that contain a building, the town a road runs
 * through, the numbers already used for building codes, and the values an upsert keeps.
 */
import type { Queryable } from './pool';
import { inChunks } from './lanes';

const CHUNK = 2000;
const METRES_PER_DEGREE = 111_319.49;

export interface FootprintPlace {
  i: number;
  /** The record was a point: ewkb is the square drawn around it. */
  isPoint: boolean;
  ewkb: string;
  areaM2: number;
  /** Codes of the communities whose outline contains a point on the footprint's surface. */
  communities: string[];
}

/** For each [index, hex EWKB]: its footprint (a square of `pointFootprintM2` around a point), area and communities. */
export async function footprintPlaces(c: Queryable, items: [number, string][], pointFootprintM2: number): Promise<FootprintPlace[]> {
  const half = Math.sqrt(pointFootprintM2) / 2 / METRES_PER_DEGREE;
  return inChunks(c, items, CHUNK, async (chunk) => {
    const { rows } = await c.query<FootprintPlace>(
      `WITH src AS (
         SELECT (e->>0)::int AS i, ST_GeomFromEWKB(decode(e->>1, 'hex')) AS g FROM jsonb_array_elements($1::jsonb) e
       ), fp AS (
         SELECT i, GeometryType(g) = 'POINT' AS is_point,
                CASE WHEN GeometryType(g) = 'POINT'
                     THEN ST_ForcePolygonCCW(ST_MakeEnvelope(ST_X(g) - $2 / cos(radians(ST_Y(g))), ST_Y(g) - $2,
                                                             ST_X(g) + $2 / cos(radians(ST_Y(g))), ST_Y(g) + $2, 4326))
                     ELSE g END AS g
           FROM src
       )
       SELECT fp.i, fp.is_point AS "isPoint", encode(ST_AsEWKB(fp.g), 'hex') AS ewkb, ST_Area(fp.g::geography)::float8 AS "areaM2",
              coalesce((SELECT array_agg(c.code ORDER BY c.code) FROM community c WHERE ST_Covers(c.geom, ST_PointOnSurface(fp.g))), '{}') AS communities
         FROM fp ORDER BY fp.i`,
      [JSON.stringify(chunk), half],
    );
    return rows;
  });
}

/** For each [index, hex EWKB] of a line: the town it runs through longest (null when none). */
export async function roadTowns(c: Queryable, items: [number, string][]): Promise<{ i: number; town: string | null }[]> {
  return inChunks(c, items, CHUNK, async (chunk) => {
    const { rows } = await c.query<{ i: number; town: string | null }>(
      `WITH src AS (SELECT (e->>0)::int AS i, ST_GeomFromEWKB(decode(e->>1, 'hex')) AS g FROM jsonb_array_elements($1::jsonb) e)
       SELECT src.i, (SELECT t.code FROM town t WHERE ST_Intersects(t.geom, src.g)
                       ORDER BY ST_Length(ST_Intersection(t.geom, src.g)) DESC, t.code LIMIT 1) AS town
         FROM src ORDER BY src.i`,
      [JSON.stringify(chunk)],
    );
    return rows;
  });
}

/** The highest 5-digit building number used in each community (0 when none). */
export async function highestBuildingNumbers(c: Queryable, communities: string[]): Promise<Map<string, number>> {
  const { rows } = await c.query<{ community: string; n: number }>(
    `SELECT community_code AS community, max(substr(code, 13)::int) AS n FROM building WHERE community_code = ANY($1) GROUP BY 1`,
    [communities],
  );
  return new Map(rows.map((r) => [r.community, r.n]));
}

export interface StoredBuildingCounts {
  floors: number;
  households: number;
  householdsEstimated: boolean;
  footprintEstimated: boolean;
}

/** What an upsert keeps of existing buildings when the file leaves floors or households blank. */
export async function storedBuildingCounts(c: Queryable, codes: string[]): Promise<Map<string, StoredBuildingCounts>> {
  const { rows } = await c.query<StoredBuildingCounts & { code: string }>(
    `SELECT code, floors, households, households_estimated AS "householdsEstimated", footprint_estimated AS "footprintEstimated"
       FROM building WHERE code = ANY($1)`,
    [codes],
  );
  return new Map(rows.map(({ code, ...r }) => [code, r]));
}

/**
 * The stored building each source id names, with its community: ids that name no building, or
 * more than one, are left out.
 */
export async function buildingsBySource(c: Queryable, ids: string[]): Promise<Map<string, { code: string; communityCode: string }>> {
  const found = await inChunks(c, ids, CHUNK * 5, async (chunk) => {
    const { rows } = await c.query<{ id: string; code: string; community_code: string }>(
      `SELECT source_id AS id, min(code) AS code, min(community_code) AS community_code FROM building
        WHERE source_id = ANY($1::text[]) GROUP BY source_id HAVING count(*) = 1`,
      [chunk],
    );
    return rows;
  });
  return new Map(found.map((r) => [r.id, { code: r.code, communityCode: r.community_code }]));
}
