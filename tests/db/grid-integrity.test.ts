/**
 * Random editing of a draft (seeded), with the tiling invariants checked in PostGIS after every
 * step by SQL of its own (not the app's validation): cells never overlap, cells plus the atoms of
 * unassigned buildings cover the community with no gap and nothing outside, each cell's outline
 * is the union of its buildings' atoms adjusted by drawn outlines, each building lies in its cell, memberships agree with the plan, no cell is empty,
 * and the app's integrity list agrees. Undoing every step returns the starting plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import {
  type PlanAnswer,
  adjacencyOf,
  cellOf,
  cleanUpDrafts,
  communityWithValidPublishedPlan,
  generated,
  json,
  planner,
  squareAround,
} from '../api/grid-plans-helpers';
import { mulberry32 } from '../../server/src/domain/random';

const STEPS = Number(process.env.GRID_INTEGRITY_STEPS ?? 60);
const TOLERANCE_M2 = 1;
// Overlays on a fixed grid: PGlite's GEOS cannot take the floating-point retry path (see OVERLAY_GRID_DEGREES).
const GRID = 1e-9;

let community: string;
let points: Map<string, [number, number]>;
let pairs: [string, string][];

beforeAll(async () => {
  await testApp();
  ({ code: community } = await communityWithValidPublishedPlan());
  pairs = await adjacencyOf(community);
});
afterAll(cleanUpDrafts);

interface Invariants {
  foreignMemberships: number;
  emptyCells: number;
  overlaps: number;
  gaps: number;
  outside: number;
  outlineMismatch: number;
  strayFootprints: number;
  multipart: number;
  unassigned: number;
  members: Record<string, string[]>;
}

async function invariants(planId: number): Promise<Invariants> {
  const db = await testDb();
  const one = async <R>(sql: string) => (await db.withClient((c) => c.query<R>(sql, [planId, community]))).rows[0];
  const n = async (sql: string) => {
    const row = await one<{ n: number }>(sql);
    if (!row) throw new Error(`no row from ${sql}`);
    return row.n;
  };
  return {
    foreignMemberships: await n(`SELECT count(*)::int AS n FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id
                                 WHERE (cb.plan_id = $1) <> (g.plan_id = $1) OR (cb.plan_id = $1 AND $2::text IS NULL)`),
    emptyCells: await n(
      `SELECT count(*)::int AS n FROM grid_cell g WHERE g.plan_id = $1 AND NOT EXISTS (SELECT 1 FROM cell_building cb WHERE cb.cell_id = g.id) AND $2::text IS NOT NULL`,
    ),
    overlaps:
      await n(`SELECT count(*)::int AS n FROM grid_cell x JOIN grid_cell y ON x.plan_id = y.plan_id AND x.id < y.id AND x.geom && y.geom
                        WHERE x.plan_id = $1 AND $2::text IS NOT NULL AND ST_Area(ST_CollectionExtract(ST_Intersection(x.geom, y.geom, ${GRID}), 3)::geography) >= ${TOLERANCE_M2}`),
    gaps: await n(`WITH cover AS (
                     SELECT geom FROM grid_cell WHERE plan_id = $1
                     UNION ALL
                     SELECT a.geom FROM building_atom a JOIN building b ON b.code = a.building_code
                      WHERE b.community_code = $2 AND NOT EXISTS (SELECT 1 FROM cell_building cb WHERE cb.plan_id = $1 AND cb.building_code = b.code))
                   SELECT (SELECT count(*) FROM community c, ST_Dump(ST_Difference(c.geom, (SELECT ST_Union(geom, ${GRID}) FROM cover), ${GRID})) d
                            WHERE c.code = $2 AND ST_Area(d.geom::geography) >= ${TOLERANCE_M2})::int AS n`),
    outside: await n(`SELECT (SELECT count(*) FROM community c,
                        ST_Dump(ST_Difference((SELECT ST_Union(geom, ${GRID}) FROM grid_cell WHERE plan_id = $1), c.geom, ${GRID})) d
                       WHERE c.code = $2 AND ST_Area(d.geom::geography) >= ${TOLERANCE_M2})::int AS n`),
    // A drawn outline (a claim) overrides the atoms under it: the outline is the atoms minus the
    // other cells' claims, plus the cell's own.
    outlineMismatch: await n(`SELECT count(*)::int AS n FROM grid_cell g,
                                LATERAL (SELECT ST_Union(a.geom, ${GRID}) AS geom FROM cell_building cb JOIN building_atom a ON a.building_code = cb.building_code WHERE cb.cell_id = g.id) u,
                                LATERAL (SELECT ST_Union(k.geom, ${GRID}) AS geom FROM grid_cell_claim k JOIN grid_cell o ON o.id = k.cell_id WHERE o.plan_id = $1 AND o.id <> g.id) others,
                                LATERAL (SELECT k.geom FROM grid_cell_claim k WHERE k.cell_id = g.id) own
                               WHERE g.plan_id = $1 AND $2::text IS NOT NULL AND ST_Area(ST_SymDifference(g.geom,
                                 ST_Union(coalesce(ST_Difference(u.geom, others.geom, ${GRID}), u.geom), coalesce(own.geom, ST_GeomFromText('POLYGON EMPTY', 4326)), ${GRID}), ${GRID})::geography) >= 0.01`),
    strayFootprints:
      await n(`SELECT count(*)::int AS n FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id JOIN building b ON b.code = cb.building_code
                               WHERE cb.plan_id = $1 AND $2::text IS NOT NULL AND ST_Area(ST_Difference(b.geom, g.geom, ${GRID})::geography) >= ${TOLERANCE_M2}`),
    multipart: await n(
      `SELECT count(*)::int AS n FROM grid_cell WHERE plan_id = $1 AND ST_NumGeometries(geom) > 1 AND $2::text IS NOT NULL`,
    ),
    unassigned: await n(`SELECT count(*)::int AS n FROM building b WHERE b.community_code = $2
                           AND NOT EXISTS (SELECT 1 FROM cell_building cb WHERE cb.plan_id = $1 AND cb.building_code = b.code)`),
    members:
      (
        await one<{ m: Record<string, string[]> | null }>(
          `SELECT json_object_agg(label, codes) AS m FROM (
         SELECT g.label, array_agg(cb.building_code ORDER BY cb.building_code) AS codes
           FROM grid_cell g JOIN cell_building cb ON cb.cell_id = g.id WHERE g.plan_id = $1 AND $2::text IS NOT NULL GROUP BY g.label) s`,
        )
      ).m ?? {},
  };
}

type Step = { what: string; res: Response };

/** An outline `metres` around a building's footprint, carved around each building its edge would cut. */
async function outlineAround(building: string, metres: number): Promise<unknown> {
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ outline: unknown }>(
      `WITH o AS (SELECT b.geom AS centre, ST_Buffer(b.geom::geography, $2, 'quad_segs=2')::geometry AS geom FROM building b WHERE b.code = $1),
            carved AS (SELECT ST_Difference(o.geom, coalesce(ST_Union(ST_Buffer(x.geom::geography, 0.5, 'quad_segs=1')::geometry),
                                                           ST_GeomFromText('POLYGON EMPTY', 4326))) AS geom
                         FROM o LEFT JOIN building x ON x.community_code = $3 AND ST_Intersects(x.geom, ST_Boundary(o.geom))
                        GROUP BY o.geom)
       SELECT ST_AsGeoJSON(d.geom, 9)::json AS outline FROM o, carved, ST_Dump(carved.geom) d
        ORDER BY ST_Intersects(d.geom, o.centre) DESC, ST_Area(d.geom) DESC LIMIT 1`,
      [building, metres, community],
    ),
  );
  return rows[0].outline;
}

