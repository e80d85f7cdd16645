/**
 * Chunked reads spread over a pool's connections (an import's checks): the answers come back in
 * the items' order however the chunks finish, no more chunks run at once than the Queryable
 * has lanes, and a plain connection runs them one after another. On PostgreSQL the spread
 * statements run on different connections; embedded, the import keeps its one session.
 */
import { describe, expect, it } from 'vitest';
import { inChunks, LANES, spreadOver } from '../../server/src/db/lanes';
import type { Queryable } from '../../server/src/db/pool';
import { testDb } from '../helpers/db';
import { embeddedRun } from '../helpers/engine';

/** A Queryable that records how many statements run at once; each takes longer the earlier its chunk. */
function recording(lanes?: number) {
  let running = 0;
  let most = 0;
  const c: Queryable = {
    lanes,
    async query<R>(_sql: string, params?: unknown[]) {
      running++;
      most = Math.max(most, running);
      const chunk = params![0] as number[];
      await new Promise((resolve) => setTimeout(resolve, 40 - chunk[0] / 4));
      running--;
      return { rows: chunk.map((n) => ({ n })) as R[], rowCount: chunk.length };
    },
    exec: async () => undefined,
  };
  return { c, most: () => most };
}

const items = Array.from({ length: 100 }, (_, n) => n);
const run = (c: Queryable) => inChunks(c, items, 7, async (chunk) => (await c.query<{ n: number }>('', [chunk])).rows.map((r) => r.n));

describe('inChunks', () => {
  it('answers in the items’ order with up to its lanes at once', async () => {
    const spread = recording(3);
    expect(await run(spread.c)).toEqual(items);
    expect(spread.most()).toBe(3);
  });

  it('takes no chunk after one fails, and throws that failure once every lane has stopped', async () => {
    const started: number[] = [];
    let running = 0;
    const c: Queryable = { lanes: 2, query: async () => ({ rows: [], rowCount: 0 }), exec: async () => undefined };
    const failing = inChunks(c, items, 10, async (chunk) => {
      started.push(chunk[0]);
      running++;
      await new Promise((resolve) => setTimeout(resolve, chunk[0] === 20 ? 5 : 30));
      running--;
      if (chunk[0] === 20) throw new Error('chunk 20 failed');
      return chunk;
    });
    await expect(failing).rejects.toThrow('chunk 20 failed');
    expect(running).toBe(0);
    // chunks 0 and 10 ran together, then 20 and 30; 20 failed, so no fifth chunk began
    expect(started.sort((a, b) => a - b)).toEqual([0, 10, 20, 30]);
  });

  it('runs one chunk at a time on a Queryable without lanes', async () => {
    const one = recording();
    expect(await run(one.c)).toEqual(items);
    expect(one.most()).toBe(1);
  });
});

// Embedded, an import reads through its one session: there is nothing to spread over.
describe.runIf(!embeddedRun)('spreadOver (PostgreSQL)', () => {
  it('runs each statement on a pooled connection, as many at once as there are lanes', async () => {
    const db = await testDb();
    const spread = spreadOver(db);
    expect(spread.lanes).toBe(LANES);
    const pids = await inChunks(
      spread,
      Array.from({ length: LANES * 3 }, (_, n) => n),
      1,
      async () => {
        const { rows } = await spread.query<{ pid: number }>('SELECT pg_backend_pid() AS pid FROM pg_sleep(0.05)');
        return rows.map((r) => r.pid);
      },
    );
    expect(new Set(pids).size).toBeGreaterThanOrEqual(Math.min(LANES, 2));
  });
});
