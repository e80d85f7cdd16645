/**
 * What a file holds before anyone says which layer it is: its columns, its geometry types, the
 * extent of its coordinates as written, the coordinate system they look like, and every layer
 * ranked by how well it fits (geometry type first, then columns its names and aliases
 * recognise). The import screen starts from this; nothing is written.
 */
import type { Geometry, Position } from 'geojson';
import { IMPORT_LAYER_IDS, type GeoPackageTableInfo, type ImportFormat, type ImportInspection } from '../contract/io';
import { msg } from '../contract/messages';
import { invalid, unprocessable } from '../domain/errors';
import type { Db } from '../db/pool';
import { installationLongitude } from '../db/io';
import { mappableFields } from './column-mapping';
import { parseCrs } from './crs';
import { fieldForColumn, importLayer, type ImportLayerDef } from './layers';
import { parseCsv } from './parse-csv';
import { parseGeoJson } from './parse-geojson';
import { geoPackageTables, parseGeoPackage } from './parse-geopackage';
import { parseShapefile } from './parse-shapefile';
import { CHINA_BBOX } from './plausibility';
import { problem, type ParsedFile, type Problem } from './types';

type Extent = [number, number, number, number];

function extentOf(geometries: (Geometry | null | undefined)[]): Extent | null {
  let e: Extent | null = null;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as Position;
      e = e ? [Math.min(e[0], x), Math.min(e[1], y), Math.max(e[2], x), Math.max(e[3], y)] : [x, y, x, y];
    } else c.forEach(visit);
  };
  for (const g of geometries) {
    if (g && g.type === 'GeometryCollection') g.geometries.forEach((part) => 'coordinates' in part && visit(part.coordinates));
    else if (g && 'coordinates' in g) visit(g.coordinates);
  }
  return e;
}

const within = (v: number, lo: number, hi: number) => v >= lo && v <= hi;
const box = (e: Extent, x: [number, number], y: [number, number]) =>
  within(e[0], ...x) && within(e[2], ...x) && within(e[1], ...y) && within(e[3], ...y);
const LNG: [number, number] = [CHINA_BBOX.west, CHINA_BBOX.east];
const LAT: [number, number] = [CHINA_BBOX.south, CHINA_BBOX.north];
/** Northings of China in metres (Gauss-Kruger and Web Mercator alike, roughly). */
const NORTHING: [number, number] = [400_000, 7_200_000];

/** The coordinate system numbers in this extent look like; `lng` places an unprefixed Gauss-Kruger zone. */
export function guessCrs(e: Extent, lng: number | null): ImportInspection['crsGuess'] {
  if (box(e, LNG, LAT)) return { crs: 'wgs84', reason: msg('import.crs_guess.lnglat') };
  if (box(e, LAT, LNG)) return { crs: 'wgs84', reason: msg('import.crs_guess.swapped') };
  if (box(e, [8_100_000, 15_100_000], NORTHING)) return { crs: 'EPSG:3857', reason: msg('import.crs_guess.web_mercator') };
  const zone = Math.floor(e[0] / 1_000_000);
  if (zone === Math.floor(e[2] / 1_000_000) && within(zone, 25, 45) && box(e, [zone * 1e6, zone * 1e6 + 999_999], NORTHING)) {
    return { crs: `EPSG:${4513 + zone - 25}`, reason: msg('import.crs_guess.gk_zone', { zone }) };
  }
  if (lng !== null && box(e, [100_000, 900_000], NORTHING)) {
    const meridian = Math.min(135, Math.max(75, Math.round(lng / 3) * 3));
    return {
      crs: `EPSG:${4534 + (meridian - 75) / 3}`,
      reason: msg('import.crs_guess.gk_cm', { zone: meridian / 3, meridian }),
    };
  }
  return null;
}

function geometryFits(layer: ImportLayerDef, types: string[]): boolean {
  if (layer.geometry === null) return types.length === 0;
  if (types.length === 0) return layer.geometryOptional === true;
  const ok: Record<NonNullable<ImportLayerDef['geometry']>, string[]> = {
    point: ['Point', 'MultiPoint'],
    line: ['LineString', 'MultiLineString'],
    polygon: ['Polygon', 'MultiPolygon', ...(layer.pointsAsFootprints ? ['Point'] : [])],
    multipolygon: ['Polygon', 'MultiPolygon'],
  };
  return types.every((t) => ok[layer.geometry!].includes(t));
}

