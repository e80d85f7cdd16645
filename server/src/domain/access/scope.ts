/**
 * An account's data scope (issue 14): a city, county, town or community code prefix, or null for
 * the whole installation. A community belongs to a scope when its code starts with it; every
 * list, tile and report of a scoped account holds only such communities, and a write elsewhere is
 * refused (403, not 404, so the answer does not depend on whether the thing exists).
 */
import { forbidden } from '../errors';

/** null: the whole installation. */
export type Scope = string | null;

/** The digit counts a scope may have: city, county, town, community. */
export const SCOPE_CODE_PATTERN = /^([0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$/;

/** Whether `code` (a community, building, cell or division code) lies inside `scope`. */
export function inScope(scope: Scope, code: string): boolean {
  return scope === null || code.startsWith(scope);
}

/** Throws scope.outside (403) unless `code` lies inside `scope`. */
export function requireInScope(scope: Scope, code: string): void {
  if (!inScope(scope, code)) throw forbidden('scope.outside', { code, scope: scope ?? '' });
}

/** A row (CSV, spreadsheet row numbers) or feature (GeoJSON and the like, from 0) of an imported file naming `code` in `field`. */
export interface ImportedCode {
  row?: number;
  feature?: number;
  field: string;
  code: string;
}

/**
 * Throws scope.row_outside / scope.feature_outside (403), naming the first such row or feature and
 * listing them all in details, unless every code lies inside `scope`: an import writes nothing
 * outside the account's scope, and refuses the whole file rather than part of it.
 */
export function requireImportInScope(scope: Scope, codes: readonly ImportedCode[]): void {
  if (scope === null) return;
  const outside = codes.filter((c) => !inScope(scope, c.code));
  if (outside.length === 0) return;
  const [first] = outside;
  const problems = outside.map((o) => ({ ...o, code: 'scope.outside', params: { code: o.code, scope } }));
  if (first.feature !== undefined)
    throw forbidden('scope.feature_outside', { feature: first.feature, code: first.code, scope, count: outside.length }, { problems });
  throw forbidden('scope.row_outside', { row: first.row ?? 0, code: first.code, scope, count: outside.length }, { problems });
}

/**
 * Whether a record made for scope `own` (null = the whole installation), such as a facility
 * scenario, concerns the account's `scope`: one holds the other. Such a record is shown with the
 * account's own communities only.
 */
export function scopesOverlap(scope: Scope, own: Scope): boolean {
  return scope === null || own === null || own.startsWith(scope) || scope.startsWith(own);
}

/**
 * The part of `prefix` (a report's or query's own code prefix, '' = everything) a scoped account
 * may read: the longer of the two when one contains the other, null when they are disjoint.
 */
export function narrowPrefix(scope: Scope, prefix: string): string | null {
  if (scope === null || prefix.startsWith(scope)) return prefix;
  return scope.startsWith(prefix) ? scope : null;
}

/**
 * The half-open code range [from, to) that holds exactly the codes starting with `prefix`, among
 * codes at least as long as it (a column's codes all have one length): the codes are digits, so `to` is `prefix` with its last digit raised (carrying like a number), or,
 * for a prefix of nines or '', a letter, which sorts after every digit in every collation.
 * Written as a range, a scope is answered by a plain btree index on the code.
 */
export function codeRange(prefix: string): [string, string] {
  const digits = prefix.split('');
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i] !== '9') {
      digits[i] = String(Number(digits[i]) + 1);
      return [prefix, digits.join('')];
    }
    digits[i] = '0';
  }
  return [prefix, `${prefix}A`];
}
