/**
 * Import and export of the data layers (PRODUCT §5.2): the request parameters, the coordinate
 * systems an import reads, and the report an import answers, whose problems and notes are
 * messages located at a feature or row.
 */
import { z } from 'zod';
import { messageSchema } from './common';
import { communityCode } from './communities';

export const IMPORT_LAYER_IDS = ['communities', 'compounds', 'buildings', 'facilities', 'options', 'people', 'divisions', 'roads'] as const;
export type ImportLayerId = (typeof IMPORT_LAYER_IDS)[number];
export const layerParam = z.object({ layer: z.enum(IMPORT_LAYER_IDS) });

export const IMPORT_FORMATS = ['geojson', 'csv', 'shapefile', 'gpkg'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_MODES = ['insert', 'upsert'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export type Crs =
  | { kind: 'wgs84' }
  | { kind: 'cgcs2000' }
  | { kind: 'gcj02' }
  | { kind: 'bd09' }
  /** Any other EPSG code: PostGIS `ST_Transform(geom, 4326)` does the work. */
  | { kind: 'epsg'; srid: number };

/** The coordinate systems a user can name, for messages and help. */
export const CRS_NAMES = ['wgs84', 'cgcs2000', 'gcj02', 'bd09', 'EPSG:n'];

/**
 * The names ArcGIS writes in a `.prj` (GEOGCS / PROJCS name), squashed as parseCrs does: WGS84,
 * CGCS2000 and its Gauss-Kruger projections (3-degree: EPSG:4513–4533 by zone, 4534–4554 by
 * central meridian; 6-degree: 4491–4501 by zone, 4502–4512 by central meridian), Web Mercator.
 */
function esriCrs(t: string): Crs | undefined {
  if (t === 'gcswgs1984' || t === 'wgs1984') return { kind: 'wgs84' };
  if (t === 'gcschinageodeticcoordinatesystem2000' || t === 'gcscgcs2000') return { kind: 'cgcs2000' };
  if (t === 'wgs1984webmercatorauxiliarysphere' || t === 'wgs1984webmercator') return { kind: 'epsg', srid: 3857 };
  const gk = [
    { re: /^cgcs20003degreegkcm(\d{2,3})e$/, first: 4534, start: 75, step: 3, last: 135 },
    { re: /^cgcs20003degreegkzone(\d{2})$/, first: 4513, start: 25, step: 1, last: 45 },
    { re: /^cgcs2000gkcm(\d{2,3})e$/, first: 4502, start: 75, step: 6, last: 135 },
    { re: /^cgcs2000gkzone(\d{2})$/, first: 4491, start: 13, step: 1, last: 23 },
  ];
  for (const { re, first, start, step, last } of gk) {
    const m = re.exec(t);
    const n = m ? Number(m[1]) : NaN;
    if (n >= start && n <= last && (n - start) % step === 0) return { kind: 'epsg', srid: first + (n - start) / step };
  }
  return undefined;
}

/** Reads a CRS name as typed by a user or found in a file; undefined when not understood. */
export function parseCrs(text: string): Crs | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  if (t === 'wgs84' || t === 'crs84' || t.endsWith('ogc:1.3:crs84') || t.endsWith('ogc::crs84')) return { kind: 'wgs84' };
  if (t === 'cgcs2000') return { kind: 'cgcs2000' };
  if (t === 'gcj02' || t === 'amap' || t === 'gaode') return { kind: 'gcj02' };
  if (t === 'bd09' || t === 'bd09ll' || t === 'baidu') return { kind: 'bd09' };
  const esri = esriCrs(t);
  if (esri) return esri;
  // EPSG:4549, epsg4549, urn:ogc:def:crs:EPSG::4549, urn:ogc:def:crs:EPSG:6.6:4549
  const m = /^(?:urn:ogc:def:crs:)?epsg:(?:[0-9.]*:)?(\d{4,6})$/.exec(t) ?? /^epsg(\d{4,6})$/.exec(t);
  if (!m) return undefined;
  const srid = Number(m[1]);
  if (srid === 4326) return { kind: 'wgs84' };
  if (srid === 4490) return { kind: 'cgcs2000' };
  return { kind: 'epsg', srid };
}

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const importQuery = z.object({
  format: z.enum(IMPORT_FORMATS).optional(),
  crs: z
    .string()
    .max(60)
    .refine((s) => parseCrs(s) !== undefined, `crs must be one of ${CRS_NAMES.join(', ')}`)
    .optional(),
  mode: z.enum(IMPORT_MODES).default('upsert'),
  dryRun: flag.default(false),
  name: z.string().max(200).optional(),
  /** JSON `{fileColumn: field}`: which layer field each file column feeds ("" = ignore the column). */
  columns: z.string().max(8000).optional(),
  /** With dryRun: the report carries up to MAX_PREVIEW_FEATURES transformed features for a map. */
  preview: flag.default(false),
  /** A GeoPackage with several tables: the one to read (POST /api/import/inspect lists them). */
  table: z.string().min(1).max(200).optional(),
});

/** Reads the `columns` parameter; the fields are checked against the layer by the route. */
export const columnMapping = z.record(z.string().min(1).max(200), z.string().max(60));
export type ColumnMapping = z.infer<typeof columnMapping>;

export const EXPORT_FORMATS = ['geojson', 'csv', 'gpkg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).default('geojson'),
  community: communityCode.optional(),
  wkt: flag.optional(),
});

/**
 * One problem of an import: a message (`import.*` code and params) and where it is. `feature` is
 * the 0-based index in the FeatureCollection (= shapefile FID), `row` the spreadsheet row of a CSV
 * line (the header is row 1), `field` the file's column; none of them for a file-wide problem.
 */
