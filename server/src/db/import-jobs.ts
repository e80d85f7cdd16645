/**
 * Import jobs: one row per background import, written by the server that runs it and read by
 * whichever server a poll reaches. One function per query.
 */
import type { ImportJob, ImportJobStage, ImportLayerId, ImportReport } from '../contract/io';
import type { Message } from '../contract/messages';
import type { Queryable } from './pool';

/** A job whose row has not moved for this long while unfinished is taken for abandoned. */
export const ABANDONED_AFTER_SECONDS = 60;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const JOB_COLUMNS = `id::int AS id, layer, file_name AS "fileName", dry_run AS "dryRun", state, stage, done, total,
  ${iso('created_at')} AS "createdAt", ${iso('finished_at')} AS "finishedAt", report, error, username, scope_code AS "scopeCode"`;

/** A job with who started it and that account's data scope then (null = the whole installation). */
export type JobRow = ImportJob & { username: string; scopeCode: string | null };

export async function createJob(
  c: Queryable,
  job: { username: string; layer: ImportLayerId; fileName: string | null; dryRun: boolean; scopeCode: string | null },
): Promise<JobRow> {
  const { rows } = await c.query<JobRow>(
    `INSERT INTO import_job (username, layer, file_name, dry_run, scope_code) VALUES ($1, $2, $3, $4, $5) RETURNING ${JOB_COLUMNS}`,
    [job.username, job.layer, job.fileName, job.dryRun, job.scopeCode],
  );
  return rows[0];
}

export async function getJob(c: Queryable, id: number): Promise<JobRow | undefined> {
  const { rows } = await c.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM import_job WHERE id = $1`, [id]);
  return rows[0];
}

/** Progress of a running job; never moves a finished job back. */
export async function setJobProgress(c: Queryable, id: number, p: { stage: ImportJobStage; done: number; total: number }): Promise<void> {
  await c.query(
    `UPDATE import_job SET state = 'running', stage = $2, done = $3, total = $4, updated_at = now()
      WHERE id = $1 AND state IN ('queued', 'running')`,
    [id, p.stage, p.done, p.total],
  );
}

/** Keeps an unfinished job from being taken for abandoned while a long step reports nothing. */
export async function touchJob(c: Queryable, id: number): Promise<void> {
  await c.query(`UPDATE import_job SET updated_at = now() WHERE id = $1 AND state IN ('queued', 'running')`, [id]);
}

export async function finishJob(
  c: Queryable,
  id: number,
  end: {
    state: 'done' | 'failed';
    report: ImportReport | null;
    error: Pick<Message, 'code' | 'params'> | null;
    /** Where the import stood when it ended (a done job's count is its total). */
    stage: ImportJobStage | null;
    done: number;
    total: number;
  },
): Promise<void> {
  await c.query(
    `UPDATE import_job SET state = $2, report = $3::jsonb, error = $4::jsonb, stage = $5, done = $6, total = $7,
            finished_at = now(), updated_at = now()
      WHERE id = $1 AND state IN ('queued', 'running')`,
    [
      id,
      end.state,
      end.report === null ? null : JSON.stringify(end.report),
      end.error === null ? null : JSON.stringify(end.error),
      end.stage,
      end.done,
      end.total,
    ],
  );
}

/**
 * Marks failed the unfinished jobs whose row has not moved for `olderThanSeconds` (0: every
 * * unfinished job, for a database only this process opens), or only job `id`; returns how many.
 */
export async function failAbandonedJobs(c: Queryable, olderThanSeconds: number, id: number | null = null): Promise<number> {
  const { rowCount } = await c.query(
    `UPDATE import_job
        SET state = 'failed', finished_at = now(), updated_at = now(),
            error = jsonb_build_object('code', 'import.job_abandoned', 'params', '{}'::jsonb)
      WHERE state IN ('queued', 'running') AND updated_at <= now() - make_interval(secs => $1) AND ($2::bigint IS NULL OR id = $2)`,
    [olderThanSeconds, id],
  );
  return rowCount;
}

/** Forgets finished jobs older than `days` (what they wrote stays in the audit log and the import history); returns how many. */
export async function deleteFinishedJobs(c: Queryable, days: number): Promise<number> {
  const { rowCount } = await c.query(`DELETE FROM import_job WHERE finished_at < now() - make_interval(days => $1)`, [days]);
  return rowCount;
}
