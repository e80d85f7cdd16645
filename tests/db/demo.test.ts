// The demo town as loaded into the database: geometry integrity (tiling, containment, no
// overlaps), the published grid plans, accounts, and that a reload replaces the town.
// Runs on PGlite, or on PostgreSQL when DATABASE_URL is set; either way in a database of its
// own so the shared test database (tests/helpers/db.ts) is left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../server/src/db/pool';
import { blankPglite } from '../helpers/db';
import { migrate } from '../../server/src/db/migrate';
import { verifyPassword } from '../../server/src/domain/auth/password';
import { loadDemoTown, type LoadReport } from '../../data/load';
import { generateTown } from '../../data/generator/index';
import { OVERLAY_GRID_DEGREES } from '../../server/src/db/atoms';
import { getSettings } from '../../server/src/db/settings';
import { crossRuleViolations, SETTING_KEYS } from '../../server/src/contract/settings';

// On PostgreSQL the test works in its own schema: resetting `public` would pull the shared
// test database out from under the other test files of the same run.
const SCHEMA = 'gridplan_demo_test';
// Overlays on a fixed grid: PGlite loses GEOS's floating-point retry (see server/src/db/atoms.ts).
const GRID = OVERLAY_GRID_DEGREES;

async function openOwnDatabase(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (!url) return blankPglite();
  const admin = openPostgres(url, 1);
  await admin.withClient((c) =>
    c.exec(`CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public; DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};`),
  );
  await admin.close();
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${SCHEMA},public`);
  return openPostgres(withSchema.toString());
}

describe('loadDemoTown', () => {
  let db: Db;
  let report: LoadReport;
  const one = async <R>(sql: string, params: unknown[] = []): Promise<R> => (await db.withClient((c) => c.query<R>(sql, params))).rows[0];
  const all = async <R>(sql: string, params: unknown[] = []): Promise<R[]> => (await db.withClient((c) => c.query<R>(sql, params))).rows;

  beforeAll(async () => {
    db = await openOwnDatabase();
    await migrate(db);
    report = await loadDemoTown(db, {});
  }, 240_000);

  afterAll(async () => {
    if (!db) return;
    if (process.env.DATABASE_URL) await db.withClient((c) => c.exec(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
    await db.close();
  });

  it('reports what it wrote', async () => {
    const town = generateTown({});
    expect(report.counts).toMatchObject({
      communities: 22,
      buildings: town.buildings.length,
      atoms: town.buildings.length,
      compliantCommunities: 6,
      gridPlans: 22,
      accounts: 4,
    });
    const counts = await one<{ buildings: number; people: number; options: number }>(
      'SELECT (SELECT count(*) FROM building)::int AS buildings, (SELECT count(*) FROM person)::int AS people, (SELECT count(*) FROM facility_option)::int AS options',
    );
    expect(counts).toEqual({ buildings: town.buildings.length, people: town.people.length, options: town.options.length });
    const budget = await one<{ value: number[] }>("SELECT value FROM setting WHERE key = 'facility.budgetPerYear'");
    expect(budget.value).toEqual(town.budget.budgetPerYearYuan);
  });

  it('stores every setting, in its shape and keeping the rules between settings (one budget per plan year)', async () => {
    const keys = (await all<{ key: string }>('SELECT key FROM setting ORDER BY key')).map((r) => r.key);
    expect([...keys].sort()).toEqual([...SETTING_KEYS].sort());
    const settings = await db.withClient(getSettings);
    expect(crossRuleViolations(settings)).toEqual([]);
  });

  it('tiles the town with valid community multipolygons', async () => {
    const r = await one<{ town: number; union: number; overlap: number; invalid: number }>(`
      SELECT (SELECT ST_Area(geom::geography) FROM town) AS town,
             (SELECT ST_Area(ST_Union(geom, ${GRID})::geography) FROM community) AS union,
             (SELECT COALESCE(sum(ST_Area(ST_Intersection(a.geom, b.geom, ${GRID})::geography)), 0)
                FROM community a JOIN community b ON a.code < b.code AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)) AS overlap,
             (SELECT count(*) FROM community
               WHERE NOT ST_IsValid(geom) OR GeometryType(geom) <> 'MULTIPOLYGON' OR ST_SRID(geom) <> 4326)::int AS invalid`);
    expect(Math.abs(r.union - r.town) / r.town).toBeLessThan(0.001);
    expect(r.overlap).toBeLessThan(1);
    expect(r.invalid).toBe(0);
    // 5–7 km across
    const size = await one<{ w: number; h: number }>(`
      SELECT ST_Distance(ST_MakePoint(ST_XMin(geom), ST_YMin(geom))::geography, ST_MakePoint(ST_XMax(geom), ST_YMin(geom))::geography) AS w,
             ST_Distance(ST_MakePoint(ST_XMin(geom), ST_YMin(geom))::geography, ST_MakePoint(ST_XMin(geom), ST_YMax(geom))::geography) AS h
      FROM town`);
    for (const side of [size.w, size.h]) expect(side).toBeGreaterThan(4500);
    for (const side of [size.w, size.h]) expect(side).toBeLessThan(7500);
  });

  it('keeps buildings apart, inside their compound and community, off the roads; sites inside their community', async () => {
    const r = await one<{ outsideCommunity: number; outsideCompound: number; overlapping: number; onRoads: number; sitesOutside: number }>(`
      SELECT (SELECT count(*) FROM building b JOIN community c ON c.code = b.community_code WHERE NOT ST_Within(b.geom, c.geom))::int AS "outsideCommunity",
             (SELECT count(*) FROM building b JOIN compound p ON p.code = b.compound_code WHERE NOT ST_Within(b.geom, p.geom))::int AS "outsideCompound",
             (SELECT count(*) FROM building a JOIN building b ON a.code < b.code AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom))::int AS overlapping,
             (SELECT count(*) FROM building b JOIN road r ON r.geom && b.geom AND ST_Intersects(r.geom, b.geom))::int AS "onRoads",
             (SELECT count(*) FROM (SELECT community_code, geom FROM facility UNION ALL SELECT community_code, geom FROM facility_option) f
               JOIN community c ON c.code = f.community_code WHERE NOT ST_Within(f.geom, c.geom))::int AS "sitesOutside"`);
    expect(r).toEqual({ outsideCommunity: 0, outsideCompound: 0, overlapping: 0, onRoads: 0, sitesOutside: 0 });
  });

  it('gives every building one atom, and the atoms of a community tile it', async () => {
    const rows = await all<{ code: string; community: number; atoms: number; summed: number }>(`
      SELECT c.code, ST_Area(c.geom::geography) AS community,
             ST_Area(ST_Union(a.geom, ${GRID})::geography) AS atoms, sum(ST_Area(a.geom::geography)) AS summed
      FROM community c JOIN building_atom a ON a.community_code = c.code GROUP BY c.code, c.geom`);
    expect(rows).toHaveLength(22);
    for (const r of rows) {
      expect(Math.abs(r.atoms - r.community) / r.community, r.code).toBeLessThan(0.001);
      expect(Math.abs(r.summed - r.community) / r.community, r.code).toBeLessThan(0.001);
    }
    const adjacency = await one<{ n: number; short: number; wrongOrder: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE shared_metres <= 0.5)::int AS short, count(*) FILTER (WHERE a >= b)::int AS "wrongOrder" FROM atom_adjacency',
    );
    expect(adjacency.n).toBeGreaterThan(report.counts.buildings);
    expect(adjacency.short + adjacency.wrongOrder).toBe(0);
  });

  it('links every two atoms that share boundary, with its length and whether the walk between their buildings crosses a road, as PostGIS measures them', async () => {
    // Two communities (an overlay per pair is too slow for the whole town embedded). The length
    // PostGIS gives: the part of one atom's boundary within 0.2 mm of the other.
    const communities = ['321012100001', '321012100015'];
    const rows = await all<{
      a: string;
      b: string;
      truth: number | null;
      road: boolean | null;
      stored: number | null;
      storedRoad: boolean | null;
    }>(
      `WITH pair AS (
         SELECT x.building_code AS a, y.building_code AS b,
                ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(x.geom), ST_Buffer(y.geom, 2e-9)), 2)::geography) AS truth,
                EXISTS (SELECT 1 FROM road r WHERE ST_Intersects(r.geom, ST_MakeLine(ST_Centroid(bx.geom), ST_Centroid(bys.geom)))) AS road
           FROM building_atom x
           JOIN building_atom y ON y.community_code = x.community_code AND x.building_code < y.building_code AND ST_DWithin(x.geom, y.geom, 1e-8)
           JOIN building bx ON bx.code = x.building_code JOIN building bys ON bys.code = y.building_code
          WHERE x.community_code = ANY($1::text[])
       )
       SELECT coalesce(pair.a, j.a) AS a, coalesce(pair.b, j.b) AS b, pair.truth, pair.road, j.shared_metres AS stored, j.crosses_road AS "storedRoad"
         FROM pair FULL JOIN (SELECT * FROM atom_adjacency WHERE community_code = ANY($1::text[])) j ON j.a = pair.a AND j.b = pair.b`,
      [communities],
    );
    const linked = rows.filter((r) => r.truth !== null && r.truth > 0.51);
    expect(linked.length).toBeGreaterThan(500);
    for (const r of linked) {
      expect(r.stored, `${r.a}|${r.b}`).not.toBeNull();
      expect(Math.abs(r.stored! - r.truth!), `${r.a}|${r.b}`).toBeLessThan(0.01);
      expect(r.storedRoad, `${r.a}|${r.b}`).toBe(r.road);
    }
    expect(linked.filter((r) => r.road).length).toBeGreaterThan(0);
    // nothing stored that PostGIS finds shorter than the half metre, or not touching at all
    expect(rows.filter((r) => r.stored !== null && (r.truth === null || r.truth < 0.49)).map((r) => `${r.a}|${r.b}`)).toEqual([]);
  });

  it('publishes one plan per community with every building in exactly one cell', async () => {
    const r = await one<{ plans: number; unassigned: number; foreign: number; codes: number }>(`
      SELECT (SELECT count(*) FROM grid_plan WHERE status = 'published')::int AS plans,
             (SELECT count(*) FROM building b WHERE NOT EXISTS (
                SELECT 1 FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id
                WHERE cb.building_code = b.code AND p.status = 'published'))::int AS unassigned,
             (SELECT count(*) FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id JOIN building b ON b.code = cb.building_code
               WHERE b.community_code <> p.community_code)::int AS foreign,
             (SELECT count(*) FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
               WHERE g.code NOT LIKE p.community_code || '___' OR g.valid_from <> DATE '2008-01-01')::int AS codes`);
    expect(r).toEqual({ plans: 22, unassigned: 0, foreign: 0, codes: 0 });
  });

  it('draws cells that tile their community', async () => {
    const rows = await all<{ code: string; community: number; cells: number; summed: number }>(`
      SELECT c.code, ST_Area(c.geom::geography) AS community,
             ST_Area(ST_Union(g.geom, ${GRID})::geography) AS cells, sum(ST_Area(g.geom::geography)) AS summed
      FROM community c JOIN grid_plan p ON p.community_code = c.code AND p.status = 'published'
      JOIN grid_cell g ON g.plan_id = p.id GROUP BY c.code, c.geom`);
    expect(rows).toHaveLength(22);
    for (const r of rows) {
      expect(Math.abs(r.cells - r.community) / r.community, r.code).toBeLessThan(0.001);
      expect(Math.abs(r.summed - r.community) / r.community, r.code).toBeLessThan(0.001);
    }
  });

  it("keeps every cell within its plan's range, 300–500 unless the community was given its own maximum", async () => {
    const infeasible = new Set(report.infeasibleGrids.map((g) => g.communityCode));
    const cells = await all<{ community: string; households: number; min: number; max: number; own_max: number | null }>(`
      SELECT p.community_code AS community, sum(b.households)::int AS households,
             p.min_households AS min, p.max_households AS max, m.max_households_per_cell AS own_max
      FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id JOIN community m ON m.code = p.community_code
      JOIN cell_building cb ON cb.cell_id = g.id JOIN building b ON b.code = cb.building_code
      GROUP BY p.community_code, g.id, p.min_households, p.max_households, m.max_households_per_cell`);
    const checked = cells.filter((c) => !infeasible.has(c.community));
    expect(checked.length).toBe(cells.length);
    for (const c of checked) {
      expect(c.min).toBe(300);
      // a plan's maximum is the town's 500, or the community's own (wider) grid size
      expect(c.max).toBe(c.own_max ?? 500);
      expect(c.max).toBeLessThanOrEqual(700);
      expect(c.households).toBeGreaterThanOrEqual(c.min);
      expect(c.households).toBeLessThanOrEqual(c.max);
    }
    const ownRange = new Set(cells.filter((c) => c.own_max !== null).map((c) => c.community));
    expect(ownRange.size).toBeLessThanOrEqual(2);
  });

  it('assigns grid leaders and workers, leaving a few cells uncovered', async () => {
    const r = await one<{ cells: number; withWorker: number; withLeader: number }>(`
      SELECT count(*)::int AS cells,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cell_assignment a WHERE a.cell_id = g.id AND a.role = 'grid_worker'))::int AS "withWorker",
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cell_assignment a WHERE a.cell_id = g.id AND a.role = 'grid_leader'))::int AS "withLeader"
      FROM grid_cell g`);
    expect(r.withWorker).toBeLessThan(r.cells);
    expect(r.withWorker / r.cells).toBeGreaterThan(0.85);
    expect(r.withLeader / r.cells).toBeGreaterThan(0.85);
  });

  it('creates the demo accounts with password demo, the worker covering cells of 引江社区', async () => {
    const users = await all<{ username: string; role: string; password_hash: string; person_id: string | null }>(
      'SELECT username, role, password_hash, person_id FROM app_user ORDER BY username',
    );
    expect(users.map((u) => `${u.username}:${u.role}`)).toEqual(['admin:admin', 'official:official', 'planner:planner', 'worker:worker']);
    for (const u of users) expect(await verifyPassword('demo', u.password_hash)).toBe(true);
    const worker = users.find((u) => u.username === 'worker')!;
    const cells = await all<{ code: string }>(
      "SELECT g.code FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id WHERE a.person_id = $1 AND a.role = 'grid_worker'",
      [worker.person_id],
    );
    expect(cells.length).toBeGreaterThanOrEqual(1);
    expect(cells.length).toBeLessThanOrEqual(3);
    for (const c of cells) expect(c.code.startsWith('321012100006')).toBe(true);
  });

  it('replaces the town on reload, keeping settings and other accounts', async () => {
    await db.withClient(async (c) => {
      await c.query("INSERT INTO app_user (username, password_hash, role) VALUES ('someone', 'x', 'viewer')");
      await c.query("UPDATE setting SET value = '400' WHERE key = 'grid.maxHouseholds'");
    });
    const again = await loadDemoTown(db, { communities: 3, seed: 5 });
    expect(again.counts.communities).toBe(3);
    const r = await one<{ communities: number; someone: number; max: number; people: number }>(`
      SELECT (SELECT count(*) FROM community)::int AS communities,
             (SELECT count(*) FROM app_user WHERE username = 'someone')::int AS someone,
             (SELECT (value #>> '{}')::int FROM setting WHERE key = 'grid.maxHouseholds') AS max,
             (SELECT count(*) FROM person)::int AS people`);
    expect(r).toEqual({ communities: 3, someone: 1, max: 400, people: again.counts.people });
    const plans = await all<{ max_households: number; own_max: number | null }>(
      'SELECT p.max_households, m.max_households_per_cell AS own_max FROM grid_plan p JOIN community m ON m.code = p.community_code',
    );
    expect(plans.every((p) => p.max_households === (p.own_max ?? 400))).toBe(true);
  });

  it('makes the same grid plans with the partitions computed on two threads as in place', async () => {
    const cells = () =>
      all<{ building: string; cell: string; max: number }>(
        `SELECT cb.building_code AS building, g.code AS cell, p.max_households AS max FROM cell_building cb
           JOIN grid_cell g ON g.id = cb.cell_id JOIN grid_plan p ON p.id = cb.plan_id ORDER BY 1`,
      );
    await loadDemoTown(db, { communities: 3, seed: 5, partitionThreads: 1 });
    const inPlace = await cells();
    expect(new Set(inPlace.map((r) => r.cell)).size).toBeGreaterThan(3);
    await loadDemoTown(db, { communities: 3, seed: 5, partitionThreads: 2 });
    expect(await cells()).toEqual(inPlace);
  });
});
