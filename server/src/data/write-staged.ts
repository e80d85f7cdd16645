/**
 * A building or community import, written without holding a transaction open while its atoms are
 * computed. The embedded database serves every request through one session, and an open
 * transaction makes every other query wait until it ends; writing 20,000 buildings and their
 * atoms in one transaction kept a lookup waiting more than a minute, and redrawing a busy
 * community's outline rebuilds the atoms of all its buildings. So the rows and the atoms they make
 * are first computed into staging tables, in short statements with no transaction open (other
 * requests run between them, and see nothing of the import), and then swapped in by copying
 * finished rows (and, for new outlines, moving published cells onto them): on PostgreSQL in one
 * transaction, embedded in a transaction per group of communities with other writers held back
 * (copyInByCommunity). A failure anywhere before the (first) commit leaves the live tables as they
 * were; the staging tables are dropped either way.
 *
 * On PostgreSQL the staging tables are unlogged tables that every connection of the pool sees, so
 * the atoms of different communities are computed on several connections at once (db/atoms.ts,
 * stageAtoms); one a stopped server left behind is dropped at the next start
 * (dropAbandonedStages). The embedded database's are temporary tables of its one session.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/pool';
import { countiesOf, deleteAtoms, stageAtoms, type AtomTables } from '../db/atoms';
import { audit, type AuditEntry } from '../db/audit';
import { followBoundaryChange } from '../db/grid-reassign';
import { ensureTowns, redrawTownOutlines } from '../db/divisions';
import { staleVersion } from '../domain/errors';
import type { ImportLayerDef } from './layers';
import type { ImportProgress } from './import';
import type { ImportCounts } from './types';
import type { Validation } from './validate';
import { insertRows, sameCountyOf, updateParts } from './write';
import { addSearchEntries, deferSearchEntries, endSearchEntryDeferral, ENTRIES_PER_STATEMENT } from '../db/search';
import { inLanes, LANES } from '../db/lanes';

/** The staging tables of one import: names made here from random hex, never from input. */
interface Stage extends AtomTables {
  /** Records new to the database, shaped like the layer's table. */
  fresh: string;
  /** Records that already exist, as the file has them. */
  known: string;
  /** Known records that differ from what is stored: code, old and new community. */
  changed: string;
}

/** The layers written through staging tables: their records change atoms. */
export type StagedLayer = ImportLayerDef & { id: 'buildings' | 'communities' };

export function isStagedLayer(layer: ImportLayerDef): layer is StagedLayer {
  return layer.id === 'buildings' || layer.id === 'communities';
}

/** The column naming the community a record's atoms belong to. */
const communityColumn = (layer: StagedLayer) => (layer.id === 'communities' ? 'code' : 'community_code');

/** Staging tables start with this, then the time they were made (base-36 milliseconds) and random hex. */
export const STAGE_PREFIX = 'import_stage_';

/** A LIKE pattern for the staging tables' names ('_' alone would match any character). */
export const STAGE_NAMES = `${STAGE_PREFIX.replaceAll('_', '\\_')}%`;

function stageNames(): Stage {
  const p = `${STAGE_PREFIX}${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
  return {
    fresh: `${p}_fresh`,
    known: `${p}_known`,
    changed: `${p}_changed`,
    community: `${p}_community`,
    building: `${p}_building`,
    atom: `${p}_atom`,
    adjacency: `${p}_adjacency`,
  };
}

async function createStage(c: Queryable, layer: StagedLayer, s: Stage, kind: Db['kind']): Promise<void> {
  const table = kind === 'postgres' ? 'UNLOGGED TABLE' : 'TEMP TABLE';
  await c.exec(`
    CREATE ${table} ${s.fresh} (LIKE ${layer.table} INCLUDING DEFAULTS);
    CREATE ${table} ${s.known} (LIKE ${layer.table} INCLUDING DEFAULTS);
    CREATE ${table} ${s.changed} (code text PRIMARY KEY, old_community text NOT NULL, new_community text NOT NULL);
    CREATE ${table} ${s.community} (code text PRIMARY KEY, county_code text NOT NULL, geom geometry(MultiPolygon, 4326) NOT NULL, version integer);
    CREATE ${table} ${s.building} (code text PRIMARY KEY, community_code text NOT NULL, county_code text NOT NULL,
                                     geom geometry(Polygon, 4326) NOT NULL, version integer);
    CREATE INDEX ON ${s.building} USING gist (geom);
    CREATE INDEX ON ${s.building} (community_code);
    CREATE ${table} ${s.atom} (LIKE building_atom INCLUDING DEFAULTS, PRIMARY KEY (building_code));
    CREATE INDEX ON ${s.atom} USING gist (geom);
    CREATE INDEX ON ${s.atom} (community_code);
    CREATE ${table} ${s.adjacency} (LIKE atom_adjacency INCLUDING DEFAULTS);`);
}

/** How long an import may run before its staging tables count as left behind by a stopped server. */
const ABANDONED_AFTER_MS = 24 * 3600_000;

/**
 * Drops the staging tables (PostgreSQL: unlogged, outliving their session) that an import started
 * more than a day ago left behind, as a server stopped mid-import does. Younger ones may belong to
 * an import another server is running. Answers how many imports' tables were dropped.
 */
export async function dropAbandonedStages(c: Queryable, now = Date.now()): Promise<number> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE $1`,
    [STAGE_NAMES],
  );
  const abandoned = rows.filter((r) => {
    const made = parseInt(r.name.slice(STAGE_PREFIX.length).split('_')[0], 36);
    return !(made > now - ABANDONED_AFTER_MS);
  });
  if (abandoned.length) await c.exec(`DROP TABLE IF EXISTS ${abandoned.map((r) => `"${r.name.replaceAll('"', '""')}"`).join(', ')}`);
  return new Set(abandoned.map((r) => r.name.split('_').slice(0, 4).join('_'))).size;
}

