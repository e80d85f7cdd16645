/**
 * The indicator CSV: one row per community, a `community_code` column and one column per entered
 * indicator key (any subset, any order). An empty cell leaves that value alone. Every problem is
 * reported with its spreadsheet row (the header is row 1) so the whole file can be fixed at once.
 */
import Papa from 'papaparse';
import { inScope, type Scope } from '../access/scope';
import { COMPUTED_KEYS, INDICATOR_KEYS, valueProblem, type IndicatorKey } from './indicators';

export interface CsvProblem {
  row: number;
  field: string;
  code:
    | 'scorecard.csv_unknown_column'
    | 'scorecard.csv_missing_code'
    | 'scorecard.csv_unknown_community'
    | 'scorecard.csv_duplicate_community'
    | 'scorecard.csv_not_a_number'
    | 'scorecard.value_not_whole'
    | 'scorecard.value_out_of_range'
    | 'scorecard.computed_not_entered'
    | 'scorecard.csv_empty'
    | 'scope.outside';
  params: Record<string, string | number>;
}

export interface CsvValue {
  communityCode: string;
  key: IndicatorKey;
  value: number;
}

/**
 * Reads the file against the known community codes; values only when there is no problem at all.
 * A row of a known community outside `scope` is a scope.outside problem (the route refuses it with 403).
 */
export function readIndicatorCsv(
  text: string,
  communityCodes: ReadonlySet<string>,
  scope: Scope = null,
): { values: CsvValue[]; problems: CsvProblem[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const problems: CsvProblem[] = [];
  const columns = parsed.meta.fields ?? [];
  const keys: IndicatorKey[] = [];
  for (const column of columns) {
    if (column === 'community_code' || column === 'community_name') continue;
    if (!(INDICATOR_KEYS as readonly string[]).includes(column))
      problems.push({ row: 1, field: column, code: 'scorecard.csv_unknown_column', params: { column } });
    else if (COMPUTED_KEYS.includes(column as IndicatorKey))
      problems.push({ row: 1, field: column, code: 'scorecard.computed_not_entered', params: { key: column } });
    else keys.push(column as IndicatorKey);
  }
  if (!columns.includes('community_code'))
    problems.push({ row: 1, field: 'community_code', code: 'scorecard.csv_missing_code', params: {} });
  if (parsed.data.length === 0) problems.push({ row: 1, field: '', code: 'scorecard.csv_empty', params: {} });

  const values: CsvValue[] = [];
  const seen = new Map<string, number>();
  parsed.data.forEach((record, i) => {
    const row = i + 2;
    const code = (record.community_code ?? '').trim();
    if (!communityCodes.has(code)) {
      problems.push({ row, field: 'community_code', code: 'scorecard.csv_unknown_community', params: { communityCode: code } });
      return;
    }
    const first = seen.get(code);
    if (first !== undefined)
      problems.push({
        row,
        field: 'community_code',
        code: 'scorecard.csv_duplicate_community',
        params: { communityCode: code, firstRow: first },
      });
    seen.set(code, first ?? row);
    if (!inScope(scope, code)) problems.push({ row, field: 'community_code', code: 'scope.outside', params: { code, scope: scope ?? '' } });
    for (const key of keys) {
      const cell = (record[key] ?? '').trim();
      if (cell === '') continue;
      const value = Number(cell.replace(/%$/, ''));
      if (!/^-?[0-9]+(\.[0-9]+)?%?$/.test(cell)) {
        problems.push({ row, field: key, code: 'scorecard.csv_not_a_number', params: { text: cell } });
        continue;
      }
      const problem = valueProblem(key, value);
      if (problem) problems.push({ row, field: key, code: problem, params: { key, value } });
      else values.push({ communityCode: code, key, value });
    }
  });
  return problems.length ? { values: [], problems } : { values, problems };
}

/** One value a file would set: what is stored now (null when nothing is) and what it would be. */
export interface ValueChange extends CsvValue {
  before: number | null;
}

/** What importing `values` over the `stored` ones would change: each new or different value, and how many stay the same. */
export function valueChanges(stored: readonly CsvValue[], values: readonly CsvValue[]): { changes: ValueChange[]; unchanged: number } {
  const now = new Map(stored.map((s) => [`${s.communityCode}|${s.key}`, s.value]));
  const changes: ValueChange[] = [];
  let unchanged = 0;
  for (const v of values) {
    const before = now.get(`${v.communityCode}|${v.key}`) ?? null;
    if (before === v.value) unchanged++;
    else changes.push({ ...v, before });
  }
  return { changes, unchanged };
}
