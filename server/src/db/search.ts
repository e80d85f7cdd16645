/** Free-text search over communities, compounds, buildings and (for signed-in staff) people. */
import type { Queryable } from './pool';
import type { SearchHit } from '../contract/search';

export type { SearchHit };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function search(c: Queryable, q: string, includePeople: boolean, limit: number): Promise<SearchHit[]> {
  const pattern = `%${escapeLike(q)}%`;
  const prefix = `${escapeLike(q)}%`;
  const { rows } = await c.query<SearchHit & { rank: number }>(
    `SELECT * FROM (
       SELECT 'community' AS kind, code, name, name || ' · ' || code AS label, 0 AS rank,
              ARRAY[ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))]::float8[] AS center,
              ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)]::float8[] AS bbox
         FROM community WHERE name ILIKE $1 OR code LIKE $2
       UNION ALL
       SELECT 'compound', k.code, k.name, k.name || ' · ' || m.name, 1,
              ARRAY[ST_X(ST_PointOnSurface(k.geom)), ST_Y(ST_PointOnSurface(k.geom))]::float8[],
              ARRAY[ST_XMin(k.geom), ST_YMin(k.geom), ST_XMax(k.geom), ST_YMax(k.geom)]::float8[]
         FROM compound k JOIN community m ON m.code = k.community_code WHERE k.name ILIKE $1 OR k.code LIKE $2
       UNION ALL
       SELECT 'building', b.code, coalesce(nullif(b.name, ''), b.address), b.address || ' · ' || b.code, 2,
              ARRAY[ST_X(ST_PointOnSurface(b.geom)), ST_Y(ST_PointOnSurface(b.geom))]::float8[], NULL
         FROM building b WHERE b.code LIKE $2 OR b.address ILIKE $1 OR b.name ILIKE $1
       UNION ALL
       SELECT 'person', p.id::text, p.name, p.name || ' · ' || m.name, 3,
              ARRAY[ST_X(ST_PointOnSurface(coalesce(b.geom, m.geom))), ST_Y(ST_PointOnSurface(coalesce(b.geom, m.geom)))]::float8[], NULL
         FROM person p JOIN community m ON m.code = p.community_code LEFT JOIN building b ON b.code = p.home_building_code
        WHERE $4 AND p.name ILIKE $1
     ) hits ORDER BY rank, length(label), code LIMIT $3`,
    [pattern, prefix, limit, includePeople],
  );
  return rows.map(({ rank: _rank, ...hit }) => (hit.bbox ? hit : { ...hit, bbox: undefined }));
}
