/**
 * One import, start to finish, for the API and the CLI alike: read the file, validate every
 * record, and (unless it is a dry run or anything is wrong) write all of it in one transaction
 * with one audit entry (embedded buildings and communities: staged, then copied in by one
 * transaction, see write-staged.ts). A dry run performs the writes too, to count inserted / updated / unchanged
 * exactly, and then rolls them back.
 */
import type { ColumnMapping } from '../contract/io';
import { invalid } from '../domain/errors';
import type { Scope } from '../domain/access/scope';
import { requireFileInScope } from './import-scope';
import type { Db, Queryable } from '../db/pool';
import { spreadOver } from '../db/lanes';
import { audit, type AuditEntry } from '../db/audit';
import { sridKnown } from '../db/io';
import { getSettings } from '../db/settings';
import { findBuildingsBySource, foundTwice } from './source-ids';
import { mergeBuildingPieces } from './building-pieces';
import { completeFromPlace } from './complete';
import { CRS_NAMES, crsName, parseCrs, type Crs } from './crs';
import { importLayer, type ImportLayerId } from './layers';
import { parseCsv } from './parse-csv';
import { parseGeoJson } from './parse-geojson';
import { parseGeoJsonStream, STREAM_GEOJSON_MIN_BYTES } from './parse-geojson-stream';
import { parseGeoPackage } from './parse-geopackage';
import { parseShapefile } from './parse-shapefile';
import { checkPlausibility } from './plausibility';
import { buildingFitMixUps } from './plausibility-fit';
import { buildingClashMixUps } from './plausibility-clashes';
import {
  note,
  problem,
  type ImportCounts,
  type ImportFormat,
  type ImportMode,
  type ImportReport,
  type Note,
  type ParsedFile,
  type Problem,
} from './types';
import { validateFile, type Validation } from './validate';
import { writeImport } from './write';
import { isStagedLayer, writeImportStaged } from './write-staged';
import { IMPORT_THREAD_MIN_BYTES, runImportOffThread } from '../threads/import';

/** The report lists at most this many problems (and says how many there were). */
export const MAX_PROBLEMS_LISTED = 5000;

export interface ImportOptions {
  layer: ImportLayerId;
  format: ImportFormat;
  /** As the user typed it; undefined = the file's own declaration, else WGS84. */
  crs?: string;
  mode: ImportMode;
  dryRun: boolean;
  fileName: string | null;
  username: string | null;
  /** The importing account's data scope: a record outside it refuses the file (403); null or absent = anywhere. */
  scope?: Scope;
  /** Told as each stage starts and as records are written (CLI stderr lines, the import job). */
  onProgress?: (p: ImportProgress) => void;
  /** A GeoPackage with several tables: the one to read. */
  table?: string;
  /** The user's choice of field per file column, over the names and aliases (see column-mapping.ts). */
  columns?: ColumnMapping;
  /** Handed the validated records (a dry run's map preview, preview.ts). */
  onValidated?: (v: Validation) => void;
  /** Read, check and write on a thread of its own; by default files from IMPORT_THREAD_MIN_BYTES on are. */
  offThread?: boolean;
}

export const IMPORT_STAGES = ['read', 'validate', 'place', 'write', 'atoms'] as const;
export interface ImportProgress {
  stage: (typeof IMPORT_STAGES)[number];
  done: number;
  total: number;
}

class DryRunRollback extends Error {
  constructor(readonly counts: ImportCounts) {
    super('dry run');
  }
}

async function parse(
  bytes: Uint8Array,
  opts: ImportOptions,
  userCrs: Crs | undefined,
): Promise<{ file?: ParsedFile; problems: Problem[] }> {
  const layer = importLayer(opts.layer);
  const spatial = layer.geometry !== null;
  switch (opts.format) {
    case 'geojson':
      return bytes.length >= STREAM_GEOJSON_MIN_BYTES ? parseGeoJsonStream(bytes) : parseGeoJson(new TextDecoder().decode(bytes));
    case 'csv':
      return parseCsv(bytes, spatial, layer.geometryOptional);
    case 'shapefile':
      if (!spatial) return { problems: [problem('import.layer_not_spatial', { layer: opts.layer })] };
      return parseShapefile(bytes, userCrs);
    case 'gpkg':
      return parseGeoPackage(bytes, { table: opts.table, spatial });
  }
}

