/**
 * `gridplan import FILE --layer LAYER [--crs …] [--format …] [--table NAME]` (a GeoPackage's table) and
 * `gridplan export --layer LAYER --format geojson|csv|gpkg [--out FILE]` on the configured database.
 * Exit codes: 0 done, 1 the file has problems (listed on stderr, nothing written), 2 usage.
 * `--mode insert|upsert` and `--dry-run` are honoured when the command line parser passes them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openConfigured, type Db } from '../db/pool';
import { migrate } from '../db/migrate';
import { CRS_HELP, parseCrs } from './crs';
import { IMPORT_LAYER_IDS, importLayer, type ImportLayerId } from './layers';
import { runImport, type ImportProgress } from './import';
import { exportGeoPackage, exportLayer, type TextExportFormat } from './export';
import { exportGridPlans, importGridPlans } from './grid-plan-layer';
import type { ImportFormat, ImportReport, Problem } from './types';

type Values = Record<string, string | boolean | undefined>;

export interface DataCommandDeps {
  /** A database to use instead of the configured one (tests); it is not closed. */
  db?: Db;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

class UsageError extends Error {}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

function layerOf(values: Values): ImportLayerId {
  const layer = str(values.layer);
  if (!layer || !(IMPORT_LAYER_IDS as readonly string[]).includes(layer))
    throw new UsageError(`--layer must be one of ${[...IMPORT_LAYER_IDS, GRID_PLANS].join(', ')}`);
  return layer as ImportLayerId;
}

/** `--layer grid-plans`: a community's (or the town's) grid plans, GeoJSON only (data/grid-plan-layer.ts). */
const GRID_PLANS = 'grid-plans';

function gridPlansImportJob(bytes: Uint8Array, file: string, values: Values, out: (s: string) => void, err: (s: string) => void): Job {
  return async (db) => {
    const dryRun = values['dry-run'] === true;
    const report = await importGridPlans(db, bytes, { dryRun, fileName: path.basename(file), username: null, isAdmin: true });
    for (const n of report.notes) out(`note: ${n.message}`);
    if (!report.ok) {
      for (const p of report.problems) err(describeProblem(p));
      err(`${report.problemsTotal} problem(s); nothing was written`);
      return 1;
    }
    for (const p of report.plans)
      out(
        `${dryRun ? 'dry run: would import' : 'imported'} plan ${p.planNo} of ${p.communityCode} as ${p.status}: ${p.cells} cells, ${p.buildings} buildings${p.drawnOutlines ? `, ${p.drawnOutlines} drawn outlines` : ''}`,
      );
    return 0;
  };
}

function gridPlansExportJob(values: Values, out: (s: string) => void): Job {
  const community = str(values.community);
  const target = str(values.out);
  if (community !== undefined && !/^[0-9]{12}$/.test(community)) throw new UsageError('--community must be a 12-digit community code');
  return async (db) => {
    const body = JSON.stringify(await db.withClient((c) => exportGridPlans(c, community ?? null)));
    if (!target) process.stdout.write(body);
    else {
      await writeFile(target, body, 'utf8');
      out(`wrote ${body.length} characters of grid plans to ${target}`);
    }
    return 0;
  };
}

function importFormat(file: string, values: Values): ImportFormat {
  const given = str(values.format);
  if (given === 'geojson' || given === 'csv' || given === 'shapefile' || given === 'gpkg') return given;
  if (given) throw new UsageError('--format must be geojson, csv, shapefile or gpkg');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.csv') return 'csv';
  if (ext === '.zip') return 'shapefile';
  if (ext === '.gpkg') return 'gpkg';
  throw new UsageError(`cannot tell the format of ${file} from its extension; add --format geojson|csv|shapefile|gpkg`);
}

export function describeProblem(p: Problem): string {
  const where = p.row !== undefined ? `row ${p.row}` : p.feature !== undefined ? `feature ${p.feature}` : 'file';
  return `${where}${p.field ? ` ${p.field}` : ''}: ${p.message} [${p.code}]`;
}

function printReport(report: ImportReport, out: (s: string) => void, err: (s: string) => void): void {
  for (const note of report.notes) out(`note: ${note.message}`);
  if (!report.ok) {
    for (const p of report.problems) err(describeProblem(p));
    if (report.problemsTotal > report.problems.length) err(`… and ${report.problemsTotal - report.problems.length} more`);
    err(`${report.problemsTotal} problem(s); nothing was written`);
    return;
  }
  const c = report.counts;
  out(
    `${report.dryRun ? 'dry run: would import' : 'imported'} ${c.records} ${report.layer} (${report.crs}, ${report.mode}): ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged`,
  );
}

