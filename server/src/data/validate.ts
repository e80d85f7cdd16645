/**
 * Validates a parsed file for a layer before anything is written, collecting every problem with
 * the feature/row it came from: columns, values, codes and their prefixes, duplicates in the file
 * and against the database, references to records that don't exist, and geometry (type,
 * coordinates, vertex cap, then validity and reprojection in PostGIS).
 */
import type { Geometry } from 'geojson';
import type { Queryable } from '../db/pool';
import { buildingCommunities, checkGeometries, existingCodes, existingIds, storedCellRanges } from '../db/io';
import { crsName, transformSrid, type Crs } from './crs';
import { checkGeometry } from './geometry';
import type { ColumnMapping } from '../contract/io';
import { mappedField } from './column-mapping';
import { fieldForColumn, type FieldDef, type ImportLayerDef } from './layers';
import { applyRules } from './rules';
import { at, note, problem, type ImportMode, type Note, type ParsedFile, type Problem, type RecordRef } from './types';
import { readValue, type Value } from './values';

export interface ValidRow {
  ref: RecordRef;
  /** The code, or the id as text; null for a new id-keyed record. */
  key: string | null;
  values: Record<string, Value>;
  /** WGS84 geometry as hex EWKB (spatial layers). */
  ewkb: string | null;
}

export interface Validation {
  rows: ValidRow[];
  /** Fields to write (present in the file, or derived), excluding the serial id. */
  fields: FieldDef[];
  /** Keys of rows that already exist in the database. */
  existing: Set<string>;
  problems: Problem[];
  notes: Note[];
}

function mapColumns(
  layer: ImportLayerDef,
  columns: string[],
  problems: Problem[],
  notes: Note[],
  chosen: ColumnMapping = {},
): Map<FieldDef, string> {
  const mapped = new Map<FieldDef, string>();
  const ignored: string[] = [];
  for (const col of Object.keys(chosen))
    if (!columns.includes(col)) problems.push(problem('import.mapped_column_absent', { column: col }, col));
  for (const col of columns) {
    const field = Object.hasOwn(chosen, col) ? mappedField(layer, chosen[col]) : fieldForColumn(layer, col);
    if (!field) ignored.push(col);
    else if (field.exportOnly) continue;
    else if (mapped.has(field))
      problems.push(problem('import.column_twice', { first: mapped.get(field)!, second: col, column: field.column }, col));
    else mapped.set(field, col);
  }
  if (ignored.length) notes.push(note('import.note.ignored_columns', { layer: layer.id, columns: ignored }));
  for (const f of layer.fields) {
    if (f.required && !mapped.has(f)) problems.push(problem('import.column_missing', { column: f.column }, f.column));
  }
  return mapped;
}

/** The problem for a key seen before in the same file, pointing at the first occurrence. */
export const duplicate = (column: string, value: string, first: RecordRef, field: string) =>
  'row' in first
    ? problem('import.duplicate_row', { column, value, first: first.row }, field)
    : problem('import.duplicate_feature', { column, value, first: first.feature }, field);

export async function validateFile(
  c: Queryable,
  layer: ImportLayerDef,
  file: ParsedFile,
  crs: Crs,
  mode: ImportMode,
  columns?: ColumnMapping,
): Promise<Validation> {
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const mapped = mapColumns(layer, file.columns, problems, notes, columns);
  const fieldName = (column: string) => [...mapped].find(([f]) => f.column === column)?.[1] ?? column;
  const rows: ValidRow[] = [];
  const geometries: [number, Geometry][] = [];
  const firstSeen = new Map<string, RecordRef>();

  file.records.forEach((rec, index) => {
    const values: Record<string, Value> = {};
    for (const [field, col] of mapped) {
      const r = readValue(field, rec.props[col]);
      if (r.ok) values[field.column] = r.value;
      else problems.push(at(rec.ref, problem(r.code, r.params, col)));
    }
    for (const f of layer.fields) if (f.derived && values[f.column] === undefined) values[f.column] = null;
    problems.push(...applyRules(layer.id, values).map((p) => at(rec.ref, { ...p, field: p.field && fieldName(p.field) })));

    const keyValue = values[layer.key];
    const key = keyValue === null || keyValue === undefined ? null : String(keyValue);
    if (key !== null) {
      const first = firstSeen.get(key);
      if (first) problems.push(at(rec.ref, duplicate(layer.key, key, first, fieldName(layer.key))));
      else firstSeen.set(key, rec.ref);
    }
    if (layer.geometry) {
      if (rec.geometryError) problems.push(at(rec.ref, rec.geometryError));
      else if (!rec.geometry && layer.geometryOptional) {
        // known by code and name only
      } else {
        const g = checkGeometry(layer, rec.geometry, crs, file.alreadyGeographic ?? false);
        if (g.geometry) geometries.push([index, g.geometry]);
        problems.push(...g.problems.map((p) => at(rec.ref, p)));
      }
    }
    rows.push({ ref: rec.ref, key, values, ewkb: null });
  });

  const srid = file.alreadyGeographic ? 4326 : (transformSrid(crs) ?? 4326);
  for (const v of await checkGeometries(c, geometries, srid)) {
    const row = rows[v.i];
    if (v.error !== undefined) {
      const why =
        srid === 4326
          ? problem('import.geometry_unreadable', { detail: v.error })
          : problem('import.transform_failed', { crs: crsName(crs), detail: v.error });
      problems.push(at(row.ref, { ...why, field: 'geometry' }));
    } else if (v.outOfRange) {
      problems.push(at(row.ref, problem('import.outside_after_transform', { crs: crsName(crs) }, 'geometry')));
    } else if (!v.valid) {
      const location: [number, number] | undefined =
        v.x !== null && v.y !== null ? [Number(v.x.toFixed(7)), Number(v.y.toFixed(7))] : undefined;
      const reason = v.reason ?? '';
      const invalid = location
        ? { ...problem('import.invalid_geometry', { reason, lng: location[0], lat: location[1] }, 'geometry'), location }
        : problem('import.invalid_geometry_somewhere', { reason }, 'geometry');
      problems.push(at(row.ref, invalid));
    } else row.ewkb = v.ewkb;
  }

  const existing = await checkReferences(c, layer, rows, mode, problems, fieldName);
  const fields = layer.fields.filter((f) => f.column !== 'id' && (mapped.has(f) || f.derived));
  if (layer.id === 'communities') await checkStoredRange(c, rows, existing, new Set(fields.map((f) => f.column)), problems, fieldName);
  return { rows, fields, existing, problems, notes };
}

