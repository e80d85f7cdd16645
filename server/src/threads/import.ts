/**
 * Large imports run on a thread of their own (import-worker.ts): reading a 100,000-feature file,
 * checking every record and shaping the rows to write take seconds of JavaScript, and the server
 * must answer other requests meanwhile. The thread has no database of its own: its statements
 * come back here as messages and run on the caller's `db` (the embedded database has its own
 * thread already; PostgreSQL's pool lives here), so transactions and error fields are the same
 * as for an import on this thread.
 */
import type { Worker } from 'node:worker_threads';
import type { ImportOptions, ImportProgress } from '../data/import';
import type { ImportReport } from '../data/types';
import type { Validation } from '../data/validate';
import { DomainError, type ErrorKind } from '../domain/errors';
import type { MessageCode, MessageParams } from '../contract/messages';
import type { Db, Queryable } from '../db/pool';
import { fromWire, toWire, type WireError } from '../db/pglite-protocol';
import { startThread } from './start';

/** From this size on, an import runs on its own thread (smaller ones finish before a thread would start). */
export const IMPORT_THREAD_MIN_BYTES = 512 * 1024;

export interface ImportJob {
  kind: Db['kind'];
  bytes: Uint8Array;
  options: Omit<ImportOptions, 'onProgress' | 'onValidated' | 'offThread'>;
  /** Send the validated records back (the caller asked for them: a dry run's map preview). */
  wantValidated: boolean;
}

/** A statement or session request from the thread; each gets one `DbReply` with its id. */
export type DbRequest =
  | { id: number; op: 'open'; transaction: boolean; hold?: number }
  | { id: number; op: 'hold' }
  | { id: number; op: 'release'; hold: number }
  | { id: number; op: 'query'; session: number; sql: string; params?: unknown[]; name?: string }
  | { id: number; op: 'exec'; session: number; sql: string }
  | { id: number; op: 'close'; session: number; commit: boolean };

export type DbReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** A failed import as it crosses the thread boundary: a domain error keeps its kind, code and details. */
export type ImportFailure =
  { domain: { kind: ErrorKind; code: MessageCode; params: MessageParams; details: unknown } } | { error: WireError };

export type ImportMessage =
  | { type: 'db'; request: DbRequest }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'validated'; validation: Validation }
  | { type: 'done'; report: ImportReport }
  | { type: 'failed'; failure: ImportFailure };

export function toFailure(err: unknown): ImportFailure {
  if (err instanceof DomainError) return { domain: { kind: err.kind, code: err.code, params: err.params, details: err.details } };
  return { error: toWire(err) };
}

function fromFailure(failure: ImportFailure): Error {
  if ('domain' in failure) {
    const { kind, code, params, details } = failure.domain;
    return new DomainError(kind, code, params, details);
  }
  return fromWire(failure.error);
}

class Rollback extends Error {}

/** The connections and transactions the thread holds open on `db`, by session number, and the writes it holds back (`holdingWrites`). */
class Sessions {
  private readonly clients = new Map<number, Queryable>();
  private readonly closers = new Map<number, (commit: boolean) => Promise<void>>();
  private readonly holds = new Map<number, { db: Db; release(): void; ended: Promise<unknown> }>();
  private next = 1;

  constructor(private readonly db: Db) {}

  /** Holds other callers' transactions back until `release`; the thread's sessions opened with the number it answers do not wait. */
  async hold(): Promise<number> {
    if (!this.db.holdingWrites) throw new Error('this database cannot hold writes back');
    const hold = this.next++;
    let opened!: () => void;
    const ready = new Promise<void>((resolve) => (opened = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const ended: Promise<unknown> = this.db.holdingWrites(async (db) => {
      // called once `ended` is set: holdingWrites waits for an earlier holder first
      await Promise.resolve();
      this.holds.set(hold, { db, release, ended });
      opened();
      await released;
    });
    await Promise.race([ready, ended]);
    return hold;
  }

  async release(hold: number): Promise<void> {
    const held = this.holds.get(hold);
    if (!held) throw new Error(`no held writes ${hold}`);
    this.holds.delete(hold);
    held.release();
    await held.ended;
  }

  async open(transaction: boolean, holding?: number): Promise<number> {
    const db = holding === undefined ? this.db : this.holds.get(holding)?.db;
    if (!db) throw new Error(`no held writes ${holding}`);
    const session = this.next++;
    let opened!: () => void;
    const ready = new Promise<void>((resolve) => (opened = resolve));
    let end!: (commit: boolean) => void;
    const ending = new Promise<boolean>((resolve) => (end = resolve));
    const hold = async (client: Queryable) => {
      this.clients.set(session, client);
      opened();
      if (!(await ending) && transaction) throw new Rollback();
    };
    const finished = (transaction ? db.withTransaction(hold) : db.withClient(hold)).catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
    this.closers.set(session, async (commit) => {
      end(commit);
      try {
        await finished;
      } finally {
        this.clients.delete(session);
        this.closers.delete(session);
      }
    });
    await Promise.race([ready, finished]);
    return session;
  }

  client(session: number): Queryable {
    const client = this.clients.get(session);
    if (!client) throw new Error(`no open database session ${session}`);
    return client;
  }

  close(session: number, commit: boolean): Promise<void> {
    const close = this.closers.get(session);
    if (!close) throw new Error(`no open database session ${session}`);
    return close(commit);
  }

  /** Rolls back whatever the thread left open (it stopped mid-import), and lets held writes go on. */
  async abandon(): Promise<void> {
    await Promise.all([...this.closers.values()].map((close) => close(false).catch(() => undefined)));
    await Promise.all([...this.holds.keys()].map((hold) => this.release(hold).catch(() => undefined)));
  }

  answer(request: DbRequest): Promise<unknown> {
    switch (request.op) {
      case 'open':
        return this.open(request.transaction, request.hold);
      case 'hold':
        return this.hold();
      case 'release':
        return this.release(request.hold);
      case 'query':
        return this.client(request.session).query(request.sql, request.params, request.name);
      case 'exec':
        return this.client(request.session).exec(request.sql);
      case 'close':
        return this.close(request.session, request.commit);
    }
  }
}

/** `runImport` on a thread of its own; its statements run on `db`. */
export async function runImportOffThread(db: Db, bytes: Uint8Array, opts: ImportOptions): Promise<ImportReport> {
  const { onProgress, onValidated, offThread: _, ...options } = opts;
  const job: ImportJob = { kind: db.kind, bytes, options, wantValidated: onValidated !== undefined };
  const worker: Worker = startThread({ built: 'import-worker', source: './import-worker.ts', moduleUrl: import.meta.url }, { ...job });
  const sessions = new Sessions(db);
  try {
    return await new Promise<ImportReport>((resolve, reject) => {
      worker.on('message', (message: ImportMessage) => {
        switch (message.type) {
          case 'db': {
            const { id } = message.request;
            sessions.answer(message.request).then(
              (value) => worker.postMessage({ id, ok: true, value } satisfies DbReply),
              (err: unknown) => worker.postMessage({ id, ok: false, error: toWire(err) } satisfies DbReply),
            );
            return;
          }
          case 'progress':
            onProgress?.(message.progress);
            return;
          case 'validated':
            onValidated?.(message.validation);
            return;
          case 'done':
            resolve(message.report);
            return;
          case 'failed':
            reject(fromFailure(message.failure));
            return;
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the import thread stopped (exit code ${code})`)));
    });
  } finally {
    await worker.terminate();
    await sessions.abandon();
  }
}
