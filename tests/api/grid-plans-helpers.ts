/** Shared helpers of the grid-plan API tests: typed plan answers, drafts that clean up after themselves. */
import type { EditRecord, PlanView } from '../../server/src/contract/grid-plans';
import type { ErrorBody } from '../../server/src/contract/common';
import { call, loginAs } from '../helpers/app';
import { testDb } from '../helpers/db';

/** A plan answer; `edit` when it answers an edit, undo or redo. */
export type PlanAnswer = PlanView & { edit?: EditRecord };
export type { ErrorBody as ErrorAnswer };

export const planner = () => loginAs('planner');
export const official = () => loginAs('official');

export async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** A community's buildings with households and compound, from the database. */
export async function buildingsOf(communityCode: string): Promise<{ code: string; households: number; compound: string | null }[]> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string; households: number; compound: string | null }>(
      'SELECT code, households, compound_code AS compound FROM building WHERE community_code = $1 ORDER BY code',
      [communityCode],
    ),
  );
  return rows;
}

/** Pairs of touching buildings (atom adjacency) of a community. */
export async function adjacencyOf(communityCode: string): Promise<[string, string][]> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ a: string; b: string }>('SELECT a, b FROM atom_adjacency WHERE community_code = $1', [communityCode]),
  );
  return rows.map((r) => [r.a, r.b]);
}

/** The first community (by code) whose published plan passes every integrity check. */
export async function communityWithValidPublishedPlan(): Promise<{ code: string; planId: number }> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string; id: number }>(
      "SELECT community_code AS code, id::int AS id FROM grid_plan WHERE status = 'published' ORDER BY community_code",
    ),
  );
  const cookie = await planner();
  for (const r of rows) {
    const v = await json<{ ok: boolean }>(await call('GET', `/api/grid-plans/${r.id}/validation`, undefined, cookie));
    if (v.ok) return { code: r.code, planId: r.id };
  }
  throw new Error('no community has a published plan that passes the integrity checks');
}

const created: number[] = [];

/** Generates a draft (tracked for cleanup). */
export async function generated(communityCode: string, body: Record<string, unknown> = {}): Promise<PlanAnswer> {
  const res = await call(
    'POST',
    `/api/communities/${communityCode}/grid-plans/generate`,
    { minHouseholds: 300, maxHouseholds: 500, ...body },
    await planner(),
  );
  if (res.status !== 201) throw new Error(`generate failed: ${res.status} ${await res.text()}`);
  const plan = await json<PlanAnswer>(res);
  created.push(plan.id);
  return plan;
}

/** Starts a draft from 'empty', 'published' or a plan id (tracked for cleanup). */
export async function draftFrom(communityCode: string, from: 'empty' | 'published' | number): Promise<PlanAnswer> {
  const res = await call('POST', `/api/communities/${communityCode}/grid-plans`, { from }, await planner());
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  const plan = await json<PlanAnswer>(res);
  created.push(plan.id);
  return plan;
}

export async function edit(plan: { id: number; version: number }, body: Record<string, unknown>): Promise<Response> {
  return call('POST', `/api/grid-plans/${plan.id}/edits`, { version: plan.version, ...body }, await planner());
}

export async function getPlan(id: number): Promise<PlanAnswer> {
  return json<PlanAnswer>(await call('GET', `/api/grid-plans/${id}`, undefined, await planner()));
}

/** Deletes the drafts this file made that are still drafts (published ones stay: they are the town's plan now). */
export async function cleanUpDrafts(): Promise<void> {
  const db = await testDb();
  await db.withClient((c) =>
    c.query(
      "DELETE FROM grid_plan WHERE id IN (SELECT json_array_elements_text($1::json)::bigint) AND status IN ('draft', 'submitted', 'approved', 'rejected')",
      [JSON.stringify(created.splice(0))],
    ),
  );
}

/** Building → cell label of a plan answer. */
export function cellOf(plan: PlanAnswer): Map<string, string> {
  return new Map(plan.cells.flatMap((cell) => cell.buildingCodes.map((b) => [b, cell.label] as const)));
}

/** A closed square ring of `metres` side around a point. */
export function squareAround([lng, lat]: [number, number], metres: number): number[][] {
  const dLat = metres / 2 / 110_574;
  const dLng = metres / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [
    [lng - dLng, lat - dLat],
    [lng + dLng, lat - dLat],
    [lng + dLng, lat + dLat],
    [lng - dLng, lat + dLat],
    [lng - dLng, lat - dLat],
  ];
}

/** An outline `metres` around a building's footprint (a drawn outline may not cut a building). */
export async function outlineAroundBuilding(code: string, metres = 1): Promise<{ type: 'Polygon'; coordinates: number[][][] }> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ outline: { type: 'Polygon'; coordinates: number[][][] } }>(
      `SELECT ST_AsGeoJSON(ST_Buffer(geom::geography, $2, 'quad_segs=2')::geometry, 9)::json AS outline FROM building WHERE code = $1`,
      [code, metres],
    ),
  );
  if (!rows[0]) throw new Error(`no building ${code}`);
  return rows[0].outline;
}
