/**
 * A large building import leaves the database to other requests while it works and is still all
 * or nothing: a lookup asked while the atoms are computed is answered before the import ends (the
 * embedded database has one session, which a transaction held for the whole import used to keep
 * to itself), and an import that fails, on a bad row or in its last write, changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { addMissingSearchEntries } from '../../server/src/db/search';
import { runImport, type ImportOptions } from '../../server/src/data/import';
import { allowBlockOverlapsIn, buildingsFile, removeImportedBlock } from '../helpers/responsiveness';
import { testDb } from '../helpers/db';
import { lookupPointOutside, lookupsDuringAtoms, withAuditRefused } from '../helpers/staged-import';

const COMMUNITY = '321012100006';
const PREFIX = `${COMMUNITY}7`;
const COUNT = 3000;
const ORIGIN: [number, number] = [119.521, 32.4355];
const FILE = 'staged-test.geojson';

let db: Db;
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
let restoreOverlaps: () => Promise<void>;

beforeAll(async () => {
  db = await testDb();
  // The test block lies over demo buildings (see BLOCK_OVERLAP_M2); this file tests the write, not that check.
  restoreOverlaps = await allowBlockOverlapsIn(db);
});
afterAll(async () => {
  await removeImported();
  await restoreOverlaps();
});

const removeImported = () => removeImportedBlock(db, { community: COMMUNITY, prefix: PREFIX, fileName: FILE });

const run = (bytes: Uint8Array, opts: Partial<ImportOptions> = {}) =>
  runImport(db, bytes, {
    layer: 'buildings',
    format: 'geojson',
    mode: 'insert',
    dryRun: false,
    fileName: FILE,
    username: 'planner',
    ...opts,
  });

/** Everything an import of the community's buildings writes, in a form that compares by value. */
async function snapshot() {
  const [row] = await q<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM building WHERE community_code = $1)::int AS buildings,
            (SELECT md5(string_agg(code || version || encode(ST_AsEWKB(geom), 'hex'), ',' ORDER BY code)) FROM building WHERE community_code = $1) AS building_rows,
            (SELECT md5(string_agg(building_code || encode(ST_AsEWKB(geom), 'hex'), ',' ORDER BY building_code)) FROM building_atom WHERE community_code = $1) AS atoms,
            (SELECT md5(string_agg(a || b || shared_metres || crosses_road, ',' ORDER BY a, b)) FROM atom_adjacency WHERE community_code = $1) AS adjacency,
            (SELECT count(*) FROM search_entry WHERE kind = 'building' AND code LIKE $2)::int AS search_entries,
            (SELECT row_to_json(s)::text FROM community_building_summary s WHERE community_code = $1) AS summary,
            (SELECT count(*) FROM audit_log WHERE entity_id = $3)::int AS audit_rows,
            (SELECT count(*) FROM pg_class WHERE relname LIKE 'import_stage_%')::int AS staging_tables`,
    [COMMUNITY, `${PREFIX}%`, FILE],
  );
  return row;
}

describe('a large building import', { timeout: 600_000 }, () => {
  const bytes = new TextEncoder().encode(buildingsFile(COUNT, COMMUNITY, PREFIX, ORIGIN));

  it('with a bad row near its end changes nothing and names the row', async () => {
    const before = await snapshot();
    const file = JSON.parse(new TextDecoder().decode(bytes)) as { features: { properties: Record<string, unknown> }[] };
    file.features[COUNT - 2].properties.floors = 0;
    const report = await run(new TextEncoder().encode(JSON.stringify(file)));
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.feature)).toEqual([COUNT - 2]);
    expect(await snapshot()).toEqual(before);
  });

  it('that fails in its last write (the audit entry) changes nothing and leaves no staging tables', async () => {
    const before = await snapshot();
    expect(before.staging_tables).toBe(0);
    await withAuditRefused(db, FILE, () => expect(run(bytes)).rejects.toThrow('refused by the test'));
    expect(await snapshot()).toEqual(before);
  });

  it('answers a lookup asked while its atoms are computed before the import ends', async () => {
    const point = await lookupPointOutside(db, [COMMUNITY]);
    const {
      result: report,
      atomsFrom,
      endedAt,
      answered,
    } = await lookupsDuringAtoms(db, point, (onProgress) => run(bytes, { onProgress }));
    expect(report.counts).toEqual({ records: COUNT, inserted: COUNT, updated: 0, unchanged: 0 });
    expect(atomsFrom).toBeDefined();
    // Held in one transaction, the first lookup would be answered only as the import ended.
    expect(answered.length).toBeGreaterThanOrEqual(3);
    expect(answered[0] - atomsFrom!).toBeLessThan((endedAt - atomsFrom!) / 2);
    const [stored] = await q<{ buildings: number; atoms: number }>(
      `SELECT (SELECT count(*) FROM building WHERE code LIKE $2)::int AS buildings,
              (SELECT count(*) FROM building_atom WHERE community_code = $1 AND building_code LIKE $2)::int AS atoms`,
      [COMMUNITY, `${PREFIX}%`],
    );
    expect(stored).toEqual({ buildings: COUNT, atoms: COUNT });
    // Every new building can be searched for once the import has returned.
    expect((await snapshot()).search_entries).toBe(COUNT);
  });

  it('leaves buildings without search entries only until the next start, which adds them', async () => {
    // As if the server had stopped between the import's commit and its buildings' entries.
    await q(`DELETE FROM search_entry WHERE kind = 'building' AND code LIKE $1 AND code > $2`, [`${PREFIX}%`, `${PREFIX}2000`]);
    expect((await snapshot()).search_entries).toBe(2000);
    expect(await db.withClient(addMissingSearchEntries)).toBe(COUNT - 2000);
    expect((await snapshot()).search_entries).toBe(COUNT);
    expect(await db.withClient(addMissingSearchEntries)).toBe(0);
  });

  it('imported again with some records changed, updates only those and gives the moved one its new atom', async () => {
    const file = JSON.parse(new TextDecoder().decode(bytes)) as {
      features: { properties: Record<string, unknown>; geometry: { coordinates: number[][][] } }[];
    };
    const part = file.features.slice(0, 100);
    for (const f of part.slice(0, 10)) f.properties.floors = 7;
    // the 11th footprint moves 1 m east, clear of its neighbours (squares 5.5 m wide, 9 m apart)
    part[10].geometry.coordinates = [part[10].geometry.coordinates[0].map(([x, y]) => [x + 0.00001, y])];
    const moved = `${PREFIX}0011`;
    const atomOf = async () =>
      (await q<{ g: string }>(`SELECT encode(ST_AsEWKB(geom), 'hex') AS g FROM building_atom WHERE building_code = $1`, [moved]))[0]?.g;
    const atomBefore = await atomOf();
    const report = await run(new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: part })), { mode: 'upsert' });
    expect(report.counts).toEqual({ records: 100, inserted: 0, updated: 11, unchanged: 89 });
    const versions = await q<{ version: number; n: number }>(
      `SELECT version, count(*)::int AS n FROM building WHERE code LIKE $1 GROUP BY version ORDER BY version`,
      [`${PREFIX}%`],
    );
    expect(versions).toEqual([
      { version: 1, n: COUNT - 11 },
      { version: 2, n: 11 },
    ]);
    const [atoms] = await q<{ missing: number; holds_moved: boolean }>(
      `SELECT (SELECT count(*) FROM building b WHERE b.community_code = $1
                  AND (SELECT count(*) FROM building_atom a WHERE a.building_code = b.code) <> 1)::int AS missing,
              (SELECT ST_Contains(a.geom, ST_Centroid(b.geom)) FROM building b JOIN building_atom a ON a.building_code = b.code
                WHERE b.code = $2) AS holds_moved`,
      [COMMUNITY, moved],
    );
    expect(atoms).toEqual({ missing: 0, holds_moved: true });
    // its Voronoi region follows the new centroid
    expect(atomBefore).toBeDefined();
    expect(await atomOf()).not.toEqual(atomBefore);
  });
});
