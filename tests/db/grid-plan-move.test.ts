/**
 * A town moving to a new installation: 龙溪社区's community, compounds, buildings and grid plans exported from
 * the test database and imported, in that order, into an empty one (a fresh PGlite, or a second
 * PostgreSQL database beside the test database). The plans export from the new installation
 * exactly as they did from the old, and its lookup answers the same cell for the community's
 * buildings.
 */
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { openPostgres, type Db } from '../../server/src/db/pool';
import { migrate } from '../../server/src/db/migrate';
import { exportLayer } from '../../server/src/data/export';
import { importLayer } from '../../server/src/data/layers';
import { runImport } from '../../server/src/data/import';
import { exportGridPlans, importGridPlans } from '../../server/src/data/grid-plan-layer';
import { freshPglite, testDb } from '../helpers/db';

const COMMUNITY = '321012100012';

let source: Db;
let target: Db;
let admin: Db | undefined;
let targetName: string | undefined;

/** An empty, migrated database: a second PostgreSQL database when the tests run on one, else a fresh PGlite. */
async function emptyInstallation(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (!url) return freshPglite();
  const u = new URL(url);
  targetName = `${u.pathname.slice(1)}_move`;
  admin = openPostgres(url, 1);
  await admin.withClient((c) => c.query(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`));
  await admin.withClient((c) => c.query(`CREATE DATABASE ${targetName}`));
  u.pathname = `/${targetName}`;
  const db = openPostgres(u.toString());
  await migrate(db);
  return db;
}

beforeAll(async () => {
  source = await testDb();
  target = await emptyInstallation();
  await target.withClient((c) => c.query(`INSERT INTO app_user (username, password_hash, role) VALUES ('mover', 'x', 'admin')`));
}, 180_000);
afterAll(async () => {
  await target?.close();
  if (admin && targetName) await admin.withClient((c) => c.query(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`));
  await admin?.close();
});

async function move(layer: 'communities' | 'compounds' | 'buildings'): Promise<void> {
  const file = await source.withClient((c) =>
    exportLayer(c, importLayer(layer), { format: 'geojson', community: COMMUNITY, maskPhones: false }),
  );
  const report = await runImport(target, new TextEncoder().encode(file.body), {
    layer,
    format: 'geojson',
    mode: 'insert',
    dryRun: false,
    fileName: `move-${layer}`,
    username: null,
  });
  expect(report.problems).toEqual([]);
}

describe('grid plans moving to a new installation', () => {
  it('export the same and look up the same cells after the community, its buildings and its plans are imported', async () => {
    await move('communities');
    await move('compounds');
    await move('buildings');
    const plans = await source.withClient((c) => exportGridPlans(c, COMMUNITY));
    expect(plans.features.length).toBeGreaterThan(1);
    const report = await importGridPlans(target, new TextEncoder().encode(JSON.stringify(plans)), {
      dryRun: false,
      fileName: 'move-grid-plans',
      username: 'mover',
      isAdmin: true,
    });
    expect(report.problems).toEqual([]);
    expect(report.plans.map((p) => p.status)).toEqual(['published']);
    const again: FeatureCollection = await target.withClient((c) => exportGridPlans(c, COMMUNITY));
    expect(again).toEqual(plans);

    const sample = (
      await source.withClient((c) =>
        c.query<{ code: string; lng: number; lat: number; cell: string }>(
          `SELECT b.code, ST_X(ST_PointOnSurface(b.geom)) AS lng, ST_Y(ST_PointOnSurface(b.geom)) AS lat, g.code AS cell
             FROM building b JOIN cell_building cb ON cb.building_code = b.code JOIN grid_cell g ON g.id = cb.cell_id
             JOIN grid_plan p ON p.id = cb.plan_id AND p.status = 'published'
            WHERE b.community_code = $1 ORDER BY b.code LIMIT 5`,
          [COMMUNITY],
        ),
      )
    ).rows;
    expect(sample).toHaveLength(5);
    const app = createApp({ db: target });
    for (const b of sample) {
      const res = await app.request(`/api/lookup?lng=${b.lng}&lat=${b.lat}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { building: { code: string }; cell: { code: string } };
      expect([body.building.code, body.cell.code]).toEqual([b.code, b.cell]);
    }
  }, 180_000);
});