/**
 * A file that gives a stored community only one end of its households-per-cell range keeps the
 * other end as stored: the two must still make a range (as the row rule checks when both are given).
 */
async function checkStoredRange(
  c: Queryable,
  rows: ValidRow[],
  existing: Set<string>,
  written: Set<string>,
  problems: Problem[],
  fieldName: (column: string) => string,
): Promise<void> {
  const MIN = 'min_households_per_cell';
  const MAX = 'max_households_per_cell';
  if (written.has(MIN) === written.has(MAX)) return;
  const stored = await storedCellRanges(
    c,
    rows.map((r) => r.key).filter((k): k is string => k !== null && existing.has(k)),
  );
  for (const row of rows) {
    const was = row.key === null ? undefined : stored.get(row.key);
    if (!was) continue;
    const min = written.has(MIN) ? row.values[MIN] : was.min;
    const max = written.has(MAX) ? row.values[MAX] : was.max;
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      problems.push(at(row.ref, problem('import.max_below_min', { min, max }, fieldName(written.has(MIN) ? MIN : MAX))));
  }
}

/** Keys against the database (per mode), and every code the rows refer to. */
async function checkReferences(
  c: Queryable,
  layer: ImportLayerDef,
  rows: ValidRow[],
  mode: ImportMode,
  problems: Problem[],
  fieldName: (column: string) => string,
): Promise<Set<string>> {
  const keys = rows.map((r) => r.key).filter((k): k is string => k !== null);
  const existing =
    layer.key === 'id'
      ? await existingIds(c, layer.table as 'facility' | 'person', keys.map(Number))
      : await existingCodes(c, layer.table as 'community' | 'compound' | 'building' | 'facility_option' | 'division', keys);
  for (const row of rows) {
    if (row.key === null) continue;
    if (layer.key === 'id' && !existing.has(row.key)) {
      problems.push(at(row.ref, problem('import.unknown_id', { table: layer.table, id: row.key }, fieldName('id'))));
    } else if (mode === 'insert' && existing.has(row.key)) {
      problems.push(at(row.ref, problem('import.exists', { column: layer.key, value: row.key }, fieldName(layer.key))));
    }
  }
  // A community's town need not exist: it is made from the community's code (data/divisions.ts).
  const refs: [column: string, table: 'community' | 'compound' | 'building'][] = [
    ['community_code', 'community'],
    ['compound_code', 'compound'],
    ['home_building_code', 'building'],
  ];
  for (const [column, table] of refs) {
    if (!layer.fields.some((f) => f.column === column)) continue;
    const codes = [...new Set(rows.map((r) => r.values[column]).filter((v): v is string => typeof v === 'string'))];
    const homes = table === 'building' ? await buildingCommunities(c, codes) : undefined;
    const found = homes ? new Set(homes.keys()) : await existingCodes(c, table, codes);
    for (const row of rows) {
      const code = row.values[column];
      if (typeof code !== 'string') continue;
      if (!found.has(code)) {
        problems.push(at(row.ref, problem('import.unknown_reference', { column, value: code, table }, fieldName(column))));
      } else if (homes && homes.get(code) !== row.values.community_code) {
        // as the people API: a person's home building lies in their community
        problems.push(
          at(
            row.ref,
            problem(
              'import.home_other_community',
              { building: code, buildingCommunity: homes.get(code)!, community: String(row.values.community_code) },
              fieldName(column),
            ),
          ),
        );
      }
    }
  }
  return existing;
}