describe('random edits keep the tiling invariants', () => {
  it(`holds after each of ${STEPS} seeded random edits, and undoing all of them restores the start`, { timeout: 600_000 }, async () => {
    const rnd = mulberry32(20080101);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    const start = await generated(community);
    const fc = await json<{ features: { properties: { code: string; point: [number, number] } }[] }>(
      await call('GET', `/api/grid-plans/${start.id}/buildings`, undefined, await planner()),
    );
    points = new Map(fc.features.map((f) => [f.properties.code, f.properties.point]));
    const startMembers = (await invariants(start.id)).members;
    let plan: PlanAnswer = start;
    const tally: Record<string, number> = {};

    const post = async (path: string, body: Record<string, unknown>) =>
      call('POST', `/api/grid-plans/${plan.id}/${path}`, { version: plan.version, ...body }, await planner());
    let lastWasUndo = false;
    const attempt = async (): Promise<Step> => {
      if (lastWasUndo && rnd() < 0.5) return { what: 'redo', res: await post('redo', {}) };
      const of = cellOf(plan);
      const border = pairs.filter(([a, b]) => of.has(a) && of.has(b) && of.get(a) !== of.get(b));
      const labels = plan.cells.map((c) => c.label);
      const r = rnd();
      if (r < 0.25 && border.length > 0) {
        const [a, b] = pick(border);
        return { what: 'move', res: await post('edits', { op: 'move', buildings: [a], to: of.get(b) }) };
      }
      if (r < 0.33) {
        const [a, b] = pick(pairs);
        return { what: 'new_cell', res: await post('edits', { op: 'new_cell', buildings: [a, b] }) };
      }
      if (r < 0.41 && border.length > 0) {
        const [a, b] = pick(border);
        return { what: 'merge', res: await post('edits', { op: 'merge', cells: [of.get(a), of.get(b)] }) };
      }
      if (r < 0.51) {
        const cell = pick(plan.cells);
        const pts = cell.buildingCodes.map((code) => points.get(code)!);
        const [lng, lat] = pick(pts);
        const angle = rnd() * Math.PI;
        const d = 0.02;
        const line = {
          type: 'LineString',
          coordinates: [
            [lng - d * Math.cos(angle) + 0.00003, lat - d * Math.sin(angle)],
            [lng + d * Math.cos(angle) + 0.00003, lat + d * Math.sin(angle)],
          ],
        };
        return { what: 'split_line', res: await post('edits', { op: 'split_line', cell: cell.label, line }) };
      }
      if (r < 0.66) {
        const building = pick([...points.keys()]);
        const size = 20 + rnd() * 200;
        // Half the outlines are squares, which often cut a building (refused); half go around
        // every building their edge would cut.
        const outline =
          rnd() < 0.5
            ? { type: 'Polygon', coordinates: [squareAround(points.get(building)!, size)] }
            : await outlineAround(building, size / 2);
        return {
          what: 'draw',
          res: await post('edits', { op: 'draw', cell: rnd() < 0.2 ? null : pick(labels), replace: rnd() < 0.3, outline }),
        };
      }
      if (r < 0.71) {
        const cell = pick(plan.cells);
        return { what: 'lock', res: await post('edits', { op: 'lock', cell: cell.label, locked: !cell.locked }) };
      }
      if (r < 0.86) return { what: 'undo', res: await post('undo', {}) };
      if (r < 0.94) return { what: 'redo', res: await post('redo', {}) };
      return { what: 'rebalance', res: await post('edits', { op: 'rebalance' }) };
    };

    for (let i = 0; i < STEPS; i++) {
      const before = plan;
      const { what, res } = await attempt();
      lastWasUndo = what === 'undo' && res.status === 200;
      if (res.status === 200) {
        plan = await json<PlanAnswer>(res);
        expect(plan.version, `step ${i} ${what}`).toBe(before.version + 1);
        tally[what] = (tally[what] ?? 0) + 1;
      } else {
        // A refused edit is fine; it must be a 4xx naming a refusal of the edit, the history or
        // the drawn shape, and leave the draft as it was.
        expect([400, 409, 422], `step ${i} ${what}: ${res.status}`).toContain(res.status);
        const body = await json<{ error: { code: string } }>(res);
        expect(body.error.code, `step ${i} ${what}`).toMatch(/^grid\.(edit|history|shape)\./);
        tally[`refused ${what}`] = (tally[`refused ${what}`] ?? 0) + 1;
      }
      const inv = await invariants(plan.id);
      const at = `after step ${i} (${what}, ${res.status})`;
      expect(inv.foreignMemberships, at).toBe(0);
      expect(inv.emptyCells, at).toBe(0);
      expect(inv.overlaps, at).toBe(0);
      expect(inv.gaps, at).toBe(0);
      expect(inv.outside, at).toBe(0);
      expect(inv.outlineMismatch, at).toBe(0);
      expect(inv.strayFootprints, at).toBe(0);
      expect(Object.fromEntries(plan.cells.map((c) => [c.label, c.buildingCodes])), at).toEqual(inv.members);
      expect(plan.validation.counts.non_contiguous ?? 0, at).toBe(inv.multipart);
      expect(plan.validation.counts.unassigned ?? 0, at).toBe(inv.unassigned);
      expect(plan.validation.counts.overlap ?? 0, at).toBe(0);
      if (inv.unassigned === 0) expect(plan.validation.counts.gap ?? 0, at).toBe(0);
    }
    // Every kind of edit was exercised, not just refused.
    for (const what of ['move', 'merge', 'split_line', 'draw', 'undo', 'redo'])
      expect(tally[what] ?? 0, JSON.stringify(tally)).toBeGreaterThan(0);

    for (let guard = 0; guard <= STEPS; guard++) {
      const res = await call('POST', `/api/grid-plans/${plan.id}/undo`, { version: plan.version }, await planner());
      if (res.status === 409) break;
      expect(res.status).toBe(200);
      plan = await json<PlanAnswer>(res);
    }
    expect(plan.history.applied).toBe(0);
    expect((await invariants(plan.id)).members).toEqual(startMembers);
  });
});
