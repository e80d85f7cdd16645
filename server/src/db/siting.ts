/**
 * Location-allocation input built in PostGIS: demand points (buildings, or compounds, weighted by
 * households) and candidate sites (facility options and existing facilities), with the cost
 * matrix of geography distances in metres from every demand point to every site.
 */
import type { Queryable } from './pool';
import type { DemandLevel, SitingDemand, SitingSite } from '../contract/locate';
import { fieldError } from '../domain/facility/fields';

export type { DemandLevel, SitingDemand, SitingSite };

export interface SitingScope {
  /** One community, or the whole town when null. */
  communityCode: string | null;
  demand: DemandLevel;
  /** Existing facilities take part as already-open (fixed) sites. */
  includeExisting: boolean;
  /** Option codes to consider; null = every usable option in scope. */
  optionCodes: string[] | null;
}

/** Candidate sites in scope: usable options, then (when asked) existing facilities as fixed sites. */
export async function sitingSites(c: Queryable, scope: SitingScope): Promise<SitingSite[]> {
  const { rows } = await c.query<SitingSite>(
    `SELECT 'option:' || o.code AS id, 'option' AS kind, o.code, o.name, o.community_code AS "communityCode",
            ST_X(o.geom)::float8 AS lng, ST_Y(o.geom)::float8 AS lat, false AS fixed
       FROM facility_option o
      WHERE o.status <> 'withdrawn' AND ($1::text IS NULL OR o.community_code = $1)
        AND ($2::text[] IS NULL OR o.code = ANY($2::text[]))
        AND NOT EXISTS (SELECT 1 FROM facility_project p WHERE p.option_id = o.id AND p.status = 'delivered')
     UNION ALL
     SELECT 'facility:' || f.id, 'facility', f.id::text, f.name, f.community_code, ST_X(f.geom)::float8, ST_Y(f.geom)::float8, true
       FROM facility f
      WHERE $3::boolean AND ($1::text IS NULL OR f.community_code = $1)
      ORDER BY 1`,
    [scope.communityCode, scope.optionCodes, scope.includeExisting],
  );
  return rows;
}

/** Number of demand points the scope would produce (to refuse oversized problems before building them). */
export async function countDemand(c: Queryable, scope: SitingScope): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    scope.demand === 'buildings'
      ? `SELECT count(*)::int AS n FROM building WHERE households > 0 AND ($1::text IS NULL OR community_code = $1)`
      : `SELECT (SELECT count(*) FROM compound WHERE $1::text IS NULL OR community_code = $1)
              + (SELECT count(*) FROM building WHERE compound_code IS NULL AND households > 0 AND ($1::text IS NULL OR community_code = $1))::int AS n`,
    [scope.communityCode],
  );
  return Number(rows[0].n);
}

const DEMAND_POINTS: Record<DemandLevel, string> = {
  buildings: `SELECT code AS id, households AS weight, ST_PointOnSurface(geom) AS pt
                FROM building WHERE households > 0 AND ($1::text IS NULL OR community_code = $1)`,
  compounds: `SELECT k.code AS id, coalesce(sum(b.households), 0) AS weight, ST_PointOnSurface(k.geom) AS pt
                FROM compound k LEFT JOIN building b ON b.compound_code = k.code
               WHERE $1::text IS NULL OR k.community_code = $1 GROUP BY k.code, k.geom
              UNION ALL
              SELECT code, households, ST_PointOnSurface(geom) FROM building
               WHERE compound_code IS NULL AND households > 0 AND ($1::text IS NULL OR community_code = $1)`,
};

/** Demand points with their row of the cost matrix (metres to each of `sites`, in order). */
export async function sitingDemand(
  c: Queryable,
  scope: SitingScope,
  sites: readonly SitingSite[],
): Promise<{ demand: SitingDemand[]; cost: number[][] }> {
  const { rows } = await c.query<SitingDemand & { cost: number[] }>(
    `WITH d AS (${DEMAND_POINTS[scope.demand]}),
          s AS (SELECT ord, ST_SetSRID(ST_MakePoint(x, y), 4326)::geography AS g
                  FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS t(x, y, ord))
     SELECT d.id, d.weight::float8 AS weight, round(ST_X(d.pt)::numeric, 6)::float8 AS lng, round(ST_Y(d.pt)::numeric, 6)::float8 AS lat,
            array_agg(round(ST_Distance(d.pt::geography, s.g)::numeric, 1)::float8 ORDER BY s.ord) AS cost
       FROM d CROSS JOIN s GROUP BY d.id, d.weight, d.pt ORDER BY d.id`,
    [scope.communityCode, sites.map((s) => s.lng), sites.map((s) => s.lat)],
  );
  return {
    demand: rows.map(({ cost: _cost, ...point }) => point),
    cost: rows.map((row) => row.cost.map(Number)),
  };
}

/** Largest cost matrix solved over HTTP (demand × sites entries): keeps a request within seconds. */
export const MAX_MATRIX_ENTRIES = 250_000;

/**
 * The siting problem of a scope, checked before it is built: the community exists, there are
 * sites and households, p fits between the fixed sites and all sites, and the matrix is not too
 * large. Each refusal is a 400 naming the request field at fault.
 */
export async function buildSiting(c: Queryable, scope: SitingScope, p: number) {
  if (scope.communityCode) {
    const { rows } = await c.query('SELECT 1 FROM community WHERE code = $1', [scope.communityCode]);
    if (rows.length === 0) throw fieldError('json.communityCode', 'siting.unknown_community', { communityCode: scope.communityCode });
  }
  const sites = await sitingSites(c, scope);
  const fixed = sites.filter((s) => s.fixed).length;
  if (sites.length === 0) throw fieldError('json.communityCode', 'siting.no_sites');
  if (p > sites.length)
    throw fieldError('json.p', 'siting.p_too_large', { p, sites: sites.length, options: sites.length - fixed, facilities: fixed });
  if (p < fixed) throw fieldError('json.p', 'siting.p_below_fixed', { p, fixed });
  const demandCount = await countDemand(c, scope);
  if (demandCount === 0) throw fieldError('json.communityCode', 'siting.no_households');
  if (demandCount * sites.length > MAX_MATRIX_ENTRIES)
    throw fieldError('json.demand', 'siting.too_large', { points: demandCount, sites: sites.length });
  return { sites, ...(await sitingDemand(c, scope, sites)) };
}
