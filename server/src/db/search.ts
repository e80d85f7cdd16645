/** Free-text search over communities, compounds, buildings and (for signed-in staff) people. */
import type { Queryable } from './pool';
import type { SearchHit } from '../contract/search';
import { searchTerms } from '../domain/search/query';

export type { SearchHit };

/** Which people a searcher may find, and where: `homesOf` lists the cells whose residents' homes they may see ('*' = all). */
export interface PeopleScope {
  homesOf: '*' | readonly string[];
}

export interface SearchOptions {
  limit: number;
  /** People are searched only with a scope; without one they are left out. */
  people: PeopleScope | null;
  /** Where the searcher is looking from (map centre or position); hits then carry their distance. */
  near?: [number, number];
}

// The same building-number spelling as the query side (domain/search/query.ts): 4栋, 4号楼 → 4幢.
const buildingNumbers = (column: string) => `regexp_replace(${column}, '([0-9]+)\\s*(号楼|號樓|栋|棟|幢|座)', '\\1幢', 'g')`;

// Each branch yields the text matched against the query (hay), a point and an optional box.
const hitsSql = `
  SELECT 'community' AS kind, m.code, m.name, m.name || ' · ' || m.code AS label, 0 AS kind_rank, m.name AS community,
         m.name || ' ' || m.code AS hay, ST_PointOnSurface(m.geom) AS point, m.geom AS box
    FROM community m
  UNION ALL
  SELECT 'compound', k.code, k.name, k.name || ' · ' || m.name, 1, m.name,
         k.name || ' ' || m.name || ' ' || k.code, ST_PointOnSurface(k.geom), k.geom
    FROM compound k JOIN community m ON m.code = k.community_code AND m.county_code = k.county_code
  UNION ALL
  SELECT 'building', b.code, coalesce(nullif(b.name, ''), b.address), b.address || ' · ' || b.code, 2, m.name,
         ${buildingNumbers("b.address || ' ' || b.name || ' ' || coalesce(k.name, '')")} || ' ' || m.name || ' ' || b.code,
         ST_PointOnSurface(b.geom), NULL
    FROM building b JOIN community m ON m.code = b.community_code AND m.county_code = b.county_code LEFT JOIN compound k ON k.code = b.compound_code AND k.county_code = b.county_code
  UNION ALL
  SELECT 'person', p.id::text, p.name, p.name || ' · ' || m.name, 3, m.name, p.name,
         ST_PointOnSurface(CASE WHEN $5::boolean OR home.cell_code = ANY($6::text[]) THEN coalesce(b.geom, m.geom) ELSE m.geom END), NULL
    FROM person p JOIN community m ON m.code = p.community_code AND m.county_code = p.county_code LEFT JOIN building b ON b.code = p.home_building_code AND b.county_code = p.county_code
    LEFT JOIN LATERAL (
      SELECT g.code AS cell_code FROM cell_building cb
        JOIN grid_plan gp ON gp.id = cb.plan_id AND gp.county_code = cb.county_code AND gp.status = 'published'
        JOIN grid_cell g ON g.id = cb.cell_id AND g.county_code = cb.county_code AND g.valid_to IS NULL
       WHERE cb.building_code = p.home_building_code AND cb.county_code = p.county_code LIMIT 1) home ON true
   WHERE $4::boolean`;

/** Hits for every token of `q` (see searchTerms), the closest match of each kind first. */
export async function search(c: Queryable, q: string, options: SearchOptions): Promise<SearchHit[]> {
  const { patterns, tokens } = searchTerms(q);
  if (patterns.length === 0) return [];
  const homesOf = options.people?.homesOf ?? [];
  const near = options.near ?? null;
  const { rows } = await c.query<SearchHit & { distanceMetres: number | null }>(
    `SELECT kind, code, name, label, community,
            ARRAY[ST_X(point), ST_Y(point)]::float8[] AS center,
            CASE WHEN box IS NULL THEN NULL ELSE ARRAY[ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)]::float8[] END AS bbox,
            CASE WHEN $7::float8 IS NULL THEN NULL
                 ELSE round(ST_Distance(point::geography, ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326)::geography))::float8 END AS "distanceMetres"
       FROM (${hitsSql}) hits
      WHERE hay ~* ALL($1::text[])
      ORDER BY kind_rank, (SELECT count(*) FROM unnest($2::text[]) t WHERE strpos(lower(hay), lower(t)) > 0) DESC,
               length(label), code
      LIMIT $3`,
    [
      patterns,
      tokens,
      options.limit,
      options.people !== null,
      homesOf === '*',
      homesOf === '*' ? [] : homesOf,
      near?.[0] ?? null,
      near?.[1] ?? null,
    ],
    // One statement text for every query: prepared once per connection on PostgreSQL.
    'search',
  );
  return rows.map(({ bbox, distanceMetres, ...hit }) => ({
    ...hit,
    ...(bbox ? { bbox } : {}),
    ...(distanceMetres === null ? {} : { distanceMetres }),
  }));
}
