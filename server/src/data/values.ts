/**
 * Reads one attribute value for a field from whatever the file held (GeoJSON number/string/bool,
 * CSV text, DBF number or text) into the stored type, or says what is wrong with it.
 */
import type { FieldDef } from './layers';
import type { ProblemCode } from './types';

export type Value = string | number | boolean | null;
export type ValueResult = { ok: true; value: Value; blank: boolean } | { ok: false; code: ProblemCode; message: string };

const TRUE = new Set(['true', 't', '1', 'yes', 'y', '是', '√']);
const FALSE = new Set(['false', 'f', '0', 'no', 'n', '否', '×']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// CSV exports prefix text starting with a formula character with `'` so Excel shows it as text.
const FORMULA_GUARD = /^'[=+\-@\t\r]/;

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (typeof raw === 'number' && Number.isNaN(raw));
}

function fail(code: ProblemCode, message: string): ValueResult {
  return { ok: false, code, message };
}

function asText(f: FieldDef, raw: unknown): ValueResult {
  let text: string;
  if (typeof raw === 'number') {
    // Codes are text; a number has lost leading zeros or, past 2^53, digits.
    if (f.pattern && !Number.isSafeInteger(raw)) return fail('code_format', `${f.column} is a number too large to be exact; store codes as text`);
    text = String(raw);
  } else if (typeof raw === 'string') {
    text = raw.trim();
    if (FORMULA_GUARD.test(text)) text = text.slice(1);
  } else if (typeof raw === 'boolean') {
    text = String(raw);
  } else {
    return fail('invalid_value', `${f.column} must be text`);
  }
  if (f.maxLength && text.length > f.maxLength) return fail('invalid_value', `${f.column} is longer than ${f.maxLength} characters`);
  if (f.pattern && !f.pattern.test(text)) return fail('code_format', `${f.column} "${text}" is not ${f.patternHint ?? 'in the expected format'}`);
  return { ok: true, value: text, blank: false };
}

function asNumber(f: FieldDef, raw: unknown): ValueResult {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && NUMBER.test(raw.trim())) n = Number(raw.trim());
  else return fail('invalid_value', `${f.column} must be a number, got ${JSON.stringify(raw)}`);
  if (!Number.isFinite(n)) return fail('invalid_value', `${f.column} must be a finite number`);
  if (f.kind === 'int' && !Number.isInteger(n)) return fail('invalid_value', `${f.column} must be a whole number, got ${n}`);
  if (f.min !== undefined && (n < f.min || (f.minExclusive && n === f.min))) {
    const code: ProblemCode = f.min === 0 && n < 0 ? 'negative' : 'out_of_range';
    return fail(code, `${f.column} must be ${f.minExclusive ? 'greater than' : 'at least'} ${f.min}, got ${n}`);
  }
  if (f.max !== undefined && n > f.max) return fail('out_of_range', `${f.column} must be at most ${f.max}, got ${n}`);
  return { ok: true, value: n, blank: false };
}

function asBool(f: FieldDef, raw: unknown): ValueResult {
  if (typeof raw === 'boolean') return { ok: true, value: raw, blank: false };
  const t = String(raw).trim().toLowerCase();
  if (TRUE.has(t)) return { ok: true, value: true, blank: false };
  if (FALSE.has(t)) return { ok: true, value: false, blank: false };
  return fail('invalid_value', `${f.column} must be true or false, got ${JSON.stringify(raw)}`);
}

function asEnum(f: FieldDef, raw: unknown): ValueResult {
  const t = String(raw).trim();
  const code = f.values?.[t] ?? f.values?.[t.toLowerCase()];
  if (code === undefined) {
    const allowed = [...new Set(Object.values(f.values ?? {}))].join(', ');
    return fail('invalid_value', `${f.column} "${t}" is not one of ${allowed}`);
  }
  return { ok: true, value: code, blank: false };
}

/** The stored value for `raw`; a blank cell gives the field's blank value (or null). */
export function readValue(f: FieldDef, raw: unknown): ValueResult {
  if (isBlank(raw)) {
    if (f.required) return fail('required', `${f.column} is required`);
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
