/**
 * The one CSV writer behind every CSV the server sends (registers, roster, coverage report,
 * layer export). Quoting follows RFC 4180 (cells with a comma, quote, CR or LF are quoted, quotes
 * doubled, lines end in CRLF). A text cell starting with `=`, `+`, `-`, `@`, tab or CR is
 * prefixed with `'` (and quoted), so a spreadsheet shows it as text instead of running it as a formula; the
 * register readers drop that quote again (`unneutralise`), so an exported file re-imports as is.
 */
import Papa from 'papaparse';

/** A cell a spreadsheet would read as a formula. Anchored only at the start: a multi-line cell counts too. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'[=+\-@\t\r]/;

export type CsvCell = string | number | boolean | null | undefined;

/** CSV text with a header row; with a BOM unless `bom: false` (Excel on Chinese Windows needs it to read UTF-8). */
export function writeCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[], opts: { bom?: boolean } = {}): string {
  const data = rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : v)));
  const body = Papa.unparse({ fields: [...columns], data }, { escapeFormulae: FORMULA_START, newline: '\r\n' });
  return `${opts.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}

/** A cell as it was before `writeCsv` neutralised it. */
export function unneutralise(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}