async function dropStage(c: Queryable, s: Stage): Promise<void> {
  await c.exec(`DROP TABLE IF EXISTS ${[s.fresh, s.known, s.changed, s.community, s.building, s.atom, s.adjacency].join(', ')}`);
}

/** The known rows that differ from the stored ones (the same comparison the swap's update makes). */
async function stageChanged(c: Queryable, layer: StagedLayer, v: Validation, s: Stage): Promise<void> {
  const fields = v.fields.filter((f) => !f.transient);
  const { differs } = updateParts(layer, fields);
  const column = communityColumn(layer);
  await c.query(
    `INSERT INTO ${s.changed} (code, old_community, new_community)
     SELECT t.code, t.${column}, r.${column}
       FROM ${layer.table} t JOIN (SELECT k.*, k.geom AS new_geom FROM ${s.known} k) r ON t.code = r.code${sameCountyOf(layer, fields)}
      WHERE ${differs}`,
  );
}

/** The communities whose atoms change: those of new records, and the old and new ones of changed records. */
async function touchedCommunities(c: Queryable, layer: StagedLayer, s: Stage): Promise<string[]> {
  const { rows } = await c.query<{ code: string }>(
    `SELECT ${communityColumn(layer)} AS code FROM ${s.fresh}
     UNION SELECT old_community FROM ${s.changed} UNION SELECT new_community FROM ${s.changed} ORDER BY code`,
  );
  return rows.map((r) => r.code);
}

/**
 * The outline every touched community will have: a communities file's new and changed records as
 * the file has them, else the stored one. Stored communities keep their version, so the swap can
 * tell whether someone changed them meanwhile.
 */
async function stageCommunities(c: Queryable, layer: StagedLayer, s: Stage, touched: string[]): Promise<void> {
  const filed =
    layer.id === 'communities'
      ? `SELECT code, county_code, geom, NULL::int FROM ${s.fresh}
         UNION ALL
         SELECT k.code, k.county_code, coalesce(k.geom, t.geom), t.version
           FROM ${s.known} k JOIN ${s.changed} x ON x.code = k.code JOIN community t ON t.code = k.code AND t.county_code = k.county_code
         UNION ALL `
      : '';
  await c.query(
    `INSERT INTO ${s.community} (code, county_code, geom, version)
     ${filed}SELECT t.code, t.county_code, t.geom, t.version FROM community t
      WHERE t.code = ANY($1::text[]) AND t.county_code = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM ${s.changed} x WHERE x.code = t.code)
        AND NOT EXISTS (SELECT 1 FROM ${s.fresh} f WHERE f.code = t.code)`,
    [touched, countiesOf(touched)],
  );
}

/**
 * Every building the touched communities will have: a buildings file's new records and changed
 * ones as the file has them, and the stored others. Stored ones keep their version, so the swap
 * can tell whether someone changed them meanwhile.
 */
