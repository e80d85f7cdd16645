/**
 * Imports in the background: the job's row is created, the caller gets its id at once, and the
 * import runs on, writing its stage and count to the row at most every PROGRESS_EVERY_MS (and a
 * heartbeat while a long step reports nothing), so a poll reaching any API server sees it move.
 *
 * The server that runs a job also answers polls from memory: the embedded database is one
 * connection, and a poll's read would otherwise wait behind the import's own transaction.
 */
import type { ImportJob } from '../contract/io';
import type { Message } from '../contract/messages';
import { DomainError } from '../domain/errors';
import { inScope, type Scope } from '../domain/access/scope';
import type { Db, Queryable } from '../db/pool';
import {
  ABANDONED_AFTER_SECONDS,
  createJob,
  deleteFinishedJobs,
  failAbandonedJobs,
  finishJob,
  getJob,
  setJobProgress,
  touchJob,
  type JobRow,
} from '../db/import-jobs';
import type { ImportOptions, ImportProgress } from './import';
import { runImportWithPreview } from './preview';
import type { ImportReport } from './types';

export const PROGRESS_EVERY_MS = 250;
const HEARTBEAT_MS = 10_000;

/** Jobs this process is running, as they stand now. */
const running = new Map<number, JobRow>();
/** Settles when every job this process started has written its end (tests, shutdown). */
const finishing = new Set<Promise<void>>();

const publicJob = ({ username: _username, scopeCode: _scopeCode, ...job }: JobRow): ImportJob => job;

/** Creates the job, starts it and answers at once with the queued job. */
export async function startImportJob(
  db: Db,
  bytes: Uint8Array,
  opts: Omit<ImportOptions, 'onProgress' | 'onValidated'> & { preview: boolean; username: string },
): Promise<ImportJob> {
  const row = await db.withClient((c) =>
    createJob(c, {
      username: opts.username,
      layer: opts.layer,
      fileName: opts.fileName,
      dryRun: opts.dryRun,
      scopeCode: opts.scope ?? null,
    }),
  );
  const queued = publicJob({ ...row });
  running.set(row.id, row);
  const run = runJob(db, row, bytes, opts);
  finishing.add(run);
  void run.finally(() => finishing.delete(run));
  return queued;
}

/**
 * The job for its owner (admins see every job started within their data scope); undefined when
 * there is none the user may see.
 */
export async function findImportJob(
  db: Db,
  id: number,
  user: { username: string; role: string; scopeCode: Scope },
): Promise<ImportJob | undefined> {
  const row =
    running.get(id) ??
    (await db.withClient(async (c) => {
      // Only the job asked for: the others are marked when they are polled, or at the next start.
      await failAbandonedJobs(c, ABANDONED_AFTER_SECONDS, id);
      return getJob(c, id);
    }));
  if (!row) return undefined;
  const adminSees =
    user.role === 'admin' && (user.scopeCode === null || (row.scopeCode !== null && inScope(user.scopeCode, row.scopeCode)));
  if (row.username !== user.username && !adminSees) return undefined;
  return publicJob(row);
}

/** Finished jobs are kept this long for their polls and reports (a dry run's preview makes them large). */
export const KEEP_FINISHED_JOBS_DAYS = 30;

/**
 * At start: marks failed the jobs a stopped process left unfinished (on a database only this
 * process opens, all of them) and forgets old finished ones; returns how many were marked.
 */
export function failJobsLeftRunning(db: Db): Promise<number> {
  return db.withClient(async (c) => {
    await deleteFinishedJobs(c, KEEP_FINISHED_JOBS_DAYS);
    return failAbandonedJobs(c, db.kind === 'pglite' ? 0 : ABANDONED_AFTER_SECONDS);
  });
}

/** Waits for the jobs this process is running to finish and write their end. */
export async function settleImportJobs(): Promise<void> {
  while (finishing.size) await Promise.all([...finishing]);
}

async function runJob(db: Db, row: JobRow, bytes: Uint8Array, opts: Parameters<typeof startImportJob>[2]): Promise<void> {
  // Writes to the row go one after another, in order, off the import's path.
  let writes: Promise<unknown> = Promise.resolve();
  const write = (fn: (c: Queryable) => Promise<unknown>) => {
    writes = writes.then(() => db.withClient(fn)).catch((err) => console.error(`import job ${row.id}: progress not saved:`, err));
  };
  let lastWrite = 0;
  const onProgress = (p: ImportProgress) => {
    Object.assign(row, { state: 'running', stage: p.stage, done: p.done, total: p.total });
    const now = Date.now();
    if (now - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = now;
    const at = { stage: p.stage, done: p.done, total: p.total };
    write((c) => setJobProgress(c, row.id, at));
  };
  const heartbeat = setInterval(() => write((c) => touchJob(c, row.id)), HEARTBEAT_MS);
  heartbeat.unref();
  let end: { state: 'done' | 'failed'; report: ImportReport | null; error: Pick<Message, 'code' | 'params'> | null };
  try {
    const report = await runImportWithPreview(db, bytes, { ...opts, onProgress });
    end = report.ok
      ? { state: 'done', report, error: null }
      : { state: 'failed', report, error: { code: 'import.failed', params: { count: report.problemsTotal } } };
  } catch (err) {
    if (!(err instanceof DomainError)) console.error(`import job ${row.id} failed:`, err);
    const error = err instanceof DomainError ? { code: err.code, params: err.params } : { code: 'import.job_crashed' as const, params: {} };
    end = { state: 'failed', report: null, error };
  } finally {
    clearInterval(heartbeat);
  }
  Object.assign(row, { ...end, finishedAt: new Date().toISOString() }, end.state === 'done' ? { done: row.total } : {});
  const last = { stage: row.stage, done: row.done, total: row.total };
  write((c) => finishJob(c, row.id, { ...end, ...last }));
  await writes;
  running.delete(row.id);
}
