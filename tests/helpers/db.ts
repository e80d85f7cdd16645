/**
 * The test database: one per run, shared by every test file. With DATABASE_URL it is that
 * PostgreSQL + PostGIS (its public schema is reset first, so point it at a test database);
 * without, an in-memory PGlite + PostGIS. Migrated and loaded with the demo town once.
 *
 * Tests that write create their own rows or restore what they change, so files don't depend
 * on each other's leftovers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openPglite, openPostgres, type Db } from '../../server/src/db/pool';
import { migrate } from '../../server/src/db/migrate';
import { loadDemoTown } from '../../data/load';
import { keep, keptName, TEST_CACHE } from './cache';

const KEY = Symbol.for('gridplan.testDb');
type Holder = { [KEY]?: Promise<Db> };

/** Migrates a database and loads the demo town into it; answers the same database. */
export async function demoTown(db: Db): Promise<Db> {
  await migrate(db);
  await loadDemoTown(db, {});
  return db;
}

async function open(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (!url) return demoPglite();
  const db = openPostgres(url);
  await db.withClient((c) => c.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'));
  await demoTown(db);
  return db;
}

/** The shared, migrated, demo-loaded test database. */
export function testDb(): Promise<Db> {
  const holder = globalThis as Holder;
  holder[KEY] ??= open();
  return holder[KEY];
}

const IMAGES = Symbol.for('gridplan.testImages');
type ImageHolder = { [IMAGES]?: Map<string, Promise<Uint8Array>> };

/** Prepared images kept between processes (the test runs, the timed files, the benchmarks). */
const IMAGE_CACHE = path.join(TEST_CACHE, 'test-images');

/**
 * The image of an embedded database prepared by `prepare`: made once under `key` (per process, and
 * kept on disk for later processes while nothing it depends on changes), then copied.
 */
function imageOf(key: string, prepare: (db: Db) => Promise<unknown>): Promise<Uint8Array> {
  const images = ((globalThis as ImageHolder)[IMAGES] ??= new Map());
  let image = images.get(key);
  if (!image) {
    image = (async () => {
      const name = `${await keptName(key, prepare.toString())}.image`;
      const kept = await readFile(path.join(IMAGE_CACHE, name)).catch(() => undefined);
      if (kept) return new Uint8Array(kept.buffer, kept.byteOffset, kept.byteLength);
      const db = await openPglite();
      try {
        await prepare(db);
        const made = await db.image!();
        await keep(IMAGE_CACHE, name, (to) => writeFile(to, made));
        return made;
      } finally {
        await db.close();
      }
    })();
    images.set(key, image);
  }
  return image;
}

/**
 * An in-memory embedded database of its own, prepared by `prepare`: the run's first under `key` is
 * prepared, later ones are copies of its image (about 3 s, however long preparing takes).
 */
export async function preparedPglite(key: string, prepare: (db: Db) => Promise<unknown>): Promise<Db> {
  return openPglite(undefined, await imageOf(key, prepare));
}

/** A fresh, empty, migrated database for tests that must start from nothing (PGlite only): about 3 s instead of 14. */
export const freshPglite = (): Promise<Db> => preparedPglite('migrated', migrate);

/** A new embedded database holding the demo town, migrated (PGlite only). */
export const demoPglite = (): Promise<Db> => preparedPglite('demo-town', demoTown);

/** A new embedded database with no schema at all (PGlite only). */
export const blankPglite = (): Promise<Db> => preparedPglite('blank', async () => undefined);
