/**
 * Reads a CSV with a header row. Geometry comes from a `wkt` column (any layer; polygons need it)
 * or from `lng`/`lat` columns (points). Files saved by Excel on Chinese Windows are GB18030, not
 * UTF-8: those are detected and decoded.
 */
import Papa from 'papaparse';
import type { Geometry } from 'geojson';
import { refuseUnsafeCells } from '../domain/text/unsafe';
import { parseWkt } from './wkt';
import { note, problem, type Note, type ParsedFile, type ParsedRecord, type Problem } from './types';

const LNG = ['lng', 'lon', 'long', 'longitude', 'x', '经度'];
const LAT = ['lat', 'latitude', 'y', '纬度'];
const WKT = ['wkt', 'geometry', 'geom', 'the_geom'];

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK / GB2312). */
export function decodeText(bytes: Uint8Array, notes: Note[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    notes.push(note('import.note.gb18030'));
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function pickColumn(columns: string[], names: string[]): string | undefined {
  return columns.find((c) => names.includes(c.trim().toLowerCase()));
}

function numberCell(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : NaN;
}

/** `geometryOptional`: a spatial layer whose records may come without geometry (no geometry columns is fine). */
export function parseCsv(bytes: Uint8Array, spatial: boolean, geometryOptional = false): { file?: ParsedFile; problems: Problem[] } {
  const notes: Note[] = [];
  const text = decodeText(bytes, notes).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  const columns = (parsed.meta.fields ?? []).filter((c) => c.trim() !== '');
  if (columns.length === 0) return { problems: [problem('import.csv_no_header')] };
  refuseUnsafeCells(parsed.meta.fields ?? [], parsed.data);
  const problems: Problem[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({ ...(e.row !== undefined ? { row: e.row + 2 } : {}), ...problem('import.csv_syntax', { detail: e.message }) }));
  const wkt = pickColumn(columns, WKT);
  const lng = pickColumn(columns, LNG);
  const lat = pickColumn(columns, LAT);
  const geometryColumns = new Set([wkt, lng, lat].filter((c): c is string => c !== undefined));
  const records: ParsedRecord[] = parsed.data.map((cells, i) => {
    const ref = { row: i + 2 };
    const props = Object.fromEntries(columns.filter((c) => !geometryColumns.has(c)).map((c) => [c, cells[c] ?? '']));
    if (!spatial) return { ref, props, geometry: undefined };
    let geometry: Geometry | null = null;
    let geometryError: ParsedRecord['geometryError'];
    const wktText = wkt ? cells[wkt]?.trim() : '';
    if (wkt && wktText) {
      const r = parseWkt(wktText);
      if (r.ok) geometry = r.geometry;
      else geometryError = { ...problem(r.code, r.params), field: wkt };
    } else if (lng && lat) {
      const x = numberCell(cells[lng]);
      const y = numberCell(cells[lat]);
      if (x !== undefined && y !== undefined) geometry = { type: 'Point', coordinates: [x, y] };
      else if (x !== undefined || y !== undefined)
        geometryError = { ...problem('import.lng_lat_incomplete'), field: x === undefined ? lng : lat };
    }
    return { ref, props, geometry, ...(geometryError ? { geometryError } : {}) };
  });
  if (spatial && !geometryOptional && !wkt && !(lng && lat)) {
    problems.push(problem('import.csv_no_geometry_columns', {}, 'wkt'));
  }
  return { file: { records, columns: columns.filter((c) => !geometryColumns.has(c)), notes }, problems };
}
