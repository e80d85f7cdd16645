/**
 * An OpenStreetMap buildings import stopped part way, then run again. Embedded, the copy into the
 * live tables goes one transaction per group of communities (about 2,500 atoms), so a failure in
 * the second group leaves the first group's buildings written; on PostgreSQL the copy is one
 * transaction and leaves nothing. Either way the same file run again finds the buildings written
 * by their OSM ids, adds only the rest, and every footprint is stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { rebuildAtoms } from '../../server/src/db/atoms';
import { runImport } from '../../server/src/data/import';
import { testDb } from '../helpers/db';
import { embeddedRun } from '../helpers/engine';
import { osmFile, sites } from '../bench/import-town';

// two communities with few stored buildings: 1,400 new ones each puts them in two copy groups
const FIRST = '321012100002';
const SECOND = '321012100004';
const EACH = 1400;
const FILE = 'run-again-test.geojson';

let db: Db;
let bytes: Uint8Array;
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
const run = () =>
  runImport(db, bytes, { layer: 'buildings', format: 'geojson', mode: 'upsert', dryRun: false, fileName: FILE, username: 'planner' });

/** The file's buildings stored, per community, and how many OSM ids are stored more than once. */
const stored = async () =>
  (
    await q<{ first: number; second: number; twice: number }>(
      `SELECT count(*) FILTER (WHERE community_code = $1)::int AS first, count(*) FILTER (WHERE community_code = $2)::int AS second,
              (SELECT count(*) FROM (SELECT source_id FROM building WHERE source_id LIKE 'way/%' GROUP BY source_id HAVING count(*) > 1) d)::int AS twice
         FROM building WHERE source_id LIKE 'way/%'`,
      [FIRST, SECOND],
    )
  )[0];

beforeAll(async () => {
  db = await testDb();
  bytes = osmFile([...(await sites(db, EACH, FIRST)), ...(await sites(db, EACH, SECOND))]);
});
afterAll(async () => {
  await db.withTransaction(async (c) => {
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id = $1`, [FILE]);
    await c.query(`DELETE FROM building WHERE source_id LIKE 'way/%' AND community_code = ANY($1)`, [[FIRST, SECOND]]);
    for (const community of [FIRST, SECOND]) await rebuildAtoms(c, community);
  });
});

describe('an OSM import stopped part way', { timeout: 300_000 }, () => {
  it('run again, adds only what it had not written, each footprint once', async () => {
    expect(await stored()).toEqual({ first: 0, second: 0, twice: 0 });
    // the second group's copy fails, as a database stopping there would
    await q(`CREATE FUNCTION run_again_test_stop() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.community_code = '${SECOND}' THEN RAISE EXCEPTION 'stopped by the test'; END IF; RETURN NEW; END $$`);
    await q(`CREATE TRIGGER run_again_test_stop BEFORE INSERT ON building FOR EACH ROW EXECUTE FUNCTION run_again_test_stop()`);
    try {
      await expect(run()).rejects.toThrow('stopped by the test');
    } finally {
      await q(`DROP TRIGGER run_again_test_stop ON building`);
      await q(`DROP FUNCTION run_again_test_stop()`);
    }
    const written = embeddedRun ? EACH : 0;
    expect(await stored()).toEqual({ first: written, second: 0, twice: 0 });

    const report = await run();
    expect(report.problems).toEqual([]);
    expect(report.counts).toEqual({ records: 2 * EACH, inserted: 2 * EACH - written, updated: 0, unchanged: written });
    expect(await stored()).toEqual({ first: EACH, second: EACH, twice: 0 });
    // every building of both communities has its atom
    const [atoms] = await q<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM building b WHERE b.community_code = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM building_atom a WHERE a.building_code = b.code)`,
      [[FIRST, SECOND]],
    );
    expect(atoms.missing).toBe(0);
  });
});
