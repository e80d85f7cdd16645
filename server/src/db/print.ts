/** What a printed grid map shows of one community: outline, compounds, buildings and published cells with staff. */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Queryable } from './pool';
import type { PrintData } from '../domain/print/drawing';
import { requireCommunity } from './communities';
import { publishedCells } from './public-community';
import { townToday } from './town-time';

type Area = Polygon | MultiPolygon;

/** The community's print data, or `community.not_found`; staff are the grid leader and workers (public names). */
export async function printData(c: Queryable, code: string): Promise<PrintData> {
  const community = await requireCommunity(c, code);
  const outline = await c.query<{ geometry: string }>('SELECT ST_AsGeoJSON(geom, 6) AS geometry FROM community WHERE code = $1', [code]);
  const cells = await publishedCells(c, code);
  const points = await c.query<{ code: string; x: number; y: number }>(
    `SELECT g.code, ST_X(ST_PointOnSurface(g.geom)) AS x, ST_Y(ST_PointOnSurface(g.geom)) AS y
       FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code AND p.status = 'published'
      WHERE p.community_code = $1 AND g.valid_to IS NULL`,
    [code],
  );
  const pointOf = new Map(points.rows.map((row) => [row.code, [row.x, row.y] as [number, number]]));
  const compounds = await c.query<{ name: string; geometry: string; x: number; y: number }>(
    `SELECT name, ST_AsGeoJSON(geom, 6) AS geometry, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y
       FROM compound WHERE community_code = $1 ORDER BY code`,
    [code],
  );
  const buildings = await c.query<{ geometry: string }>(
    'SELECT ST_AsGeoJSON(geom, 6) AS geometry FROM building WHERE community_code = $1 ORDER BY code',
    [code],
  );
  return {
    community: { code, name: community.name, geometry: JSON.parse(outline.rows[0].geometry) as Area },
    cells: cells
      .filter((cell) => cell.geometry !== null)
      .map((cell) => ({
        code: cell.code,
        label: cell.label || cell.code,
        households: cell.households,
        staff: cell.gridWorkers,
        geometry: JSON.parse(cell.geometry!) as Area,
        labelPoint: pointOf.get(cell.code)!,
      })),
    compounds: compounds.rows.map((row) => ({ name: row.name, geometry: JSON.parse(row.geometry) as Area, labelPoint: [row.x, row.y] })),
    buildings: buildings.rows.map((row) => JSON.parse(row.geometry) as Area),
    generatedOn: await townToday(c),
  };
}
