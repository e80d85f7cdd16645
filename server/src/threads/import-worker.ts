// The thread a large import runs on (import.ts): the whole import, with a `Db` whose statements
// are messages to the thread that started it. One import, one report, then it ends.
import { parentPort, workerData } from 'node:worker_threads';
import { runImportHere } from '../data/import';
import type { Db, Queryable, QueryResult } from '../db/pool';
import { fromWire } from '../db/pglite-protocol';
import { toFailure, type DbReply, type DbRequest, type ImportJob, type ImportMessage } from './import';

type Send = DbRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

const port = parentPort!;
const post = (message: ImportMessage) => port.postMessage(message);
const pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
let nextId = 1;

port.on('message', (reply: DbReply) => {
  const waiting = pending.get(reply.id);
  if (!waiting) return;
  pending.delete(reply.id);
  if (reply.ok) waiting.resolve(reply.value);
  else waiting.reject(fromWire(reply.error));
});

function call<T>(request: Send): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    post({ type: 'db', request: { ...request, id } as DbRequest });
  });
}

async function session<T>(transaction: boolean, fn: (client: Queryable) => Promise<T>, hold?: number): Promise<T> {
  const id = await call<number>({ op: 'open', transaction, hold });
  const client: Queryable = {
    query: <R>(sql: string, params?: unknown[], name?: string) => call<QueryResult<R>>({ op: 'query', session: id, sql, params, name }),
    exec: (sql: string) => call<void>({ op: 'exec', session: id, sql }),
  };
  let result: T;
  try {
    result = await fn(client);
  } catch (err) {
    await call({ op: 'close', session: id, commit: false }).catch(() => undefined);
    throw err;
  }
  await call({ op: 'close', session: id, commit: true });
  return result;
}

const { kind, bytes, options, wantValidated } = workerData as ImportJob;
const db: Db = {
  kind,
  withClient: (fn) => session(false, fn),
  withTransaction: (fn) => session(true, fn),
  // The embedded database holds other callers' writes back for the import (db/pool.ts).
  holdingWrites:
    kind === 'pglite'
      ? async (fn) => {
          const hold = await call<number>({ op: 'hold' });
          try {
            return await fn({
              kind,
              withClient: (inner) => session(false, inner, hold),
              withTransaction: (inner) => session(true, inner, hold),
              close: async () => undefined,
            });
          } finally {
            await call({ op: 'release', hold });
          }
        }
      : undefined,
  close: async () => undefined,
};

try {
  const report = await runImportHere(db, bytes, {
    ...options,
    onProgress: (progress) => post({ type: 'progress', progress }),
    onValidated: wantValidated ? (validation) => post({ type: 'validated', validation }) : undefined,
  });
  post({ type: 'done', report });
} catch (err) {
  post({ type: 'failed', failure: toFailure(err) });
}
