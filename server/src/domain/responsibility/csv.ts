/**
 * CSV for the responsibility registers (assignments, party organisations, party areas, volunteer
 * teams): one format per register, read with a row number for every problem so a planner can fix
 * the file. Lists inside a cell (building codes, member ids) are separated by spaces or semicolons.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { msg, type MessageCode, type MessageParams } from '../../contract/messages';
import type { CsvProblem } from '../../contract/responsibility-report';
import { DomainError, invalid } from '../errors';
import { unneutralise, writeCsv, type CsvCell } from '../text/csv';
import { refuseUnsafeCells } from '../text/unsafe';
import { CELL_ROLES, PARTY_LEVELS, PARTY_SCOPES, VOLUNTEER_CATEGORIES } from './vocabulary';

export type { CsvProblem };

/** A problem of spreadsheet row `row` (the header is row 1), in column `field` when one is at fault. */
export function csvProblem(row: number, code: MessageCode, params: MessageParams = {}, field?: string): CsvProblem {
  return { row, ...(field ? { field } : {}), ...msg(code, params) };
}

/** A bad cell as a problem: what kind of value the column wanted, by zod issue kind. */
function cellProblem(row: number, issue: z.core.$ZodIssue, cells: Record<string, string>): CsvProblem {
  const column = issue.path.map(String).join('.');
  const value = cells[String(issue.path[0])] ?? '';
  if (issue.code === 'invalid_type' || (issue.code === 'too_small' && value.trim() === ''))
    return csvProblem(row, 'csv.missing_value', { column }, column);
  if (issue.code === 'invalid_value') return csvProblem(row, 'csv.not_one_of', { column, value, values: issue.values.map(String) }, column);
  if (issue.code === 'too_big') return csvProblem(row, 'csv.too_long', { column, maximum: Number(issue.maximum) }, column);
  return csvProblem(row, 'csv.bad_value', { column, value }, column);
}

/** An expected failure while storing one row (a domain error) as that row's problem; anything else propagates. */
export function rowProblem(err: unknown, row: number): CsvProblem {
  if (err instanceof DomainError) return csvProblem(row, err.code, err.params);
  throw err;
}

export interface CsvRow<T> {
  row: number;
  value: T;
}

const list = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(/[\s;|]+/).filter(Boolean));
const optionalInt = z
  .string()
  .optional()
  .transform((s) => (s?.trim() ? s.trim() : null))
  .pipe(
    z.union([
      z.null(),
      z
        .string()
        .regex(/^[0-9]+$/, 'a whole number')
        .transform(Number),
    ]),
  );
const requiredInt = z
  .string()
  .trim()
  .regex(/^[0-9]+$/, 'a whole number')
  .transform(Number);
const idList = list.pipe(z.array(z.string().regex(/^[0-9]+$/, 'whole numbers')).transform((a) => a.map(Number)));

export const REGISTER_COLUMNS = {
  assignments: ['cell_code', 'person_id', 'person_name', 'role', 'valid_from'],
  partyOrgs: ['ref', 'parent_ref', 'community_code', 'level', 'scope', 'name', 'compound_code', 'secretary_person_id', 'building_codes'],
  partyAreas: ['person_id', 'person_name', 'name', 'building_codes'],
  volunteerTeams: ['community_code', 'name', 'category', 'leader_person_id', 'member_person_ids', 'compound_codes', 'cell_codes'],
} as const;

export const assignmentRow = z.object({
  cell_code: z
    .string()
    .trim()
    .regex(/^[0-9]{15}$/, 'a cell code is 15 digits'),
  person_id: requiredInt,
  role: z.enum(CELL_ROLES),
});

export const partyOrgRow = z.object({
  ref: z.string().trim().min(1, 'each row needs a ref').max(40),
  parent_ref: z
    .string()
    .optional()
    .transform((s) => (s?.trim() ? s.trim() : null)),
  community_code: z
    .string()
    .trim()
    .regex(/^[0-9]{12}$/, 'a community code is 12 digits'),
  level: z.enum(PARTY_LEVELS),
  scope: z.enum(PARTY_SCOPES),
  name: z.string().trim().min(1).max(80),
  compound_code: z
    .string()
    .optional()
    .transform((s) => (s?.trim() ? s.trim() : null)),
  secretary_person_id: optionalInt,
  building_codes: list,
});

export const partyAreaRow = z.object({
  person_id: requiredInt,
  name: z
    .string()
    .trim()
    .max(80)
    .optional()
    .transform((s) => s ?? ''),
  building_codes: list,
});

export const volunteerTeamRow = z.object({
  community_code: z
    .string()
    .trim()
    .regex(/^[0-9]{12}$/, 'a community code is 12 digits'),
  name: z.string().trim().min(1).max(80),
  category: z.enum(VOLUNTEER_CATEGORIES),
  leader_person_id: optionalInt,
  member_person_ids: idList,
  compound_codes: list,
  cell_codes: list,
});

/** Parses CSV text against a row schema; every bad cell becomes a problem naming row and column. */
export function readRegister<S extends z.ZodType>(
  text: string,
  schema: S,
  maxRows = 20_000,
): { rows: CsvRow<z.output<S>>[]; problems: CsvProblem[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
    transform: unneutralise,
  });
  refuseUnsafeCells(parsed.meta.fields ?? [], parsed.data);
  const problems: CsvProblem[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => csvProblem((e.row ?? 0) + 2, 'csv.unreadable', { reason: e.code }));
  if (!parsed.meta.fields?.length) return { rows: [], problems: [csvProblem(1, 'csv.no_header')] };
  // A header alone would make every register import end or delete everything: refuse it.
  if (parsed.data.length === 0 && problems.length === 0) throw invalid('empty_file');
  if (parsed.data.length > maxRows) return { rows: [], problems: [csvProblem(maxRows + 2, 'csv.too_many_rows', { maxRows })] };
  const rows: CsvRow<z.output<S>>[] = [];
  parsed.data.forEach((cells, i) => {
    const result = schema.safeParse(cells);
    if (result.success) rows.push({ row: i + 2, value: result.data });
    else for (const issue of result.error.issues) problems.push(cellProblem(i + 2, issue, cells));
  });
  return { rows, problems };
}

/** A register as CSV text (the one CSV writer: BOM, RFC 4180 quoting, formula cells neutralised); lists joined by spaces. */
export function writeRegister(
  columns: readonly string[],
  rows: readonly Record<string, string | number | boolean | null | readonly (string | number)[]>[],
): string {
  return writeCsv(
    columns,
    rows.map((r) =>
      columns.map((c) => {
        const v = r[c];
        return Array.isArray(v) ? v.join(' ') : (v as CsvCell);
      }),
    ),
  );
}