export const importProblemSchema = messageSchema.extend({
  feature: z.number().int().optional(),
  row: z.number().int().optional(),
  field: z.string().optional(),
  /** For invalid geometry: where, as lng, lat in WGS84. */
  location: z.tuple([z.number(), z.number()]).optional(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

export const importCountsSchema = z.object({
  records: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCountsSchema>;

/** A preview holds at most this many features: every problem feature first, then the others in file order. */
export const MAX_PREVIEW_FEATURES = 2000;

/** One record of a preview, in WGS84, simplified to about a metre; `problem` when the report lists it. */
export const previewFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
  properties: z.object({
    feature: z.number().int().optional(),
    row: z.number().int().optional(),
    problem: z.boolean(),
    /** The geometry stands for a problem located at a point (an invalid outline), not the record. */
    located: z.boolean().optional(),
  }),
});
export type PreviewFeature = z.infer<typeof previewFeatureSchema>;

export const importPreviewSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(previewFeatureSchema),
  /** Records with a geometry in the file: more than `features.length` when the preview is cut. */
  total: z.number().int(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importReportSchema = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  layer: z.enum(IMPORT_LAYER_IDS),
  format: z.enum(IMPORT_FORMATS),
  crs: z.string(),
  mode: z.enum(IMPORT_MODES),
  fileName: z.string().nullable(),
  counts: importCountsSchema,
  /** At most MAX_PROBLEMS_LISTED, ordered by feature/row. */
  problems: z.array(importProblemSchema),
  problemsTotal: z.number().int(),
  /** What the import decided on the way (encoding, coordinate system, ignored columns). */
  notes: z.array(messageSchema),
  /** Dry runs asked with preview=true: the records as they would be stored, for a map. */
  preview: importPreviewSchema.optional(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** The 400 of an import with problems: the report in `details`, nothing written. */
export const importFailureSchema = z.object({ error: messageSchema.extend({ details: importReportSchema }) });

export const importHistoryQuery = z.object({
  layer: z.enum(IMPORT_LAYER_IDS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** One import that was written (dry runs and refused files write nothing and are not listed). */
export const importHistoryEntrySchema = z.object({
  id: z.number().int(),
  /** ISO time, UTC. */
  at: z.string(),
  username: z.string().nullable(),
  layer: z.enum(IMPORT_LAYER_IDS),
  format: z.enum(IMPORT_FORMATS),
  crs: z.string(),
  mode: z.enum(IMPORT_MODES),
  fileName: z.string().nullable(),
  counts: importCountsSchema,
});
export type ImportHistoryEntry = z.infer<typeof importHistoryEntrySchema>;
export const importHistorySchema = z.object({ imports: z.array(importHistoryEntrySchema) });

export const IMPORT_JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;
export const IMPORT_JOB_STAGES = ['read', 'validate', 'place', 'write', 'atoms'] as const;
export type ImportJobStage = (typeof IMPORT_JOB_STAGES)[number];

/**
 * An import run in the background (POST /api/import/jobs/{layer}), polled for progress. `done` of
 * `total` counts within the current `stage`. A job with problems ends `failed` with its report.
 */
export const importJobSchema = z.object({
  id: z.number().int(),
  layer: z.enum(IMPORT_LAYER_IDS),
  fileName: z.string().nullable(),
  dryRun: z.boolean(),
  state: z.enum(IMPORT_JOB_STATES),
  stage: z.enum(IMPORT_JOB_STAGES).nullable(),
  done: z.number().int(),
  total: z.number().int(),
  /** ISO times, UTC. */
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  report: importReportSchema.nullable(),
  error: messageSchema.pick({ code: true, params: true }).nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;
export const importJobAnswer = z.object({ job: importJobSchema });

/** What a file holds before a layer is chosen: its columns, where its coordinates lie, the layer that fits best. */
export const importInspectQuery = z.object({
  format: z.enum(IMPORT_FORMATS).optional(),
  name: z.string().max(200).optional(),
  /** A GeoPackage: the table to describe (by default its first feature table). */
  table: z.string().min(1).max(200).optional(),
});

/** A table of a GeoPackage an import can read: features with their geometry type, or attributes (geometryType null). */
export const geoPackageTableSchema = z.object({
  name: z.string(),
  geometryType: z.string().nullable(),
  records: z.number().int(),
  columns: z.array(z.string()),
});
export type GeoPackageTableInfo = z.infer<typeof geoPackageTableSchema>;

export const importInspectionSchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  records: z.number().int(),
  /** The file's columns, in file order (geometry columns of a CSV left out). */
  columns: z.array(z.string()),
  /** Geometry types seen (Point, Polygon, …); empty for a table without coordinates. */
  geometryTypes: z.array(z.string()),
  /** The coordinates' extent as written in the file (before any transform), or null. */
  extent: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** The coordinate system the file declares (.prj, GeoJSON crs), as a name parseCrs reads. */
  declaredCrs: z.string().nullable(),
  /** The coordinate system the numbers look like, with the reason as a message; null when unsure. */
  crsGuess: z.object({ crs: z.string(), reason: messageSchema }).nullable(),
  /** A GeoPackage: every table an import can read, and the one described here (the import's `table=`). */
  tables: z.array(geoPackageTableSchema).optional(),
  table: z.string().optional(),
  /** Every layer, best fitting first: how many columns it recognises, and the field each column feeds. */
  layers: z.array(
    z.object({
      layer: z.enum(IMPORT_LAYER_IDS),
      geometryFits: z.boolean(),
      recognised: z.number().int(),
      fields: z.record(z.string(), z.string().nullable()),
      /** Every field of the layer a column may feed, in layer order; required ones marked. */
      choices: z.array(z.object({ field: z.string(), required: z.boolean() })),
    }),
  ),
});
export type ImportInspection = z.infer<typeof importInspectionSchema>;