function sortProblems(problems: Problem[]): Problem[] {
  const order = (p: Problem) => p.feature ?? p.row ?? -1;
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * Imports a file. A large one is read, checked and written on a thread of its own (its SQL still
 * goes through `db`), so the server keeps answering other requests meanwhile.
 */
export async function runImport(db: Db, bytes: Uint8Array, opts: ImportOptions): Promise<ImportReport> {
  const offThread = opts.offThread ?? bytes.length >= IMPORT_THREAD_MIN_BYTES;
  return offThread ? runImportOffThread(db, bytes, opts) : runImportHere(db, bytes, opts);
}

/** `runImport` on the calling thread (the import thread runs this). */
export async function runImportHere(db: Db, bytes: Uint8Array, opts: ImportOptions): Promise<ImportReport> {
  const layer = importLayer(opts.layer);
  const notes: Note[] = [];
  const report = (crs: Crs | undefined, problems: Problem[], counts?: ImportCounts): ImportReport => ({
    ok: problems.length === 0,
    dryRun: opts.dryRun,
    layer: opts.layer,
    format: opts.format,
    crs: crs ? crsName(crs) : (opts.crs ?? 'wgs84'),
    mode: opts.mode,
    fileName: opts.fileName,
    counts: counts ?? { records: 0, inserted: 0, updated: 0, unchanged: 0 },
    problems: sortProblems(problems).slice(0, MAX_PROBLEMS_LISTED),
    problemsTotal: problems.length,
    notes,
  });

  const userCrs = opts.crs === undefined ? undefined : parseCrs(opts.crs);
  if (opts.crs !== undefined && !userCrs)
    return report(undefined, [problem('import.crs_unknown', { crs: opts.crs, allowed: CRS_NAMES }, 'crs')]);
  const progress = opts.onProgress ?? (() => undefined);
  progress({ stage: 'read', done: 0, total: bytes.length });
  const parsed = await parse(bytes, opts, userCrs);
  if (!parsed.file) return report(userCrs, parsed.problems);
  const file = parsed.file;
  notes.push(...file.notes);
  if (file.records.length === 0) {
    // A header with no rows is refused the same way by every import (register imports too).
    if (parsed.problems.length === 0) throw invalid('empty_file');
    return report(userCrs, [...parsed.problems, problem('import.no_records')]);
  }

  let crs: Crs = userCrs ?? { kind: 'wgs84' };
  const declared = file.declaredCrs === undefined ? undefined : parseCrs(file.declaredCrs);
  if (!userCrs && declared && !file.alreadyGeographic) {
    crs = declared;
    if (declared.kind !== 'wgs84') notes.push(note('import.note.declared_crs', { crs: crsName(declared) }));
  } else if (userCrs && declared && crsName(declared) !== crsName(userCrs) && !file.alreadyGeographic) {
    notes.push(note('import.note.crs_over_declared', { declared: crsName(declared), crs: crsName(userCrs) }));
  }
  if (opts.format === 'shapefile' && file.declaredCrs === undefined && !userCrs) notes.push(note('import.note.assumed_wgs84'));
  if (crs.kind === 'cgcs2000') notes.push(note('import.note.cgcs2000'));
  if (crs.kind === 'epsg' && layer.geometry && !(await db.withClient((c) => sridKnown(c, crs.kind === 'epsg' ? crs.srid : 4326)))) {
    return report(crs, [problem('import.crs_not_in_postgis', { crs: crsName(crs) }, 'crs')]);
  }

  progress({ stage: 'validate', done: 0, total: file.records.length });
  // The checks only read: on PostgreSQL their chunks of records run on several connections at once
  // (100,000 footprints: geometry checks 3.7 s and placing 3.6 s on one connection).
  const reads = <T>(fn: (c: Queryable) => Promise<T>): Promise<T> => (db.kind === 'postgres' ? fn(spreadOver(db)) : db.withClient(fn));
  const v: Validation = await reads((c) => validateFile(c, layer, file, crs, opts.mode, opts.columns));
  const found = await reads((c) => findBuildingsBySource(c, layer, v, opts.mode));
  v.problems.push(...(await reads((c) => mergeBuildingPieces(c, layer, file, v))));
  v.problems.push(...foundTwice(v, found));
  opts.onValidated?.(v);
  progress({ stage: 'place', done: 0, total: file.records.length });
  const settings = await db.withClient(getSettings);
  v.problems.push(...(await reads((c) => completeFromPlace(c, layer, v, settings))));
  await reads((c) => requireFileInScope(c, layer, v, opts.scope ?? null));
  notes.push(...v.notes);
  const problems = [...parsed.problems, ...v.problems];
  if (layer.id === 'buildings') {
    const mixUps = await reads((c) => buildingFitMixUps(c, file, crs, v));
    // buildings placed by containment always fit their communities: stored roads and buildings judge them
    problems.push(
      ...(mixUps.length ? mixUps : await reads((c) => buildingClashMixUps(c, file, crs, v.rows, settings['import.pointFootprintM2']))),
    );
  }
  if (problems.length === 0) problems.push(...(await reads((c) => checkPlausibility(c, layer, file, crs, v))));
  if (problems.length) return report(crs, problems, { records: file.records.length, inserted: 0, updated: 0, unchanged: 0 });

  const auditEntry = (counts: ImportCounts): AuditEntry => ({
    username: opts.username,
    action: 'import',
    entity: layer.table,
    entityId: opts.fileName ?? opts.layer,
    after: {
      layer: opts.layer,
      format: opts.format,
      crs: crsName(crs),
      mode: opts.mode,
      fileName: opts.fileName,
      counts,
      scope: opts.scope ?? null,
    },
  });
  // An import whose records change atoms (buildings, community outlines) is staged first, then
  // only copied in: the embedded database answers everyone through one session, which a
  // transaction holds until it ends, and PostgreSQL computes the atoms on several connections.
  if (isStagedLayer(layer)) {
    const counts = await writeImportStaged(db, layer, v, { dryRun: opts.dryRun, progress, auditEntry });
    return report(crs, [], counts);
  }
  try {
    const counts = await db.withTransaction(async (c) => {
      const counts = await writeImport(c, layer, v, { rebuild: !opts.dryRun, progress });
      if (opts.dryRun) throw new DryRunRollback(counts);
      await audit(c, auditEntry(counts));
      return counts;
    });
    return report(crs, [], counts);
  } catch (err) {
    if (err instanceof DryRunRollback) return report(crs, [], err.counts);
    throw err;
  }
}