type Job = (db: Db) => Promise<number>;

/** Files with this many records get progress lines on stderr; smaller ones finish at once. */
export const PROGRESS_FROM_RECORDS = 1000;
const STAGE_WORDS: Record<ImportProgress['stage'], string> = {
  read: 'reading',
  validate: 'validating records',
  place: 'placing records',
  write: 'writing records',
  atoms: 'rebuilding building atoms of communities',
};

/** Progress on stderr: each stage as it starts and then at most a line a second. */
function progressLines(err: (s: string) => void): (p: ImportProgress) => void {
  let quiet = true;
  let last = 0;
  return (p) => {
    if (p.stage === 'validate') quiet = p.total < PROGRESS_FROM_RECORDS;
    if (quiet || p.stage === 'read') return;
    const now = Date.now();
    if (p.done !== 0 && p.done !== p.total && now - last < 1000) return;
    last = now;
    err(`${STAGE_WORDS[p.stage]}: ${p.done}/${p.total}`);
  };
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Checks the arguments and reads the file before any database is opened. */
async function importJob(positionals: string[], values: Values, out: (s: string) => void, err: (s: string) => void): Promise<Job> {
  const file = positionals[0];
  if (!file) throw new UsageError('usage: gridplan import FILE --layer LAYER [--crs wgs84|cgcs2000|gcj02|bd09|EPSG:n]');
  if (values.layer === GRID_PLANS) return gridPlansImportJob(await readInput(file), file, values, out, err);
  const layer = layerOf(values);
  const format = importFormat(file, values);
  const crs = str(values.crs);
  if (crs !== undefined && !parseCrs(crs)) throw new UsageError(`--crs must be ${CRS_HELP}`);
  const mode = str(values.mode) ?? 'upsert';
  if (mode !== 'insert' && mode !== 'upsert') throw new UsageError('--mode must be insert or upsert');
  const bytes = await readInput(file);
  return async (db) => {
    const report = await runImport(db, bytes, {
      layer,
      format,
      crs,
      mode,
      dryRun: values['dry-run'] === true,
      fileName: path.basename(file),
      username: 'cli',
      table: str(values.table),
      onProgress: progressLines(err),
    });
    printReport(report, out, err);
    return report.ok ? 0 : 1;
  };
}

/** The export format: --format, else the extension of --out, else GeoJSON. */
function exportFormat(values: Values): TextExportFormat | 'gpkg' {
  const target = str(values.out)?.toLowerCase() ?? '';
  const format = str(values.format) ?? (target.endsWith('.csv') ? 'csv' : target.endsWith('.gpkg') ? 'gpkg' : 'geojson');
  if (format !== 'geojson' && format !== 'csv' && format !== 'gpkg') throw new UsageError('--format must be geojson, csv or gpkg');
  return format;
}

function exportJob(values: Values, out: (s: string) => void): Job {
  if (values.layer === GRID_PLANS) return gridPlansExportJob(values, out);
  const layer = importLayer(layerOf(values));
  const target = str(values.out);
  const format = exportFormat(values);
  if (format === 'gpkg' && !target) throw new UsageError('a GeoPackage is a binary file: give --out FILE.gpkg');
  return async (db) => {
    if (format === 'gpkg') {
      const file = await db.withClient((c) => exportGeoPackage(c, layer, { maskPhones: false }));
      await writeFile(target!, file.body);
      out(`wrote ${file.body.length} bytes of ${layer.id} to ${target}`);
      return 0;
    }
    const file = await db.withClient((c) => exportLayer(c, layer, { format, maskPhones: false }));
    if (target) {
      await writeFile(target, file.body, 'utf8');
      out(`wrote ${file.body.length} characters of ${layer.id} to ${target}`);
    } else process.stdout.write(file.body);
    return 0;
  };
}

/** Runs `import` or `export`; returns the exit code (and sets it when run as the real command). */
export async function runDataCommand(
  command: 'import' | 'export',
  positionals: string[],
  values: Values,
  deps: DataCommandDeps = {},
): Promise<number> {
  const out = deps.out ?? ((s: string) => console.log(s));
  const err = deps.err ?? ((s: string) => console.error(s));
  let code: number;
  try {
    const job = command === 'import' ? await importJob(positionals, values, out, err) : exportJob(values, out);
    const db = deps.db ?? (await openConfigured());
    try {
      if (!deps.db) await migrate(db);
      code = await job(db);
    } finally {
      if (!deps.db) await db.close();
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(e.message);
    code = 2;
  }
  if (!deps.db) process.exitCode = code;
  return code;
}
