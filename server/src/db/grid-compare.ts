/** Comparing two plans of one community: which buildings and households change cell. */
import type { Queryable } from './pool';
import type { CellRef, Comparison } from '../contract/grid-plans';
import { invalid, notFound } from '../domain/errors';
import { getPlanRow, planCells, reservedLabels } from './grid-plans';
import { cellViews } from './grid-plan-view';
import { comparePlans } from '../domain/grid-edit/compare';

export async function comparePlanIds(c: Queryable, aId: number, bId: number): Promise<Comparison> {
  const [a, b] = await Promise.all([getPlanRow(c, aId), getPlanRow(c, bId)]);
  if (!a) throw notFound('grid.plan.not_found', { id: aId });
  if (!b) throw notFound('grid.plan.not_found', { id: bId });
  if (a.communityCode !== b.communityCode) {
    throw invalid('grid.compare.different_communities', { a: aId, b: bId, communityA: a.communityCode, communityB: b.communityCode });
  }
  const reserved = await reservedLabels(c, a.communityCode);
  const cellsA = cellViews(a, await planCells(c, aId), reserved);
  const cellsB = cellViews(b, await planCells(c, bId), reserved);
  const ref = (cell: (typeof cellsA)[number]): CellRef => ({ id: cell.id, label: cell.label, code: cell.code });
  const refs = new Map<string, CellRef>([
    ...cellsA.map((x) => [`a${x.id}`, ref(x)] as const),
    ...cellsB.map((x) => [`b${x.id}`, ref(x)] as const),
  ]);
  const aOf = new Map(cellsA.flatMap((x) => x.buildingCodes.map((code) => [code, `a${x.id}`] as const)));
  const bOf = new Map(cellsB.flatMap((x) => x.buildingCodes.map((code) => [code, `b${x.id}`] as const)));
  const { rows } = await c.query<{ code: string; households: number; lng: number; lat: number }>(
    `SELECT code, households, ST_X(ST_PointOnSurface(geom))::float8 AS lng, ST_Y(ST_PointOnSurface(geom))::float8 AS lat
       FROM building WHERE community_code = $1`,
    [a.communityCode],
  );
  const households = new Map(rows.map((r) => [r.code, r.households]));
  const where = new Map(rows.map((r) => [r.code, [r.lng, r.lat] as [number, number]]));
  const result = comparePlans(aOf, bOf, households);
  const get = (key: string | null) => (key === null ? null : refs.get(key)!);
  return {
    communityCode: a.communityCode,
    a: { id: a.id, name: a.name, status: a.status },
    b: { id: b.id, name: b.name, status: b.status },
    matches: result.matches.map((m) => ({
      a: get(m.a)!,
      b: get(m.b)!,
      sharedBuildings: m.sharedBuildings,
      sharedHouseholds: m.sharedHouseholds,
    })),
    onlyInA: result.onlyInA.map((k) => get(k)!),
    onlyInB: result.onlyInB.map((k) => get(k)!),
    moved: result.moved.map((m) => ({
      building: m.building,
      households: m.households,
      from: get(m.from),
      to: get(m.to),
      location: where.get(m.building) ?? [0, 0],
    })),
    movedBuildings: result.movedBuildings,
    movedHouseholds: result.movedHouseholds,
    totalHouseholds: rows.reduce((s, r) => s + r.households, 0),
  };
}
