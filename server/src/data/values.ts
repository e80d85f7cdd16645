/**
 * Reads one attribute value for a field from whatever the file held (GeoJSON number/string/bool,
 * CSV text, DBF number or text) into the stored type, or says what is wrong with it.
 */
import type { FieldDef } from './layers';
import type { MessageCode, MessageParams } from '../contract/messages';

export type Value = string | number | boolean | null;
export type ValueResult = { ok: true; value: Value; blank: boolean } | { ok: false; code: MessageCode; params: MessageParams };

const TRUE = new Set(['true', 't', '1', 'yes', 'y', '是', '√']);
const FALSE = new Set(['false', 'f', '0', 'no', 'n', '否', '×']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// CSV exports prefix text starting with a formula character with `'` so Excel shows it as text.
const FORMULA_GUARD = /^'[=+\-@\t\r]/;

function isBlank(raw: unknown): boolean {
  return (
    raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (typeof raw === 'number' && Number.isNaN(raw))
  );
}

function fail(code: MessageCode, params: MessageParams): ValueResult {
  return { ok: false, code, params };
}

function asText(f: FieldDef, raw: unknown): ValueResult {
  let text: string;
  if (typeof raw === 'number') {
    // Codes are text; a number has lost leading zeros or, past 2^53, digits.
    if (f.pattern && !Number.isSafeInteger(raw)) return fail('import.number_not_exact', { column: f.column });
    text = String(raw);
  } else if (typeof raw === 'string') {
    text = raw.trim();
    if (FORMULA_GUARD.test(text)) text = text.slice(1);
  } else if (typeof raw === 'boolean') {
    text = String(raw);
  } else {
    return fail('import.not_text', { column: f.column });
  }
  if (f.maxLength && text.length > f.maxLength) return fail('import.too_long', { column: f.column, maxLength: f.maxLength });
  if (f.pattern && !f.pattern.test(text)) return fail('import.code_format', { column: f.column, value: text, example: f.example ?? '' });
  return { ok: true, value: text, blank: false };
}

function asNumber(f: FieldDef, raw: unknown): ValueResult {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && NUMBER.test(raw.trim())) n = Number(raw.trim());
  else return fail('import.not_number', { column: f.column, value: String(raw) });
  if (!Number.isFinite(n)) return fail('import.not_finite', { column: f.column });
  if (f.kind === 'int' && !Number.isInteger(n)) return fail('import.not_integer', { column: f.column, value: n });
  if (f.min !== undefined && (n < f.min || (f.minExclusive && n === f.min))) {
    if (f.min === 0 && n < 0) return fail('import.negative', { column: f.column, value: n });
    return fail(f.minExclusive ? 'import.not_above_minimum' : 'import.below_minimum', { column: f.column, minimum: f.min, value: n });
  }
  if (f.max !== undefined && n > f.max) return fail('import.above_maximum', { column: f.column, maximum: f.max, value: n });
  return { ok: true, value: n, blank: false };
}

function asBool(f: FieldDef, raw: unknown): ValueResult {
  if (typeof raw === 'boolean') return { ok: true, value: raw, blank: false };
  const t = String(raw).trim().toLowerCase();
  if (TRUE.has(t)) return { ok: true, value: true, blank: false };
  if (FALSE.has(t)) return { ok: true, value: false, blank: false };
  return fail('import.not_boolean', { column: f.column, value: String(raw) });
}

function asEnum(f: FieldDef, raw: unknown): ValueResult {
  const t = String(raw).trim();
  const code = f.values?.[t] ?? f.values?.[t.toLowerCase()];
  if (code === undefined) {
    const allowed = [...new Set(Object.values(f.values ?? {}))];
    return fail('import.not_in_list', { column: f.column, value: t, allowed });
  }
  return { ok: true, value: code, blank: false };
}

// OSMnx writes merged edges' attributes as Python lists: "['secondary', 'primary']", "[2, 3]".
const PYTHON_LIST = /^\[(.*)\]$/s;
const LIST_ITEM = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([^,\s][^,]*)/g;

/** The values of a list-valued cell: a JSON array, a Python list literal, or OSM's `a;b`. */
export function listItems(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string') return [raw];
  const text = raw.trim();
  const list = PYTHON_LIST.exec(text);
  if (list) return [...list[1].matchAll(LIST_ITEM)].map((m) => (m[1] ?? m[2] ?? m[3]).trim());
  return text.split(';').map((s) => s.trim());
}

function readList(f: FieldDef, raw: unknown): ValueResult {
  const values: Value[] = [];
  for (const item of listItems(raw)) {
    // OSM's oneway=-1 is one way against the drawing direction: still one way
    const r = readValue({ ...f, list: false }, f.kind === 'bool' && item === '-1' ? true : item);
    if (!r.ok) return r;
    if (!r.blank && r.value !== null && !values.includes(r.value)) values.push(r.value);
  }
  if (values.length === 0) return readValue({ ...f, list: false }, null);
  let value: Value;
  if (f.kind === 'int' || f.kind === 'float') value = Math.max(...(values as number[]));
  else if (f.kind === 'bool') value = values.includes(true);
  else value = values.join(';');
  if (typeof value === 'string' && f.maxLength && value.length > f.maxLength)
    return fail('import.too_long', { column: f.column, maxLength: f.maxLength });
  return { ok: true, value, blank: false };
}

/** The stored value for `raw`; a blank cell gives the field's blank value (or null). */
export function readValue(f: FieldDef, raw: unknown): ValueResult {
  if (f.list && !isBlank(raw)) return readList(f, raw);
  if (isBlank(raw)) {
    if (f.required) return fail('import.required', { column: f.column });
    return { ok: true, value: f.blank ?? null, blank: true };
  }
  switch (f.kind) {
    case 'text':
      return asText(f, raw);
    case 'int':
    case 'float':
      return asNumber(f, raw);
    case 'bool':
      return asBool(f, raw);
    case 'enum':
      return asEnum(f, raw);
  }
}
