/** Databases for benchmarks: PostgreSQL scratch databases and in-memory PGlite, loaded with a demo town once. */
import { openPostgres, type Db } from '../../server/src/db/pool';
import { demoPglite, preparedPglite } from '../helpers/db';
import { migrate } from '../../server/src/db/migrate';
import { createHash } from 'node:crypto';
import { loadDemoTown } from '../../data/load';
import { DEFAULT_COMMUNITIES, generateTown } from '../../data/generator';
import type { BenchContext } from './types';

/** A digest of the generated town, so a kept bench database is reloaded when the generator changed. */
function townDigest(communities: number): string {
  return createHash('sha256')
    .update(JSON.stringify(generateTown({ communities })))
    .digest('hex');
}

async function ensureTown(db: Db, communities: number, log: (line: string) => void): Promise<void> {
  await migrate(db);
  const digest = townDigest(communities);
  // Bench databases only: remembers which generated town is loaded (the loader keeps this table).
  await db.withClient((c) => c.exec('CREATE TABLE IF NOT EXISTS bench_town (digest text NOT NULL)'));
  const { rows } = await db.withClient((c) => c.query<{ digest: string }>('SELECT digest FROM bench_town'));
  if (rows[0]?.digest !== digest) {
    const t = Date.now();
    await loadDemoTown(db, { communities });
    await db.withTransaction(async (c) => {
      await c.query('DELETE FROM bench_town');
      await c.query('INSERT INTO bench_town (digest) VALUES ($1)', [digest]);
    });
    log(`loaded a ${communities}-community town in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
}

/** A PostgreSQL database holding a demo town of `communities` (kept between bench runs). */
export async function postgresTown(ctx: BenchContext, communities: number): Promise<Db> {
  const db = openPostgres(ctx.postgresUrl(`gridplan_bench_${communities}`), 60);
  await ensureTown(db, communities, ctx.log);
  return db;
}

/**
 * An in-memory PGlite holding a demo town of `communities`: the run's first is migrated and
 * loaded, the rest are copies of it (a few seconds instead of about twenty). The demo town's size
 * is the tests' own demo database (tests/helpers/db.ts), kept between runs.
 */
export function pgliteTown(ctx: BenchContext, communities: number): Promise<Db> {
  if (communities === DEFAULT_COMMUNITIES) return demoPglite();
  return preparedPglite(`town-${communities}`, (db) => ensureTown(db, communities, ctx.log));
}

/** Web-mercator tile containing a point. */
export function tileAt(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [z, x, y];
}

/** The z14 tiles (3×3) around the centroid of the town's buildings. */
export async function busyTiles(db: Db, z = 14): Promise<[number, number, number][]> {
  const { rows } = await db.withClient((c) =>
    c.query<{ x: number; y: number }>(
      'SELECT ST_X(ST_Centroid(ST_Collect(ST_PointOnSurface(geom)))) AS x, ST_Y(ST_Centroid(ST_Collect(ST_PointOnSurface(geom)))) AS y FROM building',
    ),
  );
  const [, cx, cy] = tileAt(rows[0].x, rows[0].y, z);
  const tiles: [number, number, number][] = [];
  for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) tiles.push([z, cx + dx, cy + dy]);
  return tiles;
}
