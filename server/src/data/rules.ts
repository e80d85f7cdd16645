/**
 * Per-layer rules that span fields of one record: codes derived from other codes (a building's
 * community is the first 12 digits of its code), prefixes that must agree, and ranges between
 * two fields. Each returns the problems it finds and fills derived values in place.
 */
import { divisionCode, parentDivision, type DivisionLevel } from './division-codes';
import type { ImportLayerId } from './layers';
import { problem, type LocalProblem } from './types';
import type { Value } from './values';

type Rule = (v: Record<string, Value>) => LocalProblem[];

/** Fills `column` from the key's prefix when blank; when given, it must equal that prefix. */
function prefixed(v: Record<string, Value>, column: string, prefix: string | undefined): LocalProblem[] {
  if (prefix === undefined) return [];
  if (v[column] === null || v[column] === undefined) {
    v[column] = prefix;
    return [];
  }
  return v[column] === prefix
    ? []
    : [problem('import.prefix_mismatch', { code: String(v.code), column, value: String(v[column]) }, column)];
}

const codePrefix = (v: Record<string, Value>, length: number) =>
  typeof v.code === 'string' && v.code.length >= length ? v.code.slice(0, length) : undefined;

const RULES: Record<ImportLayerId, Rule> = {
  communities: (v) => {
    const out = prefixed(v, 'town_code', codePrefix(v, 9));
    const min = v.min_households_per_cell;
    const max = v.max_households_per_cell;
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      out.push(problem('import.max_below_min', { min, max }, 'max_households_per_cell'));
    }
    return out;
  },
  compounds: (v) => prefixed(v, 'community_code', codePrefix(v, 12)),
  buildings: (v) => {
    const out = prefixed(v, 'community_code', codePrefix(v, 12));
    const compound = v.compound_code;
    if (typeof compound === 'string' && typeof v.community_code === 'string' && !compound.startsWith(`${v.community_code}-`)) {
      out.push(problem('import.compound_other_community', { compound, community: v.community_code }, 'compound_code'));
    }
    return out;
  },
  facilities: () => [],
  options: (v) => {
    const area = v.area_m2;
    const released = v.released_area_m2;
    if (typeof area === 'number' && typeof released === 'number' && released >= area) {
      return [problem('import.released_not_below_area', { released, area }, 'released_area_m2')];
    }
    return [];
  },
  people: () => [],
  divisions: (v) => {
    if (typeof v.code !== 'string') return [];
    const stated = typeof v.level === 'string' ? (v.level as DivisionLevel) : undefined;
    const read = divisionCode(v.code, stated);
    if (!read) return [problem('import.division_level_mismatch', { code: v.code, level: stated ?? '' }, stated ? 'level' : 'code')];
    v.code = read.code;
    v.level = read.level;
    return prefixed(v, 'parent_code', parentDivision(read.code) ?? undefined);
  },
  roads: () => [],
};

export function applyRules(layer: ImportLayerId, values: Record<string, Value>): LocalProblem[] {
  return RULES[layer](values);
}
