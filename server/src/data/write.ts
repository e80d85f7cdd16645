/**
 * Writes a validated import on the caller's transaction: new records are inserted, existing ones
 * (same code, or same id) updated only where something differs, with their version bumped so an
 * editor holding the old version gets a 409. Column names come from the layer allow-list only.
 */
import type { Queryable } from '../db/pool';
import { rebuildAtomsInBatches } from '../db/atoms';
import { followBoundaryChange } from '../db/grid-reassign';
import { countySourceColumn, isDistributed } from '../db/distribution';
import { ensureTowns, redrawTownOutlines } from '../db/divisions';
import type { FieldDef, ImportLayerDef } from './layers';
import type { ImportProgress } from './import';
import type { ImportCounts } from './types';
import type { ValidRow, Validation } from './validate';

const CHUNK = 1000;

const SQL_TYPE: Record<FieldDef['kind'], string> = { text: 'text', enum: 'text', int: 'int', float: 'float8', bool: 'boolean' };

function geometryExpr(layer: ImportLayerDef): string {
  const g = `ST_GeomFromEWKB(decode(r.ewkb, 'hex'))`;
  return layer.geometry === 'multipolygon' ? `ST_Multi(${g})` : g;
}

/** `r(col type, …)` for jsonb_to_recordset over the rows' values. */
function recordType(layer: ImportLayerDef, fields: FieldDef[], withId: boolean): string {
  const cols = fields.map((f) => `${f.column} ${SQL_TYPE[f.kind]}`);
  if (withId) cols.unshift('id bigint');
  if (layer.geometry) cols.push('ewkb text');
  return `r(${cols.join(', ')})`;
}

function payload(layer: ImportLayerDef, rows: ValidRow[], fields: FieldDef[], withId: boolean): string {
  return JSON.stringify(
    rows.map((row) => {
      const o: Record<string, unknown> = {};
      if (withId) o.id = Number(row.key);
      for (const f of fields) o[f.column] = row.values[f.column];
      if (layer.geometry) o.ewkb = row.ewkb;
      return o;
    }),
  );
}

/**
 * Inserts rows a thousand at a time into `target` (the layer's table, or an import's staging
 * table shaped like it), naming the county each row belongs to.
 */
export async function insertRows(
  c: Queryable,
  layer: ImportLayerDef,
  rows: ValidRow[],
  fields: FieldDef[],
  written: (done: number) => void,
  target: string = layer.table,
): Promise<void> {
  const cols = fields.map((f) => f.column);
  const targets = layer.geometry ? [...cols, 'geom'] : [...cols];
  const sources = cols.map((col) => `r.${col}`);
  if (layer.geometry) sources.push(geometryExpr(layer));
  // A sharded database places each row by the county it names (docs/citus.sql).
  const countyFrom = countySourceColumn(layer.table);
  if (countyFrom && cols.includes(countyFrom)) {
    targets.push('county_code');
    sources.push(`left(r.${countyFrom}, 6)`);
  }
  const sql = `INSERT INTO ${target} (${targets.join(', ')})
               SELECT ${sources.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS ${recordType(layer, fields, false)}`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await c.query(sql, [payload(layer, rows.slice(i, i + CHUNK), fields, false)]);
    written(Math.min(rows.length, i + CHUNK));
  }
}

/**
 * What an update of the layer's rows from `source` (a relation `r` with the fields and `new_geom`)
 * sets, and the row values compared before and after: a row is changed only where they differ.
 */
export function updateParts(layer: ImportLayerDef, fields: FieldDef[]): { sets: string[]; differs: string } {
  const sets = fields.filter((f) => f.column !== layer.key).map((f) => `${f.column} = r.${f.column}`);
  const before = fields.map((f) => `t.${f.column}`);
  const after = fields.map((f) => `r.${f.column}`);
  if (layer.geometry) {
    // a record without its optional geometry keeps the outline it has
    const geom = layer.geometryOptional ? 'coalesce(r.new_geom, t.geom)' : 'r.new_geom';
    sets.push(`geom = ${geom}`);
    before.push('ST_AsGeoJSON(ST_ForcePolygonCCW(t.geom), 9)');
    after.push(`ST_AsGeoJSON(${geom}, 9)`);
  }
  return {
    sets: [...sets, 'version = t.version + 1', 'updated_at = now()'],
    differs: `(${before.join(', ')}) IS DISTINCT FROM (${after.join(', ')})`,
  };
}

