/**
 * Per-layer rules that span fields of one record: codes derived from other codes (a building's
 * community is the first 12 digits of its code), prefixes that must agree, and ranges between
 * two fields. Each returns the problems it finds and fills derived values in place.
 */
import type { ImportLayerId } from './layers';
import type { Problem } from './types';
import type { Value } from './values';

type LocalProblem = Omit<Problem, 'feature' | 'row'>;
type Rule = (v: Record<string, Value>) => LocalProblem[];

/** Fills `column` from the key's prefix when blank; when given, it must equal that prefix. */
function prefixed(v: Record<string, Value>, column: string, prefix: string | undefined, what: string): LocalProblem[] {
  if (prefix === undefined) return [];
  if (v[column] === null || v[column] === undefined) {
    v[column] = prefix;
    return [];
  }
  return v[column] === prefix ? [] : [{ field: column, code: 'mismatch', message: `${what} "${String(v.code)}" does not start with ${column} ${String(v[column])}` }];
}

const codePrefix = (v: Record<string, Value>, length: number) =>
  typeof v.code === 'string' && v.code.length >= length ? v.code.slice(0, length) : undefined;

const RULES: Record<ImportLayerId, Rule> = {
  communities: (v) => {
    const out = prefixed(v, 'town_code', codePrefix(v, 9), 'community code');
    const min = v.min_households_per_cell;
    const max = v.max_households_per_cell;
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      out.push({ field: 'max_households_per_cell', code: 'invalid_value', message: `max_households_per_cell ${max} is below min_households_per_cell ${min}` });
    }
    return out;
  },
  compounds: (v) => prefixed(v, 'community_code', codePrefix(v, 12), 'compound code'),
  buildings: (v) => {
    const out = prefixed(v, 'community_code', codePrefix(v, 12), 'building code');
    const compound = v.compound_code;
    if (typeof compound === 'string' && typeof v.community_code === 'string' && !compound.startsWith(`${v.community_code}-`)) {
      out.push({ field: 'compound_code', code: 'mismatch', message: `compound ${compound} is not in community ${v.community_code}` });
    }
    return out;
  },
  facilities: () => [],
  options: (v) => {
    const area = v.area_m2;
    const released = v.released_area_m2;
    if (typeof area === 'number' && typeof released === 'number' && released >= area) {
      return [{ field: 'released_area_m2', code: 'invalid_value', message: `released_area_m2 ${released} must be below area_m2 ${area} (a swap must gain space)` }];
    }
    return [];
  },
  people: () => [],
};

export function applyRules(layer: ImportLayerId, values: Record<string, Value>): LocalProblem[] {
  return RULES[layer](values);
}