function rankLayers(file: ParsedFile, types: string[]): ImportInspection['layers'] {
  const ranked = IMPORT_LAYER_IDS.map((id, order) => {
    const layer = importLayer(id);
    const choices = mappableFields(layer);
    const fields = Object.fromEntries(
      file.columns.map((col) => {
        const f = fieldForColumn(layer, col);
        return [col, f && !f.exportOnly ? f.column : null];
      }),
    );
    const recognised = new Set(Object.values(fields).filter((f) => f !== null)).size;
    const requiredMet = choices.filter((f) => f.required).every((f) => Object.values(fields).includes(f.column));
    const answer = {
      layer: id,
      geometryFits: geometryFits(layer, types),
      recognised,
      fields,
      choices: choices.map((f) => ({ field: f.column, required: f.required === true })),
    };
    return { answer, requiredMet, order };
  });
  ranked.sort(
    (a, b) =>
      Number(b.answer.geometryFits) - Number(a.answer.geometryFits) ||
      Number(b.requiredMet) - Number(a.requiredMet) ||
      b.answer.recognised - a.answer.recognised ||
      a.order - b.order,
  );
  return ranked.map((r) => r.answer);
}

/**
 * A GeoPackage's tables and the one to describe: the one asked for (422 on `table` when it has
 * none of that name), else its first feature table, else its first attribute table.
 */
async function describedTable(
  bytes: Uint8Array,
  table: string | undefined,
): Promise<{ parsed: { file?: ParsedFile; problems: Problem[] }; tables?: GeoPackageTableInfo[]; table?: string }> {
  const listed = await geoPackageTables(bytes);
  if (!listed.tables) return { parsed: { problems: listed.problems } };
  const tables = listed.tables;
  const names = tables.map((t) => t.name);
  const chosen = table === undefined ? (tables.find((t) => t.geometryColumn !== null) ?? tables[0]) : tables.find((t) => t.name === table);
  if (table !== undefined && !chosen) {
    const wrong = problem('import.gpkg_table_unknown', { table, names }, 'query.table');
    throw unprocessable(wrong.code, wrong.params, [wrong]);
  }
  const info = tables.map(({ name, geometryType, records, columns }) => ({ name, geometryType, records, columns }));
  if (!chosen) return { parsed: { problems: [problem('import.gpkg_no_features')] }, tables: info };
  const parsed = await parseGeoPackage(bytes, { table: chosen.name, spatial: chosen.geometryColumn !== null });
  return { parsed, tables: info, table: chosen.name };
}

async function parseAny(bytes: Uint8Array, format: Exclude<ImportFormat, 'gpkg'>) {
  switch (format) {
    case 'geojson':
      return parseGeoJson(new TextDecoder().decode(bytes));
    case 'csv':
      return parseCsv(bytes, true, true);
    case 'shapefile':
      return parseShapefile(bytes, undefined);
  }
}

/** Reads the file as the import would and describes it; a file that cannot be read is a 400 with its problems. */
export async function inspectFile(db: Db, bytes: Uint8Array, format: ImportFormat, table?: string): Promise<ImportInspection> {
  const gpkg = format === 'gpkg' ? await describedTable(bytes, table) : undefined;
  const parsed = gpkg ? gpkg.parsed : await parseAny(bytes, format as Exclude<ImportFormat, 'gpkg'>);
  if (!parsed.file) throw invalid('import.failed', { count: parsed.problems.length }, { problems: parsed.problems });
  const file = parsed.file;
  const geometries = file.records.map((r) => r.geometry);
  const types = [...new Set(geometries.flatMap((g) => (g ? [g.type] : [])))].sort();
  const extent = extentOf(geometries);
  const declared = file.declaredCrs !== undefined && parseCrs(file.declaredCrs) ? file.declaredCrs : null;
  let crsGuess: ImportInspection['crsGuess'] = null;
  if (declared) crsGuess = { crs: declared, reason: msg('import.crs_guess.declared', { crs: declared }) };
  else if (extent) crsGuess = guessCrs(extent, await db.withClient(installationLongitude));
  return {
    format,
    records: file.records.length,
    columns: file.columns,
    geometryTypes: types,
    extent: file.alreadyGeographic ? null : extent,
    declaredCrs: file.declaredCrs ?? null,
    crsGuess,
    ...(gpkg ? { tables: gpkg.tables, table: gpkg.table } : {}),
    layers: rankLayers(file, types),
  };
}