async function stageBuildings(c: Queryable, layer: StagedLayer, v: Validation, s: Stage, touched: string[]): Promise<void> {
  const filed =
    layer.id === 'buildings'
      ? `SELECT code, community_code, left(community_code, 6), geom, NULL FROM ${s.fresh} WHERE community_code = ANY($1::text[])
         UNION ALL
         SELECT k.code, k.community_code, k.county_code, k.geom, t.version
           FROM ${s.known} k JOIN ${s.changed} x ON x.code = k.code JOIN building t ON t.code = k.code AND t.county_code = left(k.code, 6)
          WHERE k.community_code = ANY($1::text[])
         UNION ALL `
      : '';
  // A statement per group of communities: embedded, one statement for a 100,000-building file
  // held the database for 1.7 s on a slow machine (the file's records stand in for their size).
  const filedIn = new Map<string, number>();
  for (const r of v.rows) {
    const code = String(r.values.community_code ?? '');
    filedIn.set(code, (filedIn.get(code) ?? 0) + 1);
  }
  const groups = groupBySize(
    touched.map((code) => ({ code, atoms: filedIn.get(code) ?? 0 })),
    STAGED_PER_STATEMENT,
  );
  for (const group of groups)
    await c.query(
      `INSERT INTO ${s.building} (code, community_code, county_code, geom, version)
       ${filed}SELECT b.code, b.community_code, b.county_code, b.geom, b.version FROM building b
        WHERE b.community_code = ANY($1::text[]) AND b.county_code = ANY($2::text[])
          AND NOT EXISTS (SELECT 1 FROM ${s.changed} x WHERE x.code = b.code)`,
      [group, countiesOf(group)],
    );
  await c.query(`ANALYZE ${s.building}`);
}

/** About this many of a file's buildings are staged per statement (stageBuildings). */
const STAGED_PER_STATEMENT = 10_000;

/**
 * A touched community changed, added or removed since it was staged, or a stored building of the
 * touched communities.
 */
async function changedMeanwhile(
  c: Queryable,
  s: Stage,
  touched: string[],
): Promise<{ entity: string; code: string; version: number; staged: number } | undefined> {
  const outline = await c.query<{ code: string; version: number; staged: number }>(
    `SELECT w.code, coalesce(t.version, 0) AS version, coalesce(w.version, 0) AS staged FROM ${s.community} w
       LEFT JOIN community t ON t.code = w.code AND t.county_code = w.county_code
      WHERE t.version IS DISTINCT FROM w.version LIMIT 1`,
  );
  if (outline.rows[0]) return { entity: 'community', ...outline.rows[0] };
  const counties = countiesOf(touched);
  const { rows } = await c.query<{ code: string; version: number; staged: number }>(
    `SELECT b.code, b.version, coalesce(w.version, 0) AS staged FROM building b
       LEFT JOIN ${s.building} w ON w.code = b.code AND w.version IS NOT NULL
      WHERE b.community_code = ANY($1::text[]) AND b.county_code = ANY($2::text[]) AND w.version IS DISTINCT FROM b.version
     UNION ALL
     SELECT w.code, 0, w.version FROM ${s.building} w
      WHERE w.version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM building b WHERE b.code = w.code AND b.county_code = w.county_code)
     LIMIT 1`,
    [touched, counties],
  );
  return rows[0] && { entity: 'building', ...rows[0] };
}

/**
 * The swap: the staged rows, atoms and adjacency copied into the live tables with the audit entry.
 * On PostgreSQL one transaction (reads do not wait for it there); embedded, a transaction per
 * group of communities (copyInByCommunity).
 */
async function swapIn(db: Db, layer: StagedLayer, v: Validation, s: Stage, touched: string[], entry: AuditEntry): Promise<void> {
  // The new buildings' search entries are made after the commit, a chunk per statement (in the
  // transaction they were most of its time, and embedded it holds the only session); on
  // PostgreSQL, chunks on several connections at once.
  const run: CopyRun = { entry, checkKeys: db.kind === 'postgres', towns: [] };
  if (db.holdingWrites) await db.holdingWrites((held) => copyInByCommunity(held, layer, v, s, touched, run));
  else
    await db.withTransaction(async (c) => {
      await refuseChangedMeanwhile(c, s, touched);
      await copyGroup(c, layer, v, s, touched, { first: true, last: true }, run);
    });
  // Fresh statistics for the planner after a bulk load, each its own short statement.
  if (layer.id === 'communities') {
    await db.withClient((c) => c.query('ANALYZE building_atom'));
    return;
  }
  // A server stopped before they are all in adds the rest when it starts.
  const { rows } = await db.withClient((c) => c.query<{ code: string }>(`SELECT code FROM ${s.fresh} ORDER BY code`));
  const chunks: string[][] = [];
  for (let i = 0; i < rows.length; i += ENTRIES_PER_STATEMENT) chunks.push(rows.slice(i, i + ENTRIES_PER_STATEMENT).map((r) => r.code));
  await inLanes(db, chunks, db.kind === 'postgres' ? LANES : 1, (c, codes) => addSearchEntries(c, 'building', codes));
  await db.withClient(async (c) => {
    await c.query('ANALYZE building');
    await c.query('ANALYZE building_atom');
  });
}

