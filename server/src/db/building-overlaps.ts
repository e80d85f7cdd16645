/**
 * Queries of the building overlap check of an import (data/building-pieces.ts): exact facts about
 * candidate pairs of imported footprints (found by their boxes in JavaScript), stored buildings
 * that overlap imported ones, and the union of the pieces of one building. Geometries travel as
 * WGS84 hex EWKB, as validation produced them.
 */
import type { Queryable } from './pool';
import { inChunks } from './lanes';

const CHUNK = 5000;
/** Pieces of one building cut at a tile edge meet within this distance (degrees, about 1 cm). */
export const PIECES_MEET_DEGREES = 1e-7;
const EWKB = (col: string) => `ST_GeomFromEWKB(decode(${col}, 'hex'))`;

export interface PairFacts {
  i: number;
  j: number;
  /** Area where the interiors overlap (0 when they only touch or nearly touch). */
  overlapM2: number;
  /** They come within PIECES_MEET_DEGREES of each other. */
  meet: boolean;
  iAreaM2: number;
  jAreaM2: number;
}

const overlapM2 = (a: string, b: string) =>
  `CASE WHEN ST_Relate(${a}, ${b}, '2********') THEN ST_Area(ST_Intersection(${a}, ${b})::geography) ELSE 0 END::float8`;

/** Exact facts about candidate pairs of footprints. */
export async function pairFacts(c: Queryable, pairs: { i: number; j: number; a: string; b: string }[]): Promise<PairFacts[]> {
  return inChunks(c, pairs, CHUNK, async (chunk) => {
    const { rows } = await c.query<PairFacts>(
      `SELECT p.i, p.j, ${overlapM2('s.a', 's.b')} AS "overlapM2", ST_DWithin(s.a, s.b, $2) AS meet,
              ST_Area(s.a::geography)::float8 AS "iAreaM2", ST_Area(s.b::geography)::float8 AS "jAreaM2"
         FROM jsonb_to_recordset($1::jsonb) AS p(i int, j int, a text, b text)
         CROSS JOIN LATERAL (SELECT ${EWKB('p.a')} AS a, ${EWKB('p.b')} AS b) s
        ORDER BY p.i, p.j`,
      [JSON.stringify(chunk), PIECES_MEET_DEGREES],
    );
    return rows;
  });
}

/** Stored buildings whose box meets an imported footprint's box. */
export async function storedNeighbours(
  c: Queryable,
  boxes: { i: number; bounds: [west: number, south: number, east: number, north: number] }[],
): Promise<{ i: number; code: string }[]> {
  return inChunks(c, boxes, CHUNK, async (chunk) => {
    const { rows } = await c.query<{ i: number; code: string }>(
      `SELECT r.i, b.code
         FROM jsonb_to_recordset($1::jsonb) AS r(i int, w float8, s float8, e float8, n float8)
         JOIN building b ON b.geom && ST_MakeEnvelope(r.w, r.s, r.e, r.n, 4326)`,
      [JSON.stringify(chunk.map(({ i, bounds: [w, s, e, n] }) => ({ i, w, s, e, n })))],
    );
    return rows;
  });
}

/** Of the candidate (imported footprint, stored building) pairs, those overlapping by more than `maxM2`. */
export async function storedOverlaps(
  c: Queryable,
  candidates: { i: number; code: string; ewkb: string }[],
  maxM2: number,
): Promise<{ i: number; code: string; overlapM2: number }[]> {
  return inChunks(c, candidates, CHUNK, async (chunk) => {
    const { rows } = await c.query<{ i: number; code: string; overlapM2: number }>(
      `SELECT * FROM (
         SELECT r.i, b.code, ${overlapM2('s.g', 'b.geom')} AS "overlapM2"
           FROM jsonb_to_recordset($1::jsonb) AS r(i int, code text, ewkb text)
           CROSS JOIN LATERAL (SELECT ${EWKB('r.ewkb')} AS g) s
           JOIN building b ON b.code = r.code
       ) x WHERE "overlapM2" > $2 ORDER BY i, code`,
      [JSON.stringify(chunk), maxM2],
    );
    return rows;
  });
}

/**
 * The union of each group of footprints; pieces a hair apart are closed by a buffer there and
 * back. `parts` > 1 when the pieces still do not form one outline. Rings run counter-clockwise, as
 * every imported footprint's do, so the same pieces imported again compare equal to the stored one.
 */
export async function unitedFootprints(c: Queryable, groups: string[][]): Promise<{ group: number; ewkb: string; parts: number }[]> {
  if (groups.length === 0) return [];
  const members = groups.flatMap((g, grp) => g.map((ewkb) => ({ grp, ewkb })));
  const { rows } = await c.query<{ group: number; ewkb: string; parts: number }>(
    `WITH u AS (
       SELECT m.grp, ST_UnaryUnion(ST_Collect(${EWKB('m.ewkb')})) AS g
         FROM jsonb_to_recordset($1::jsonb) AS m(grp int, ewkb text)
        GROUP BY m.grp
     ), closed AS (
       SELECT u.grp, CASE WHEN ST_NumGeometries(u.g) = 1 THEN u.g
                          ELSE ST_Buffer(ST_Buffer(u.g, $2, 'join=mitre'), -$2, 'join=mitre') END AS g
         FROM u
     )
     SELECT grp AS "group", encode(ST_AsEWKB(ST_ForcePolygonCCW(CASE WHEN ST_NumGeometries(g) = 1 THEN ST_GeometryN(g, 1) ELSE g END)), 'hex') AS ewkb,
            ST_NumGeometries(g)::int AS parts
       FROM closed ORDER BY grp`,
    [JSON.stringify(members), PIECES_MEET_DEGREES],
  );
  return rows;
}
