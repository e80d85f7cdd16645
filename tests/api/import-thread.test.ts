/**
 * Large imports run on a thread of their own, with their statements relayed to the caller's
 * database: the same file gives the same report, rows and atoms as an import on the calling
 * thread; a refused file, a dry run and a domain error come back as they do in place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { runImport, type ImportOptions } from '../../server/src/data/import';
import { runImportWithPreview } from '../../server/src/data/preview';
import { DomainError } from '../../server/src/domain/errors';
import { IMPORT_THREAD_MIN_BYTES } from '../../server/src/threads/import';
import { allowBlockOverlapsIn, buildingsFile, removeImportedBlock } from '../helpers/responsiveness';
import { testDb } from '../helpers/db';

const COMMUNITY = '321012100006';
const PREFIX = `${COMMUNITY}8`;
const COUNT = 3000;
const SAME_COUNT = 800;
const ORIGIN: [number, number] = [119.521, 32.4355];

let db: Db;
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
let restoreOverlaps: () => Promise<void>;
beforeAll(async () => {
  db = await testDb();
  // The test block lies over demo buildings (see BLOCK_OVERLAP_M2); this file tests the thread, not that check.
  restoreOverlaps = await allowBlockOverlapsIn(db);
});
afterAll(async () => {
  await removeImported();
  await restoreOverlaps();
});

const removeImported = () => removeImportedBlock(db, { community: COMMUNITY, prefix: PREFIX, fileName: 'thread-test.geojson' });

const run = (bytes: Uint8Array, opts: Partial<ImportOptions>) =>
  runImport(db, bytes, {
    layer: 'buildings',
    format: 'geojson',
    mode: 'insert',
    dryRun: false,
    fileName: 'thread-test.geojson',
    username: 'planner',
    ...opts,
  });

/** What the import stored: the buildings with their outlines, their atoms and the atoms' neighbours. */
async function stored() {
  const buildings = await q(
    `SELECT code, name, kind, floors, entrances, households, residents, compound_code, encode(ST_AsEWKB(geom), 'hex') AS geom
       FROM building WHERE code LIKE $1 ORDER BY code`,
    [`${PREFIX}%`],
  );
  const atoms = await q(
    `SELECT building_code, encode(ST_AsEWKB(geom), 'hex') AS geom FROM building_atom WHERE community_code = $1 ORDER BY building_code`,
    [COMMUNITY],
  );
  const adjacency = await q(
    `SELECT a, b, round(shared_metres::numeric, 3)::text AS shared, crosses_road FROM atom_adjacency WHERE community_code = $1 ORDER BY a, b`,
    [COMMUNITY],
  );
  return { buildings, atoms, adjacency };
}

describe('imports on their own thread', { timeout: 600_000 }, () => {
  const bytes = new TextEncoder().encode(buildingsFile(COUNT, COMMUNITY, PREFIX, ORIGIN));

  it('is where a file of this size goes by default', () => {
    expect(bytes.length).toBeGreaterThanOrEqual(IMPORT_THREAD_MIN_BYTES);
  });

  it('gives the same report, rows and atoms as an import on the calling thread', async () => {
    // Sent to each thread explicitly, so a smaller file does: every record still goes through each stage.
    const some = new TextEncoder().encode(buildingsFile(SAME_COUNT, COMMUNITY, PREFIX, ORIGIN));
    const progressHere: string[] = [];
    const here = await run(some, { offThread: false, onProgress: (p) => p.done === 0 && progressHere.push(p.stage) });
    expect(here.problems).toEqual([]);
    expect(here.counts).toEqual({ records: SAME_COUNT, inserted: SAME_COUNT, updated: 0, unchanged: 0 });
    const storedHere = await stored();
    expect(storedHere.buildings).toHaveLength(SAME_COUNT);
    await removeImported();

    const progressThere: string[] = [];
    const there = await run(some, { offThread: true, onProgress: (p) => p.done === 0 && progressThere.push(p.stage) });
    expect(there).toEqual(here);
    expect(await stored()).toEqual(storedHere);
    // every stage is reported to the caller, in order, as on the calling thread
    expect([...new Set(progressThere)]).toEqual(['read', 'validate', 'place', 'write', 'atoms']);
    expect([...new Set(progressThere)]).toEqual([...new Set(progressHere)]);
    // the first import's audit row went with its buildings; the thread's import wrote its own
    expect(await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import' AND entity_id = 'thread-test.geojson'`)).toEqual([
      { n: 1 },
    ]);
    await removeImported();
  });

  it('locates the same problems in a refused file and writes nothing', async () => {
    const doc = JSON.parse(buildingsFile(1500, COMMUNITY, PREFIX, ORIGIN)) as { features: { properties: Record<string, unknown> }[] };
    doc.features[7].properties.households = 'many';
    doc.features[1200].properties.floors = 0;
    const refused = new TextEncoder().encode(JSON.stringify(doc));
    const here = await run(refused, { offThread: false });
    const there = await run(refused, { offThread: true });
    expect(there.ok).toBe(false);
    expect(there.problems.map((p) => [p.feature, p.field])).toEqual([
      [7, 'households'],
      [1200, 'floors'],
    ]);
    expect(there).toEqual(here);
    expect(await q(`SELECT count(*)::int AS n FROM building WHERE code LIKE $1`, [`${PREFIX}%`])).toEqual([{ n: 0 }]);
  });

  it('counts a dry run without keeping its rows', async () => {
    const report = await run(bytes, { offThread: true, dryRun: true });
    expect(report.counts).toEqual({ records: COUNT, inserted: COUNT, updated: 0, unchanged: 0 });
    expect(await q(`SELECT count(*)::int AS n FROM building WHERE code LIKE $1`, [`${PREFIX}%`])).toEqual([{ n: 0 }]);
  });

  it('hands a dry run the validated records for its map preview, as on the calling thread', async () => {
    const opts = {
      layer: 'buildings',
      format: 'geojson',
      mode: 'insert',
      dryRun: true,
      preview: true,
      fileName: 'thread-test.geojson',
      username: 'planner',
    } as const;
    const here = await runImportWithPreview(db, bytes, { ...opts, offThread: false });
    const there = await runImportWithPreview(db, bytes, { ...opts, offThread: true });
    expect(there.preview?.features.length).toBeGreaterThan(0);
    expect(there.preview).toEqual(here.preview);
  });

  it('passes a domain error back with its kind and code', async () => {
    const empty = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [] }));
    const err = await run(empty, { offThread: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'invalid', code: 'empty_file' });
  });
});
