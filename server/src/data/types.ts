/**
 * Shapes shared by the import pipeline: a parsed record with where it came from, the problems
 * validation reports, and the report an import returns (API and CLI alike).
 */
import type { Geometry } from 'geojson';
import { msg, type Message, type MessageCode, type MessageParams } from '../contract/messages';
import type { ImportCounts, ImportFormat, ImportMode, ImportProblem, ImportReport } from '../contract/io';

/** Where a record came from: `feature` is the 0-based index in the FeatureCollection (= shapefile
 * FID); `row` is the spreadsheet row number of a CSV line (the header is row 1). */
export type RecordRef = { feature: number } | { row: number };

/** One record as read from the file: its raw attributes and (for spatial layers) its geometry. */
export interface ParsedRecord {
  ref: RecordRef;
  props: Record<string, unknown>;
  /** null when the record has no geometry; undefined for non-spatial files (people CSV). */
  geometry: Geometry | null | undefined;
  /** A geometry field that could not be read (bad WKT, bad lng/lat), reported by validation. */
  geometryError?: LocalProblem & { field: string };
}

export interface ParsedFile {
  records: ParsedRecord[];
  /** Column / property names in file order (union over features for GeoJSON). */
  columns: string[];
  /** The coordinate system the file itself declares, if it does (GeoJSON `crs`, shapefile .prj). */
  declaredCrs?: string;
  /** The file's coordinates are already WGS84 lon/lat (a projected .prj was applied while reading). */
  alreadyGeographic?: boolean;
  notes: Note[];
}

/** A problem before it is located at a record: what is wrong, in which column. */
export type LocalProblem = Omit<ImportProblem, 'feature' | 'row'>;

/** A problem: `code` with its params (and the English fallback), optionally in a column. */
export function problem(code: MessageCode, params: MessageParams = {}, field?: string): LocalProblem {
  return { ...msg(code, params), ...(field === undefined ? {} : { field }) };
}

export type Problem = ImportProblem;
export type Note = Message;
export const note = (code: MessageCode, params: MessageParams = {}): Note => msg(code, params);

export type { ImportCounts, ImportFormat, ImportMode, ImportReport };

/** Problem located at a record. */
export function at(ref: RecordRef, local: LocalProblem): Problem {
  return { ...ref, ...local };
}
