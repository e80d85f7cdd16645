/**
 * Shapes shared by the import pipeline: a parsed record with where it came from, the problems
 * validation reports, and the report an import returns (API and CLI alike).
 */
import type { Geometry } from 'geojson';

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
  geometryError?: { field: string; message: string };
}

export interface ParsedFile {
  records: ParsedRecord[];
  /** Column / property names in file order (union over features for GeoJSON). */
  columns: string[];
  /** The coordinate system the file itself declares, if it does (GeoJSON `crs`, shapefile .prj). */
  declaredCrs?: string;
  /** The file's coordinates are already WGS84 lon/lat (a projected .prj was applied while reading). */
  alreadyGeographic?: boolean;
  notes: string[];
}

export type ProblemCode =
  | 'file'
  | 'crs'
  | 'column'
  | 'required'
  | 'invalid_value'
  | 'negative'
  | 'out_of_range'
  | 'code_format'
  | 'mismatch'
  | 'duplicate_in_file'
  | 'exists'
  | 'unknown_id'
  | 'unknown_reference'
  | 'geometry_missing'
  | 'geometry_type'
  | 'coordinates'
  | 'too_many_vertices'
  | 'invalid_geometry';

export interface Problem {
  feature?: number;
  row?: number;
  field?: string;
  code: ProblemCode;
  message: string;
  /** For invalid geometry: where (lng, lat in WGS84). */
  location?: [number, number];
}

export type ImportFormat = 'geojson' | 'csv' | 'shapefile';
export type ImportMode = 'insert' | 'upsert';

export interface ImportCounts {
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  layer: string;
  format: ImportFormat;
  crs: string;
  mode: ImportMode;
  fileName: string | null;
  counts: ImportCounts;
  problems: Problem[];
  /** Set when more problems were found than the report lists. */
  problemsTotal: number;
  notes: string[];
}

/** Problem located at a record. */
export function at(ref: RecordRef, problem: Omit<Problem, 'feature' | 'row'>): Problem {
  return { ...ref, ...problem };
}
