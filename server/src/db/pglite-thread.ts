/**
 * The server's side of the embedded database: a `Db` whose queries are messages to PGlite's own
 * thread (pglite-worker.ts). The thread keeps the process alive only while a request is waiting
 * for an answer, as a database inside the process would.
 */
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Db, Queryable, QueryResult } from './pool';
import { lockFolder } from './folder-lock';
import { startThread } from '../threads/start';
import { fromWire, type ThreadReply, type ThreadRequest } from './pglite-protocol';

type Send = ThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

class Thread {
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  private nextId = 1;
  private stopped: Error | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => this.pending.set(0, { resolve: () => resolve(), reject }));
    worker.on('message', (reply: ThreadReply) => this.answer(reply));
    worker.on('error', (err) => this.stop(new Error(`the embedded database stopped: ${err.message}`)));
    worker.on('exit', (code) => this.stop(new Error(`the embedded database stopped (exit code ${code})`)));
  }

  call<T>(request: Send): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  /** False once the thread has stopped or been closed. */
  get running(): boolean {
    return this.stopped === null;
  }

  async terminate(): Promise<void> {
    this.stopped ??= new Error('the embedded database is closed');
    await this.worker.terminate();
  }

  private answer(reply: ThreadReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(fromWire(reply.error));
    if (this.pending.size === 0) this.worker.unref();
  }

  private stop(err: Error): void {
    this.stopped ??= err;
    for (const waiting of this.pending.values()) waiting.reject(this.stopped);
    this.pending.clear();
  }
}

function client(thread: Thread, tx?: number): Queryable {
  return {
    query: <R>(sql: string, params?: unknown[]) => thread.call<QueryResult<R>>({ op: 'query', tx, sql, params }),
    exec: (sql: string) => thread.call<void>({ op: 'exec', tx, sql }),
  };
}

/**
 * Opens (creating if needed) the embedded PGlite + PostGIS database on its own thread; `dataDir`
 * undefined = in memory. An in-memory database may start as a copy of another's `image()`.
 */
export async function openPgliteThread(dataDir?: string, image?: Uint8Array): Promise<Db> {
  // A data folder is opened by one process at a time (folder-lock.ts); memory needs no lock.
  const lock = dataDir === undefined ? undefined : lockFolder(dataDir);
  const worker = startThread(
    { built: 'pglite-worker', source: './pglite-worker.ts', moduleUrl: import.meta.url },
    { dataDir: dataDir === undefined ? undefined : path.resolve(dataDir), image },
  );
  const thread = new Thread(worker);
  let postgis: string | undefined;
  try {
    await thread.ready;
  } catch (err) {
    await thread.terminate();
    lock?.release();
    throw err;
  }
  // Who holds the other callers' transactions back (holdingWrites), and when they may go on.
  let held: { by: symbol; released: Promise<void> } | null = null;
  async function transaction<T>(holder: symbol | null, fn: (client: Queryable) => Promise<T>): Promise<T> {
    while (held && held.by !== holder) await held.released;
    const tx = await thread.call<number>({ op: 'begin' });
    let result;
    try {
      result = await fn(client(thread, tx));
    } catch (err) {
      await thread.call({ op: 'end', tx, commit: false }).catch(() => undefined);
      throw err;
    }
    await thread.call({ op: 'end', tx, commit: true });
    return result;
  }
  const db: Db = {
    kind: 'pglite',
    withClient: (fn) => fn(client(thread)),
    withTransaction: (fn) => transaction(null, fn),
    async holdingWrites(fn) {
      while (held) await held.released;
      const by = Symbol('holder');
      let release!: () => void;
      held = { by, released: new Promise<void>((resolve) => (release = resolve)) };
      try {
        return await fn({ ...db, withTransaction: (inner) => transaction(by, inner), holdingWrites: undefined });
      } finally {
        held = null;
        release();
      }
    },
    vectorTile: (layer, z, x, y, hidden, crs) =>
      thread.call<Uint8Array>({
        op: 'tile',
        layer: { id: layer.id, source: layer.source, scope: layer.scope, scopeDigits: layer.scopeDigits, geomBox: layer.geomBox },
        z,
        x,
        y,
        hidden: [...hidden],
        crs,
      }),
    // Learned once; after that the health check answers from here while the thread is running,
    // since a long statement (an import's atoms) keeps the thread from reading messages until it ends.
    postgisVersion: async () => {
      if (thread.running && postgis !== undefined) return postgis;
      postgis = await thread.call<string>({ op: 'postgis' });
      return postgis;
    },
    image: () => thread.call<Uint8Array>({ op: 'image' }),
    close: async () => {
      try {
        await thread.call({ op: 'close' });
      } finally {
        await thread.terminate();
        lock?.release();
      }
    },
  };
  return db;
}
