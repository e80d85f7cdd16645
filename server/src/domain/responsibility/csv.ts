/**
 * CSV for the responsibility registers (assignments, party organisations, party areas, volunteer
 * teams): one format per register, read with a row number for every problem so a planner can fix
 * the file. Lists inside a cell (building codes, member ids) are separated by spaces or semicolons.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { CELL_ROLES, PARTY_LEVELS, PARTY_SCOPES, VOLUNTEER_CATEGORIES } from './vocabulary';

export interface CsvProblem {
  /** Spreadsheet row (the header is row 1). */
  row: number;
  field?: string;
  message: string;
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
  .pipe(z.union([z.null(), z.string().regex(/^[0-9]+$/, 'a whole number').transform(Number)]));
const requiredInt = z.string().trim().regex(/^[0-9]+$/, 'a whole number').transform(Number);
const idList = list.pipe(z.array(z.string().regex(/^[0-9]+$/, 'whole numbers')).transform((a) => a.map(Number)));

export const REGISTER_COLUMNS = {
  assignments: ['cell_code', 'person_id', 'person_name', 'role', 'valid_from'],
  partyOrgs: ['ref', 'parent_ref', 'community_code', 'level', 'scope', 'name', 'compound_code', 'secretary_person_id', 'building_codes'],
  partyAreas: ['person_id', 'person_name', 'name', 'building_codes'],
  volunteerTeams: ['community_code', 'name', 'category', 'leader_person_id', 'member_person_ids', 'compound_codes', 'cell_codes'],
} as const;

export const assignmentRow = z.object({
  cell_code: z.string().trim().regex(/^[0-9]{15}$/, 'a cell code is 15 digits'),
  person_id: requiredInt,
  role: z.enum(CELL_ROLES),
});

export const partyOrgRow = z.object({
  ref: z.string().trim().min(1, 'each row needs a ref').max(40),
  parent_ref: z.string().optional().transform((s) => (s?.trim() ? s.trim() : null)),
  community_code: z.string().trim().regex(/^[0-9]{12}$/, 'a community code is 12 digits'),
  level: z.enum(PARTY_LEVELS),
  scope: z.enum(PARTY_SCOPES),
  name: z.string().trim().min(1).max(80),
  compound_code: z.string().optional().transform((s) => (s?.trim() ? s.trim() : null)),
  secretary_person_id: optionalInt,
  building_codes: list,
});

export const partyAreaRow = z.object({
  person_id: requiredInt,
  name: z.string().trim().max(80).optional().transform((s) => s ?? ''),
  building_codes: list,
});

export const volunteerTeamRow = z.object({
  community_code: z.string().trim().regex(/^[0-9]{12}$/, 'a community code is 12 digits'),
  name: z.string().trim().min(1).max(80),
  category: z.enum(VOLUNTEER_CATEGORIES),
  leader_person_id: optionalInt,
  member_person_ids: idList,
  compound_codes: list,
  cell_codes: list,
});

/** Parses CSV text against a row schema; every bad cell becomes a problem naming row and column. */
export function readRegister<S extends z.ZodType>(text: string, schema: S, maxRows = 20_000): { rows: CsvRow<z.output<S>>[]; problems: CsvProblem[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  const problems: CsvProblem[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .map((e) => ({ row: (e.row ?? 0) + 2, message: `CSV: ${e.message}` }));
  if (!parsed.meta.fields?.length) return { rows: [], problems: [{ row: 1, message: 'the file has no header row' }] };
  if (parsed.data.length > maxRows) return { rows: [], problems: [{ row: maxRows + 2, message: `at most ${maxRows} rows per file` }] };
  const rows: CsvRow<z.output<S>>[] = [];
  parsed.data.forEach((cells, i) => {
    const result = schema.safeParse(cells);
    if (result.success) rows.push({ row: i + 2, value: result.data });
    else for (const issue of result.error.issues) problems.push({ row: i + 2, field: issue.path.map(String).join('.'), message: issue.message });
  });
  return { rows, problems };
}

/** CSV text with a header row and a BOM, so Excel on Chinese Windows reads it as UTF-8. */
export function writeRegister(columns: readonly string[], rows: readonly Record<string, string | number | boolean | null | readonly (string | number)[]>[]): string {
  const data = rows.map((r) => columns.map((c) => {
    const v = r[c];
    return Array.isArray(v) ? v.join(' ') : v === null || v === undefined ? '' : String(v);
  }));
  return '\uFEFF' + Papa.unparse({ fields: [...columns], data }, { newline: '\r\n' });
}
