/**
 * A communities import that redraws a busy community leaves the database to other requests while
 * the community's atoms are recomputed, and is still all or nothing: a lookup asked meanwhile is
 * answered before the import ends (the embedded database has one session, which a transaction
 * held for the whole import used to keep to itself), an import that fails changes nothing, and
 * what it writes (outline, atoms, adjacency, the published cells following the new outline) is
 * what recomputing them on the live tables gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Db, type Queryable } from '../../server/src/db/pool';
import { rebuildAtomsOf } from '../../server/src/db/atoms';
import { followBoundaryChange } from '../../server/src/db/grid-reassign';
import { rebuildCellGeometry } from '../../server/src/db/grid-plans';
import { runImport, type ImportOptions } from '../../server/src/data/import';
import { importLayer } from '../../server/src/data/layers';
import type { Validation } from '../../server/src/data/validate';
import { isStagedLayer, writeImportStaged } from '../../server/src/data/write-staged';
import { allowBlockOverlapsIn, buildingsFile } from '../helpers/responsiveness';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { lookupPointOutside, lookupsDuringAtoms, withAuditRefused } from '../helpers/staged-import';

const COMMUNITY = '321012100006';
/** A second community redrawn by the same file. */
const OTHER = '321012100007';
const PREFIX = `${COMMUNITY}8`;
const BLOCK = 3000;
const ORIGIN: [number, number] = [119.521, 32.4355];
const BLOCK_FILE = 'staged-communities-block.geojson';
const FILE = 'staged-communities.geojson';

let db: Db;
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
let restoreOverlaps: () => Promise<void>;
let original: { code: string; geom: string; version: number }[];
/** The file: both communities drawn half a metre inside their outlines (mitred corners). */
let redrawn: Uint8Array;

const run = (bytes: Uint8Array, opts: Partial<ImportOptions> = {}) =>
  runImport(db, bytes, {
    layer: 'communities',
    format: 'geojson',
    mode: 'upsert',
    dryRun: false,
    fileName: FILE,
    username: 'planner',
    ...opts,
  });

/** Puts the two communities' outlines back as they were (and what follows from them). */
async function restoreOutlines(c: Queryable): Promise<void> {
  for (const o of original) {
    await c.query(`UPDATE community SET geom = decode($2, 'hex')::geometry, version = $3 WHERE code = $1 AND county_code = left($1, 6)`, [
      o.code,
      o.geom,
      o.version,
    ]);
  }
  await rebuildAtomsOf(c, [COMMUNITY, OTHER]);
  await followBoundaryChange(c, [COMMUNITY, OTHER]);
}

beforeAll(async () => {
  db = await testDb();
  // The block lies over demo buildings (see BLOCK_OVERLAP_M2); this file tests the outlines' write.
  restoreOverlaps = await allowBlockOverlapsIn(db);
  const block = await runImport(db, new TextEncoder().encode(buildingsFile(BLOCK, COMMUNITY, PREFIX, ORIGIN)), {
    layer: 'buildings',
    format: 'geojson',
    mode: 'insert',
    dryRun: false,
    fileName: BLOCK_FILE,
    username: 'planner',
  });
  expect(block.counts?.inserted).toBe(BLOCK);
  original = await q(
    `SELECT code, encode(ST_AsEWKB(geom), 'hex') AS geom, version FROM community WHERE code = ANY($1::text[]) ORDER BY code`,
    [[COMMUNITY, OTHER]],
  );
  const features = await q<{ code: string; name: string; outline: string }>(
    `SELECT code, name, ST_AsGeoJSON(ST_Multi(ST_Buffer(geom, -0.000005, 'join=mitre')), 9) AS outline
       FROM community WHERE code = ANY($1::text[]) ORDER BY code`,
    [[COMMUNITY, OTHER]],
  );
  redrawn = new TextEncoder().encode(
    JSON.stringify({
      type: 'FeatureCollection',
      features: features.map((f) => ({ type: 'Feature', properties: { code: f.code, name: f.name }, geometry: JSON.parse(f.outline) })),
    }),
  );
}, 600_000);