/**
 * Each row names its county (codes begin with it; a person or an option names its community):
 * its update goes to that county's node only.
 */
export function sameCountyOf(layer: ImportLayerDef, fields: readonly FieldDef[]): string {
  const countyFrom = countySourceColumn(layer.table);
  return isDistributed(layer.table) && countyFrom && fields.some((f) => f.column === countyFrom)
    ? ` AND t.county_code = left(r.${countyFrom}, 6)`
    : '';
}

/** Updates rows that differ; returns the keys actually changed. */
async function updateRows(c: Queryable, layer: ImportLayerDef, rows: ValidRow[], fields: FieldDef[]): Promise<string[]> {
  const withId = layer.key === 'id';
  const { sets, differs } = updateParts(layer, fields);
  const source = layer.geometry
    ? `(SELECT r.*, ${geometryExpr(layer)} AS new_geom FROM jsonb_to_recordset($1::jsonb) AS ${recordType(layer, fields, withId)}) r`
    : `jsonb_to_recordset($1::jsonb) AS ${recordType(layer, fields, withId)}`;
  const sql = `UPDATE ${layer.table} t SET ${sets.join(', ')}
                 FROM ${source}
                WHERE t.${layer.key} = r.${layer.key}${sameCountyOf(layer, fields)}
                  AND ${differs}
               RETURNING t.${layer.key}::text AS key`;
  const changed: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const { rows: out } = await c.query<{ key: string }>(sql, [payload(layer, rows.slice(i, i + CHUNK), fields, withId)]);
    changed.push(...out.map((r) => r.key));
  }
  return changed;
}

/**
 * Applies the import; for buildings and communities rebuilds the atoms of the communities touched,
 * and for communities redraws their published cells from the new atoms.
 */
export async function writeImport(
  c: Queryable,
  layer: ImportLayerDef,
  v: Validation,
  opts: { rebuild: boolean; progress?: (p: ImportProgress) => void },
): Promise<ImportCounts> {
  const progress = opts.progress ?? (() => undefined);
  const fresh = v.rows.filter((r) => r.key === null || !v.existing.has(r.key));
  const known = v.rows.filter((r) => r.key !== null && v.existing.has(r.key));
  const stored = v.fields.filter((f) => !f.transient);
  const towns =
    layer.id === 'communities'
      ? await ensureTowns(
          c,
          v.rows.map((r) => ({ town_code: String(r.values.town_code), ewkb: r.ewkb })),
        )
      : [];
  progress({ stage: 'write', done: 0, total: v.rows.length });
  await insertRows(c, layer, fresh, stored, (done) => progress({ stage: 'write', done, total: v.rows.length }));
  const changed = new Set(known.length ? await updateRows(c, layer, known, stored) : []);
  if (towns.length) await redrawTownOutlines(c, towns);
  if (opts.rebuild && (layer.id === 'buildings' || layer.id === 'communities')) {
    const column = layer.id === 'communities' ? 'code' : 'community_code';
    const touched = [...fresh, ...known.filter((r) => changed.has(r.key!))].map((r) => String(r.values[column]));
    const communities = [...new Set(touched)].sort();
    progress({ stage: 'atoms', done: 0, total: communities.length });
    await rebuildAtomsInBatches(c, communities, (done, total) => progress({ stage: 'atoms', done, total }));
    // Published cells are drawn from the atoms: they follow a community's new outline. New or
    // moved buildings join a published plan only through a new plan's approval, not an import.
    if (layer.id === 'communities') await followBoundaryChange(c, communities);
  }
  return { records: v.rows.length, inserted: fresh.length, updated: changed.size, unchanged: known.length - changed.size };
}
