/** Pieces shared by the responsibility routes: CSV in and out, file rejections, phone masking of lists, documented answers. */
import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import type { Db, Queryable } from '../db/pool';
import { ApiError } from '../http/errors';
import { json } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import { csvRejectionSchema, type CsvProblem, type ImportPreview } from '../contract/responsibility-report';
import { conflict, invalid } from '../domain/errors';
import { seesAllPersonalData, withPhone } from '../domain/access/mask';
import { rowProblem, type CsvRow } from '../domain/responsibility/csv';
import type { ImportPlan } from '../domain/responsibility/reconcile';

export const tags = ['responsibility'];

/** A documented error answer. */
export const error = (description: string) => json(errorBodySchema, description);

/** A CSV download, documented as text. */
export const csvAnswer = (description: string) => ({ description, content: { 'text/csv': { schema: z.string() } } }) as const;

/** A CSV upload (the body is read by `readCsvBody`, not validated as JSON). */
export const csvUpload = {
  required: true,
  description: 'The register as CSV (UTF-8, or GB18030 as Excel saves it)',
  content: { 'text/csv': { schema: z.string() } },
} as const;

/** The answers every register import shares besides its success. */
export const importErrors = {
  400: json(
    z.union([csvRejectionSchema, errorBodySchema]),
    'Problems by row (csv.invalid_file; details.problems, each {row, field?, code, params}), or a bad query (invalid_input)',
  ),
  409: error('The file would end or delete records and confirm=1 is missing (csv.confirm_needed; details: the preview)'),
  415: error('Body is not text/csv (csv.not_csv)'),
} as const;

/**
 * Refuses an import that would end or delete records unless the caller confirmed it; a dry run
 * never needs confirming (it changes nothing). The refusal carries the preview.
 */
export function requireConfirmation(preview: ImportPreview, opts: { dryRun: boolean; confirm: boolean }): void {
  if (opts.dryRun || opts.confirm || preview.ended.count + preview.deleted.count === 0) return;
  throw conflict('csv.confirm_needed', { ended: preview.ended.count, deleted: preview.deleted.count }, preview);
}

/** A CSV download that is never cached (registers hold personal data). */
export function csvReply(c: Context<AppEnv>, filename: string, text: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(text, 200);
}

/** The uploaded CSV text: a `text/csv` body (UTF-8, or GB18030 as Excel saves it on Chinese Windows). */
export async function readCsvBody(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (!/^text\/(csv|plain)/i.test(type)) throw new ApiError(415, 'csv.not_csv');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Rejects the file listing every problem with its row, when there is any. */
export function rejectProblems(problems: readonly CsvProblem[]): void {
  if (problems.length === 0) return;
  throw invalid('csv.invalid_file', { count: problems.length, row: problems[0].row }, { problems: problems.slice(0, 200) });
}

/**
 * Carries out a register import's plan in the one order every register uses: removals first (so
 * a name a removal frees can be taken again), then changes and additions row by row. A row whose
 * write is refused becomes a problem naming that row; any problem rejects the whole import.
 */
export async function applyImportPlan<Stored, Value>(
  plan: ImportPlan<Stored, CsvRow<Value>>,
  write: {
    remove: (stored: Stored) => Promise<unknown>;
    /** Needed only when the plan can change rows in place. */
    change?: (stored: Stored, value: Value) => Promise<unknown>;
    add: (value: Value, row: number) => Promise<unknown>;
  },
): Promise<void> {
  for (const stored of plan.remove) await write.remove(stored);
  const problems: CsvProblem[] = [];
  const attempt = async (row: number, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      problems.push(rowProblem(err, row));
    }
  };
  for (const { stored, wanted } of plan.change) {
    const change = write.change;
    if (!change) throw new Error('a register import planned a change it cannot write');
    await attempt(wanted.row, () => change(stored, wanted.value));
  }
  for (const { row, value } of plan.add) await attempt(row, () => write.add(value, row));
  rejectProblems(problems);
}

/** Masks the phones of a list unless the caller is an admin or planner; marks it personal data. */
export function presentPeople<T extends { phone: string | null }>(c: Context<AppEnv>, rows: readonly T[]): T[] {
  c.header('Cache-Control', 'no-store');
  const full = seesAllPersonalData(c.var.user);
  return rows.map((r) => withPhone(r, full));
}

/** Thrown to roll back a dry run's transaction, carrying what it would have done. */
class DryRunDone {
  constructor(readonly preview: ImportPreview) {}
}

/**
 * Runs an import in one transaction; a dry run does all of it (so every row is checked as for
 * real) and then rolls back, answering the preview.
 */
export async function importTransaction(db: Db, dryRun: boolean, work: (q: Queryable) => Promise<ImportPreview>): Promise<ImportPreview> {
  try {
    return await db.withTransaction(async (q) => {
      const preview = await work(q);
      if (dryRun) throw new DryRunDone(preview);
      return preview;
    });
  } catch (err) {
    if (err instanceof DryRunDone) return err.preview;
    throw err;
  }
}
