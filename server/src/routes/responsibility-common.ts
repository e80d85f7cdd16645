/** Pieces shared by the responsibility routes: community filter, CSV in and out, phone masking of lists. */
import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import type { CsvProblem } from '../domain/responsibility/csv';
import { seesAllPersonalData, withPhone } from '../domain/access/mask';

export const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');
export const cellCode = z.string().regex(/^[0-9]{15}$/, 'a cell code is 15 digits');
export const buildingCode = z.string().regex(/^[0-9]{17}$/, 'a building code is 17 digits');
export const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 53) });
export const versionQuery = z.object({ version: z.coerce.number().int().positive() });
export const communityQuery = z.object({ community: communityCode });
export const optionalCommunityQuery = z.object({ community: communityCode.optional() });

/** A CSV download that is never cached (registers hold personal data). */
export function csvReply(c: Context<AppEnv>, filename: string, text: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(text);
}

/** The uploaded CSV text: a `text/csv` body (UTF-8, or GB18030 as Excel saves it on Chinese Windows). */
export async function readCsvBody(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (!/^text\/(csv|plain)/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send the CSV as the body with Content-Type: text/csv');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** 400 listing every problem with its row, when there is any. */
export function rejectProblems(problems: readonly CsvProblem[]): void {
  if (problems.length === 0) return;
  const first = problems[0];
  throw new ApiError(400, 'invalid_csv', `row ${first.row}${first.field ? ` (${first.field})` : ''}: ${first.message}${problems.length > 1 ? ` — and ${problems.length - 1} more` : ''}`, { problems: problems.slice(0, 200) });
}

/** Turns an ApiError raised for one CSV row into a row problem (anything else propagates). */
export function rowProblem(err: unknown, row: number): CsvProblem {
  if (err instanceof ApiError && err.status < 500) return { row, message: err.message.replace(/^row \d+: /, '') };
  throw err;
}

/** Masks the phones of a list unless the caller is an admin or planner; marks it personal data. */
export function presentPeople<T extends { phone: string | null }>(c: Context<AppEnv>, rows: readonly T[]): T[] {
  c.header('Cache-Control', 'no-store');
  const full = seesAllPersonalData(c.var.user);
  return rows.map((r) => withPhone(r, full));
}
