/**
 * An import by a scoped account writes nothing outside its scope: every record's community (or,
 * for communities and divisions, its own code; for roads, its town) must lie inside it, and so
 * must the record a row updates, so a file cannot move another scope's record into its own.
 */
import type { Queryable } from '../db/pool';
import { storedCodes } from '../db/scope';
import { requireImportInScope, type ImportedCode, type Scope } from '../domain/access/scope';
import type { ImportLayerDef } from './layers';
import type { Validation } from './validate';

/** The column that places a layer's record in a scope. */
function scopeColumn(layer: ImportLayerDef): string {
  if (layer.table === 'community' || layer.table === 'division') return 'code';
  if (layer.table === 'road') return 'town_code';
  return 'community_code';
}

/** Throws 403 (scope.row_outside / scope.feature_outside, every such record in details) unless the file stays inside `scope`. */
export async function requireFileInScope(c: Queryable, layer: ImportLayerDef, v: Validation, scope: Scope): Promise<void> {
  if (scope === null) return;
  const column = scopeColumn(layer);
  const updated = v.rows.flatMap((r) => (r.key !== null && v.existing.has(r.key) ? [r.key] : []));
  const stored = await storedCodes(c, layer.table, layer.key, column, updated);
  const codes: ImportedCode[] = [];
  for (const r of v.rows) {
    const value = r.values[column];
    const own = typeof value === 'string' ? [value] : [];
    const before = r.key === null ? undefined : stored.get(r.key);
    for (const code of before === undefined ? own : [...own, before]) codes.push({ ...r.ref, field: column, code });
  }
  requireImportInScope(scope, codes);
}