async function refuseChangedMeanwhile(c: Queryable, s: Stage, touched: string[]): Promise<void> {
  const stale = await changedMeanwhile(c, s, touched);
  if (stale) throw staleVersion(stale.entity, stale.code, stale.version, stale.staged);
}

/** What the copies of one swap share: its audit entry, whether key checks run, and a communities file's towns. */
interface CopyRun {
  entry: AuditEntry;
  /**
   * The atoms reference buildings that the copy holds (they were computed from exactly these
   * rows), so their key checks, one lookup per row, may be left out: embedded, where the session
   * may switch triggers off (PostgreSQL allows that to superusers only); these tables have no
   * other row triggers.
   */
  checkKeys: boolean;
  towns: string[];
}

/**
 * Copies the staged records, atoms and pairs of the communities in `group` into the live tables,
 * in the caller's transaction; for new outlines, moves the published cells onto them (as
 * writeImport does). The first group of a swap writes the audit entry (and a communities file's
 * towns), the last redraws the towns' outlines. A buildings file's new search entries come after
 * the swap (swapIn); changed records' entries are written here.
 */
async function copyGroup(
  c: Queryable,
  layer: StagedLayer,
  v: Validation,
  s: Stage,
  group: string[],
  place: { first: boolean; last: boolean },
  run: CopyRun,
): Promise<void> {
  const column = communityColumn(layer);
  const fields = v.fields.filter((f) => !f.transient);
  const cols = [...fields.map((f) => f.column), 'geom', 'county_code'].join(', ');
  const { sets, differs } = updateParts(layer, fields);
  const params = [group, countiesOf(group)];
  const entriesAfter = layer.id === 'buildings';
  if (place.first) {
    await audit(c, run.entry);
    if (layer.id === 'communities')
      run.towns = await ensureTowns(
        c,
        v.rows.map((r) => ({ town_code: String(r.values.town_code), ewkb: r.ewkb })),
      );
  }
  if (entriesAfter) await deferSearchEntries(c);
  await c.query(`INSERT INTO ${layer.table} (${cols}) SELECT ${cols} FROM ${s.fresh} WHERE ${column} = ANY($1::text[])`, [group]);
  if (entriesAfter) await endSearchEntryDeferral(c);
  await c.query(
    `UPDATE ${layer.table} t SET ${sets.join(', ')}
       FROM (SELECT k.*, k.geom AS new_geom FROM ${s.known} k WHERE k.${column} = ANY($1::text[])) r
      WHERE t.${layer.key} = r.${layer.key}${sameCountyOf(layer, fields)} AND ${differs}`,
    [group],
  );
  await deleteAtoms(c, group);
  if (!run.checkKeys) await c.query('SET LOCAL session_replication_role = replica');
  await c.query(
    `INSERT INTO building_atom (building_code, community_code, county_code, geom)
     SELECT building_code, community_code, county_code, geom FROM ${s.atom}
      WHERE community_code = ANY($1::text[]) AND county_code = ANY($2::text[])`,
    params,
  );
  await c.query(
    `INSERT INTO atom_adjacency (community_code, county_code, a, b, shared_metres, crosses_road)
     SELECT community_code, county_code, a, b, shared_metres, crosses_road FROM ${s.adjacency}
      WHERE community_code = ANY($1::text[]) AND county_code = ANY($2::text[])`,
    params,
  );
  if (!run.checkKeys) await c.query('SET LOCAL session_replication_role = origin');
  if (layer.id === 'communities') await followBoundaryChange(c, group);
  if (place.last && run.towns.length) await redrawTownOutlines(c, run.towns);
}

/** At most this many atoms are copied in by one transaction of `copyInByCommunity` (one community's may be more). */
export const ATOMS_PER_COPY = 2500;

