/**
 * Read replicas: with DATABASE_READ_URL naming a streaming standby of DATABASE_URL, lookups,
 * tiles, layer features, search and public pages read from the standby, while sign-in, session
 * checks and every write stay on the primary. Runs against a real standby (.ci/start-replica.sh;
 * .ci/run runs this file with both URLs set); without them there is no replica to test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { openConfigured, withReader, type Db } from '../../server/src/db/pool';
import { migrate } from '../../server/src/db/migrate';
import { loadDemoTown } from '../../data/load';
import { checkResponses } from '../helpers/contract';
import { countingDb, type CountingDb } from '../helpers/counting-db';

const PRIMARY = process.env.DATABASE_URL;
const REPLICA = process.env.DATABASE_READ_URL;

/** Waits until the standby has replayed everything the primary has written so far. */
async function caughtUp(primary: Db, replica: Db): Promise<number> {
  const started = performance.now();
  const { rows } = await primary.withClient((q) => q.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'));
  for (;;) {
    const { rows: done } = await replica.withClient((q) =>
      q.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [rows[0].lsn]),
    );
    if (done[0].ok) return performance.now() - started;
    if (performance.now() - started > 30_000) throw new Error('the standby did not catch up within 30 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!PRIMARY || !REPLICA)('read replica (DATABASE_READ_URL)', { timeout: 300_000 }, () => {
  let configured: Db;
  let primary: CountingDb;
  let replica: CountingDb;
  let app: ReturnType<typeof createApp>;
  let sample: { code: string; x: number; y: number; community: string };

  beforeAll(async () => {
    configured = await openConfigured({ DATABASE_URL: PRIMARY, DATABASE_READ_URL: REPLICA });
    await configured.withClient((c) => c.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'));
    await migrate(configured);
    await loadDemoTown(configured, {});
    await caughtUp(configured, configured.reader!);
    primary = countingDb(configured);
    replica = countingDb(configured.reader!);
    app = checkResponses(createApp({ db: withReader(primary, replica) }));
    const { rows } = await configured.withClient((q) =>
      q.query<{ code: string; x: number; y: number; community: string }>(
        `SELECT b.code, ST_X(ST_PointOnSurface(b.geom)) AS x, ST_Y(ST_PointOnSurface(b.geom)) AS y, b.community_code AS community
           FROM building b JOIN cell_building cb ON cb.building_code = b.code ORDER BY b.code LIMIT 1`,
      ),
    );
    sample = rows[0];
  });

  afterAll(async () => {
    await configured?.close();
  });

  it('opens the standby named by DATABASE_READ_URL, and the health check reports it', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.database).toBe('postgres');
    expect(body.replica.inRecovery).toBe(true);
    // The standby refuses writes: anything routed there by mistake would fail loudly.
    await expect(configured.reader!.withClient((q) => q.query('CREATE TABLE not_here (id int)'))).rejects.toMatchObject({ code: '25006' });
  });

  it('serves anonymous lookups, tiles, features, search and public pages from the standby alone', async () => {
    const n = 2 ** 14;
    const tx = Math.floor(((sample.x + 180) / 360) * n);
    const rad = (sample.y * Math.PI) / 180;
    const ty = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
    const paths = [
      `/api/lookup?lng=${sample.x}&lat=${sample.y}`,
      `/api/buildings/${sample.code}/coverage`,
      `/api/tiles/buildings/14/${tx}/${ty}.pbf`,
      `/api/features/communities/${sample.community}`,
      `/api/search?q=${sample.code}`,
      `/api/public/communities/${sample.community}`,
    ];
    for (const path of paths) {
      primary.reset();
      replica.reset();
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(replica.statements.length, path).toBeGreaterThan(0);
      expect(primary.statements, path).toEqual([]);
    }
  });

  it('keeps sign-in and session checks on the primary: a worker signed in a moment ago sees its own phones', async () => {
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'worker', password: 'demo' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const me = await (await app.request('/api/auth/me', { headers: { Cookie: cookie } })).json();
    expect(me.cells.length).toBeGreaterThan(0);
    const { rows } = await configured.withClient((q) =>
      q.query<{ code: string }>(
        `SELECT cb.building_code AS code FROM cell_building cb JOIN grid_cell c ON c.id = cb.cell_id
           JOIN grid_plan p ON p.id = c.plan_id AND p.status = 'published'
          WHERE c.code = $1 ORDER BY cb.building_code LIMIT 1`,
        [me.cells[0]],
      ),
    );
    const res = await app.request(`/api/buildings/${rows[0].code}/coverage`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect((await res.json()).phonesMasked).toBe(false);
  });

  it('shows a change written on the primary once the standby has replayed it', async () => {
    const renamed = `复制测试楼 ${Date.now()}`;
    const { rows } = await configured.withClient((q) =>
      q.query<{ name: string }>('SELECT name FROM building WHERE code = $1', [sample.code]),
    );
    try {
      await configured.withClient((q) => q.query('UPDATE building SET name = $2 WHERE code = $1', [sample.code, renamed]));
      const lagMs = await caughtUp(configured, configured.reader!);
      expect(lagMs).toBeLessThan(30_000);
      const chain = await (await app.request(`/api/buildings/${sample.code}/coverage`)).json();
      expect(chain.building.name).toBe(renamed);
    } finally {
      await configured.withClient((q) => q.query('UPDATE building SET name = $2 WHERE code = $1', [sample.code, rows[0].name]));
    }
  });
});