afterAll(async () => {
  await db.withTransaction(async (c) => {
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id = ANY($1::text[])`, [[FILE, BLOCK_FILE]]);
    await c.query(`DELETE FROM building WHERE code LIKE $1`, [`${PREFIX}%`]);
    await restoreOutlines(c);
  });
  await restoreOverlaps();
});

/** Everything a communities import of the two communities writes, in a form that compares by value. */
async function snapshot(c: Queryable) {
  const { rows } = await c.query<Record<string, unknown>>(
    `SELECT (SELECT md5(string_agg(code || encode(ST_AsEWKB(geom), 'hex'), ',' ORDER BY code)) FROM community WHERE code = ANY($1::text[])) AS outlines,
            (SELECT md5(string_agg(building_code || encode(ST_AsEWKB(geom), 'hex'), ',' ORDER BY building_code)) FROM building_atom WHERE community_code = ANY($1::text[])) AS atoms,
            (SELECT count(*) FROM building_atom WHERE community_code = ANY($1::text[]))::int AS atom_count,
            (SELECT md5(string_agg(a || b || shared_metres || crosses_road, ',' ORDER BY a, b)) FROM atom_adjacency WHERE community_code = ANY($1::text[])) AS adjacency,
            (SELECT md5(string_agg(g.id || encode(ST_AsEWKB(g.geom), 'hex'), ',' ORDER BY g.id)) FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
              WHERE p.status = 'published' AND p.community_code = ANY($1::text[]) AND g.valid_to IS NULL) AS cells,
            (SELECT md5(string_agg(cb.building_code || ':' || cb.cell_id, ',' ORDER BY cb.building_code)) FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id
              WHERE p.status = 'published' AND p.community_code = ANY($1::text[])) AS members,
            (SELECT count(*) FROM audit_log WHERE action = 'import' AND entity_id = $2)::int AS audit_rows,
            (SELECT count(*) FROM pg_class WHERE relname LIKE 'import_stage_%')::int AS staging_tables`,
    [[COMMUNITY, OTHER], FILE],
  );
  return rows[0];
}
const live = () => db.withClient(snapshot);

describe('a communities import redrawing a busy community', { timeout: 600_000 }, () => {
  it('with a bad row at its end changes nothing and names the row', async () => {
    const before = await live();
    const file = JSON.parse(new TextDecoder().decode(redrawn)) as { features: { properties: Record<string, unknown> }[] };
    file.features[1].properties.min_households_per_cell = 0;
    const report = await run(new TextEncoder().encode(JSON.stringify(file)));
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.feature)).toEqual([1]);
    expect(await live()).toEqual(before);
  });

  it('that fails in its last write (the audit entry) changes nothing and leaves no staging tables', async () => {
    const before = await live();
    expect(before.staging_tables).toBe(0);
    await withAuditRefused(db, FILE, () => expect(run(redrawn)).rejects.toThrow('refused by the test'));
    expect(await live()).toEqual(before);
  });

  it('gives 409 stale_version and changes nothing when a building of the community changes while its atoms are computed', async () => {
    // The staged write on one session, as the embedded database is (on PostgreSQL: a pool of one connection).
    const session = process.env.DATABASE_URL ? openPostgres(process.env.DATABASE_URL, 1) : db;
    const layer = importLayer('communities');
    if (!isStagedLayer(layer)) throw new Error('communities are written through staging tables');
    let v: Validation | undefined;
    await run(redrawn, { dryRun: true, onValidated: (validated) => (v = validated) });
    const before = await live();
    const building = `${PREFIX}0001`;
    let edited: Promise<unknown> | undefined;
    try {
      const write = writeImportStaged(session, layer, v!, {
        dryRun: false,
        progress: (p) => {
          // an editor saves a building of the community once the import has computed some atoms
          if (p.stage !== 'atoms' || p.done < 1 || edited) return;
          edited = session.withClient((c) =>
            c.query(`UPDATE building SET floors = floors + 1, version = version + 1 WHERE code = $1 AND county_code = left($1, 6)`, [
              building,
            ]),
          );
        },
        auditEntry: () => ({ username: 'planner', action: 'import', entity: 'community', entityId: FILE }),
      });
      await expect(write).rejects.toMatchObject({ code: 'stale_version', params: { entity: 'building', id: building } });
      await edited;
    } finally {
      if (session !== db) await session.close();
    }
    expect(await live()).toEqual(before);
  });

  it('answers a lookup asked while the atoms are recomputed before the import ends', async () => {
    const before = await live();
    const point = await lookupPointOutside(db, [COMMUNITY, OTHER]);
    const {
      result: report,
      atomsFrom,
      endedAt,
      answered,
    } = await lookupsDuringAtoms(db, point, (onProgress) => run(redrawn, { onProgress }));
    expect(report.counts).toEqual({ records: 2, inserted: 0, updated: 2, unchanged: 0 });
    expect(atomsFrom).toBeDefined();
    // Held in one transaction, the first lookup would be answered only as the import ended.
    expect(answered.length).toBeGreaterThanOrEqual(3);
    expect(answered[0] - atomsFrom!).toBeLessThan((endedAt - atomsFrom!) / 2);
    const after = await live();
    expect(after.outlines).not.toEqual(before.outlines);
    expect(after.atoms).not.toEqual(before.atoms);
    expect(after.cells).not.toEqual(before.cells);
    expect(after.atom_count).toBe(before.atom_count);
    expect(after.audit_rows).toBe(1);
    expect(after.staging_tables).toBe(0);
  });

  it('writes the atoms, adjacency and published cells that recomputing them from the new outlines gives', async () => {
    const imported = await live();
    const outlines = await q<{ code: string; geom: string }>(
      `SELECT code, encode(ST_AsEWKB(geom), 'hex') AS geom FROM community WHERE code = ANY($1::text[]) ORDER BY code`,
      [[COMMUNITY, OTHER]],
    );
    // Back to the old outlines, then the new ones written and followed directly on the live tables.
    await db.withTransaction(restoreOutlines);
    expect((await live()).atoms).not.toEqual(imported.atoms);
    const recomputed = await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        for (const o of outlines) {
          await c.query(`UPDATE community SET geom = decode($2, 'hex')::geometry WHERE code = $1 AND county_code = left($1, 6)`, [
            o.code,
            o.geom,
          ]);
        }
        await rebuildAtomsOf(c, [COMMUNITY, OTHER]);
        await followBoundaryChange(c, [COMMUNITY, OTHER]);
        return snapshot(c);
      }),
    );
    expect(recomputed).toEqual(imported);
  });

  it('draws the same cell outlines, byte for byte, whatever order the atoms lie in on disk', async () => {
    const before = (await live()).cells;
    const after = await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        // The block's cell holds about 2,000 atoms. Its atoms and memberships are written back in
        // reverse order: a union that follows the storage order gives the same shape with its
        // vertices in another order.
        for (const [table, key] of [
          ['building_atom', 'community_code = ANY($1::text[])'],
          ['cell_building', `plan_id IN (SELECT id FROM grid_plan WHERE community_code = ANY($1::text[]))`],
        ]) {
          await c.query(`CREATE TEMP TABLE reversed_${table} ON COMMIT DROP AS SELECT * FROM ${table} WHERE ${key}`, [[COMMUNITY, OTHER]]);
          await c.query(`DELETE FROM ${table} WHERE ${key}`, [[COMMUNITY, OTHER]]);
          await c.query(`INSERT INTO ${table} SELECT * FROM reversed_${table} ORDER BY building_code DESC`);
        }
        const { rows } = await c.query<{ id: number }>(
          `SELECT id::int AS id FROM grid_plan WHERE status = 'published' AND community_code = ANY($1::text[])`,
          [[COMMUNITY, OTHER]],
        );
        expect(rows.length).toBe(2);
        for (const plan of rows) await rebuildCellGeometry(c, plan.id, null);
        return (await snapshot(c)).cells;
      }),
    );
    expect(after).toBe(before);
  });
});