/**
 * The embedded database's copy: a transaction per group of touched communities (about
 * `ATOMS_PER_COPY` atoms; copyGroup), so a lookup waits for one group's copy, not the whole
 * import's (20,000 buildings: 1.7 s in one transaction on a slow machine; 100,000: 8.4 s). Other
 * callers' transactions are held back from the check for changes onwards (`held` is the
 * database's `holdingWrites`), so nothing is written between the groups and the check holds for
 * all of them. Between two groups, reads see the import's communities so far with their new
 * records and atoms and the others as they were. A failure after the first group (the database
 * stopping, say) leaves the groups copied so far; the staging tables go, so the import is run
 * again to finish, and finds the copied records already there, by their codes or by their source
 * ids (data/source-ids.ts).
 */
async function copyInByCommunity(held: Db, layer: StagedLayer, v: Validation, s: Stage, touched: string[], run: CopyRun): Promise<void> {
  const groups = await held.withClient(async (c) => {
    await refuseChangedMeanwhile(c, s, touched);
    // (A buildings file's records were indexed by community when they were staged.)
    if (layer.id === 'communities') await c.exec(`CREATE INDEX ON ${s.fresh} (code)`);
    await c.exec(`CREATE INDEX ON ${s.adjacency} (community_code)`);
    const { rows } = await c.query<{ code: string; atoms: number }>(
      `SELECT t.code, (SELECT count(*)::int FROM ${s.atom} a WHERE a.community_code = t.code) AS atoms
         FROM unnest($1::text[]) AS t(code) ORDER BY t.code`,
      [touched],
    );
    // With nothing to copy, one transaction still writes the audit entry.
    return rows.length ? groupBySize(rows, ATOMS_PER_COPY) : [[]];
  });
  for (const [i, group] of groups.entries())
    await held.withTransaction((c) => copyGroup(c, layer, v, s, group, { first: i === 0, last: i === groups.length - 1 }, run));
}

/** Consecutive communities gathered into groups of at most `limit` atoms (a larger community alone). */
export function groupBySize(communities: { code: string; atoms: number }[], limit: number): string[][] {
  const groups: string[][] = [];
  let size = Infinity;
  for (const { code, atoms } of communities) {
    if (size + atoms > limit) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(code);
    size += atoms;
  }
  return groups;
}

/**
 * Writes a validated building or community import through staging tables (see above); a dry run
 * stages the rows only, to count them. `auditEntry` is written in the swap with the counts.
 */
export async function writeImportStaged(
  db: Db,
  layer: StagedLayer,
  v: Validation,
  opts: { dryRun: boolean; progress?: (p: ImportProgress) => void; auditEntry: (counts: ImportCounts) => AuditEntry },
): Promise<ImportCounts> {
  const progress = opts.progress ?? (() => undefined);
  const fresh = v.rows.filter((r) => r.key === null || !v.existing.has(r.key));
  const known = v.rows.filter((r) => r.key !== null && v.existing.has(r.key));
  const fields = v.fields.filter((f) => !f.transient);
  const s = stageNames();
  let failed = true;
  try {
    const { changed, touched } = await db.withClient(async (c) => {
      await createStage(c, layer, s, db.kind);
      progress({ stage: 'write', done: 0, total: v.rows.length });
      await insertRows(c, layer, fresh, fields, (done) => progress({ stage: 'write', done, total: v.rows.length }), s.fresh);
      await insertRows(
        c,
        layer,
        known,
        fields,
        (done) => progress({ stage: 'write', done: fresh.length + done, total: v.rows.length }),
        s.known,
      );
      await stageChanged(c, layer, v, s);
      const changed = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s.changed}`)).rows[0].n;
      if (opts.dryRun) return { changed, touched: [] };
      const touched = await touchedCommunities(c, layer, s);
      progress({ stage: 'atoms', done: 0, total: touched.length });
      await stageCommunities(c, layer, s, touched);
      if (layer.id === 'buildings')
        await c.exec(`CREATE INDEX ON ${s.fresh} (community_code); CREATE INDEX ON ${s.known} (community_code)`);
      await stageBuildings(c, layer, v, s, touched);
      return { changed, touched };
    });
    if (!opts.dryRun) await stageAtoms(db, touched, s, (done, total) => progress({ stage: 'atoms', done, total }));
    const counts: ImportCounts = { records: v.rows.length, inserted: fresh.length, updated: changed, unchanged: known.length - changed };
    if (!opts.dryRun) await swapIn(db, layer, v, s, touched, opts.auditEntry(counts));
    failed = false;
    return counts;
  } finally {
    // A failure's own error says more than one dropping the staging tables after it.
    await db
      .withClient((c) => dropStage(c, s))
      .catch((err: unknown) => {
        if (!failed) throw err;
      });
  }
}
