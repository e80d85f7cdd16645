/**
 * A user's column mapping: which layer field each file column feeds, over the names and aliases
 * the layer knows (a header the aliases miss, or two columns that both look like a code). Given
 * as JSON `{fileColumn: field}`; "" leaves a column out.
 */
import { columnMapping, type ColumnMapping } from '../contract/io';
import type { FieldProblem } from '../contract/common';
import { msg } from '../contract/messages';
import type { FieldDef, ImportLayerDef } from './layers';

/** The fields a file column may feed (export-only ones are set by workflows, never imported). */
export const mappableFields = (layer: ImportLayerDef): FieldDef[] => layer.fields.filter((f) => !f.exportOnly);

/** The field a mapping entry names; undefined for "" (ignore the column). */
export function mappedField(layer: ImportLayerDef, field: string): FieldDef | undefined {
  return field === '' ? undefined : mappableFields(layer).find((f) => f.column === field);
}

/** Reads the `columns` parameter for a layer: the mapping, or the problems naming each bad entry. */
export function readColumnMapping(
  layer: ImportLayerDef,
  text: string,
): { ok: true; mapping: ColumnMapping } | { ok: false; problems: FieldProblem[] } {
  const field = 'query.columns';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ field, ...msg('import.columns_not_json', { detail: (err as Error).message }) }] };
  }
  const parsed = columnMapping.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: [{ field, ...msg('import.columns_not_json', { detail: parsed.error.issues[0].message }) }] };
  }
  const problems: FieldProblem[] = [];
  const fields = mappableFields(layer).map((f) => f.column);
  const firstFor = new Map<string, string>();
  for (const [column, target] of Object.entries(parsed.data)) {
    if (target === '') continue;
    if (!fields.includes(target)) {
      problems.push({
        field: `${field}.${column}`,
        ...msg('import.columns_unknown_field', { column, field: target, layer: layer.id, fields }),
      });
    } else if (firstFor.has(target)) {
      problems.push({
        field: `${field}.${column}`,
        ...msg('import.columns_field_twice', { first: firstFor.get(target)!, second: column, field: target }),
      });
    } else firstFor.set(target, column);
  }
  return problems.length ? { ok: false, problems } : { ok: true, mapping: parsed.data };
}
