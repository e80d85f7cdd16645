/**
 * Reads a zipped shapefile (.shp + .dbf, optional .prj and .cpg) with `shpjs`. Coordinate
 * system: a projected .prj (PROJCS) is applied while reading (proj4 inside shpjs), unless the user
 * named a projected EPSG code, which then wins and PostGIS transforms. A geographic .prj (GEOGCS,
 * e.g. WGS84 or CGCS2000) leaves lon/lat as they are; the chosen crs (e.g. gcj02) still applies.
 * DBF text is decoded with the .cpg, else the DBF language byte (GBK), else UTF-8 / GB18030.
 */
import { parseDbf, parseShp } from 'shpjs';
import type { Geometry } from 'geojson';
import type { Crs } from './crs';
import { unzip, ZipError, type ZipEntry } from './unzip';
import { note, problem, type Note, type ParsedFile, type ParsedRecord, type Problem } from './types';

const PARTS = /\.(shp|dbf|prj|cpg)$/i;

function dbfEncoding(dbf: Uint8Array, cpg: string | undefined, notes: Note[]): string {
  if (cpg) {
    const name = cpg.trim();
    return /^(ansi\s*)?936$/i.test(name) ? 'gbk' : name;
  }
  const languageDriver = dbf[29];
  if (languageDriver === 0x4d || languageDriver === 0x7a) return 'gbk';
  const headerLength = dbf.length >= 10 ? dbf[8] | (dbf[9] << 8) : 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(headerLength));
    return 'utf-8';
  } catch {
    notes.push(note('import.note.dbf_gb18030'));
    return 'gb18030';
  }
}

function looksGeographic(geometries: (Geometry | null)[]): boolean {
  const bad = (c: unknown): boolean =>
    Array.isArray(c) && typeof c[0] === 'number' ? Math.abs(c[0]) > 180 || Math.abs(c[1] as number) > 90 : Array.isArray(c) && c.some(bad);
  return !geometries.some((g) => g && 'coordinates' in g && bad(g.coordinates));
}

export function parseShapefile(bytes: Uint8Array, userCrs: Crs | undefined): { file?: ParsedFile; problems: Problem[] } {
  let entries: ZipEntry[];
  try {
    entries = unzip(bytes, (name) => PARTS.test(name) && !name.includes('__MACOSX'));
  } catch (err) {
    if (err instanceof ZipError) return { problems: [problem(err.code, err.params)] };
    throw err;
  }
  const shps = entries.filter((e) => /\.shp$/i.test(e.name));
  if (shps.length !== 1) {
    const names = shps.map((e) => e.name);
    return { problems: [shps.length === 0 ? problem('import.zip_no_shp') : problem('import.zip_many_shp', { count: shps.length, names })] };
  }
  const base = shps[0].name.slice(0, -4).toLowerCase();
  const part = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${base}.${ext}`)?.data;
  const text = (d: Uint8Array | undefined) => (d ? new TextDecoder().decode(d).trim() : undefined);
  const dbf = part('dbf');
  const prj = text(part('prj'));
  const cpg = text(part('cpg'));
  const notes: Note[] = [];
  const projectedPrj = prj !== undefined && /^PROJCS\[/i.test(prj);
  const userProjected = userCrs?.kind === 'epsg';
  const applyPrj = projectedPrj && !userProjected;
  if (projectedPrj && userProjected) notes.push(note('import.note.crs_over_prj'));
  if (applyPrj) notes.push(note('import.note.prj_applied'));
  let geometries: (Geometry | null)[];
  let rows: Record<string, unknown>[] = [];
  try {
    geometries = parseShp(shps[0].data, applyPrj ? prj : undefined);
    if (dbf) rows = parseDbf(dbf, dbfEncoding(dbf, cpg, notes));
  } catch (err) {
    return { problems: [problem('import.shapefile_unreadable', { detail: (err as Error).message })] };
  }
  if (applyPrj && !looksGeographic(geometries)) {
    return { problems: [problem('import.prj_unusable', {}, '.prj')] };
  }
  if (!dbf) notes.push(note('import.note.no_dbf'));
  else if (rows.length !== geometries.length)
    notes.push(note('import.note.shape_count', { shapes: geometries.length, records: rows.length }));
  const records: ParsedRecord[] = geometries.map((geometry, feature) => ({ ref: { feature }, props: rows[feature] ?? {}, geometry }));
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const declaredCrs = prj ? /^(?:PROJCS|GEOGCS)\["([^"]*)"/i.exec(prj)?.[1] : undefined;
  return { file: { records, columns, declaredCrs, alreadyGeographic: applyPrj, notes }, problems: [] };
}
