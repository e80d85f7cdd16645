// SolverPool's bookkeeping with stand-in workers (fixtures/*.mjs) that crash, hang or never start
// on demand; the real HiGHS worker is exercised in worker.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { MipModel } from '../../../server/src/domain/solver/model';
import { packModel, type PackedMip } from '../../../server/src/domain/solver/packed';
import { SolverPool, type PoolAnswer, type PoolOptions } from '../../../server/src/domain/solver/pool';

const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url);

/** A model whose column count tells the stand-in what to do (see stand-in-worker.mjs). */
function columns(count: number): PackedMip {
  const model = new MipModel('minimize');
  for (let j = 0; j < count; j++) model.addBinary(1);
  return packModel(model);
}

const pools: SolverPool[] = [];
function pool(overrides: Partial<PoolOptions> = {}): { pool: SolverPool; logged: string[] } {
  const logged: string[] = [];
  const created = new SolverPool({
    size: 1,
    workerUrl: fixture('stand-in-worker.mjs'),
    startTimeoutMs: 10_000,
    hangMarginMs: 200,
    defaultTimeLimitSeconds: 30,
    log: (line) => logged.push(line),
    ...overrides,
  });
  pools.push(created);
  return { pool: created, logged };
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function threadOf(answer: PoolAnswer): string {
  if (answer.kind !== 'answer' || answer.result.status !== 'optimal') throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  return answer.result.message ?? '';
}

describe('SolverPool', () => {
  it('applies a new size to the workers it starts next, and stops idle workers beyond a smaller one', async () => {
    const { pool: p } = pool({ size: 1 });
    p.resize(2);
    expect(p.size).toBe(2);
    // The first solve hangs its worker (until its 1 s limit + margin); the second needs a second worker.
    const hung = p.solve(columns(2), { timeLimitSeconds: 1 });
    threadOf(await p.solve(columns(4), {}));
    expect(p.workerCount).toBe(2);
    // Back to one: the idle worker stops at once, the busy one finishes its solve.
    p.resize(1);
    expect(p.workerCount).toBe(1);
    expect(await hung).toMatchObject({ kind: 'answer', result: { status: 'time_limit' } });
  });

  it('reuses one worker for solves in a row and queues concurrent ones', async () => {
    const { pool: p } = pool();
    const first = threadOf(await p.solve(columns(5), {}));
    const together = await Promise.all([p.solve(columns(6), {}), p.solve(columns(7), {}), p.solve(columns(8), {})]);
    expect(together.map(threadOf)).toEqual([first, first, first]);
    expect(together.map((a) => (a.kind === 'answer' ? a.result.values?.length : -1))).toEqual([6, 7, 8]);
    expect(p.workerCount).toBe(1);
  });

  it('answers error when the worker exits mid-solve, then starts a new worker for the next solve', async () => {
    const { pool: p } = pool();
    const before = threadOf(await p.solve(columns(4), {}));
    const crashed = await p.solve(columns(1), {});
    expect(crashed).toMatchObject({ kind: 'answer', result: { status: 'error', values: null } });
    expect(crashed.kind === 'answer' && crashed.result.message).toMatch(/exited with code 3/);
    const after = threadOf(await p.solve(columns(4), {}));
    expect(after).not.toBe(before);
  });

  it('reports an uncaught exception in the worker as error with its message', async () => {
    const { pool: p } = pool();
    const failed = await p.solve(columns(3), {});
    expect(failed.kind === 'answer' && failed.result).toMatchObject({ status: 'error' });
    expect(failed.kind === 'answer' && failed.result.message).toMatch(/stand-in failed on purpose/);
    threadOf(await p.solve(columns(4), {}));
  });

  it('terminates a worker that runs past time limit + margin and answers time_limit; queued solves go on', async () => {
    const { pool: p } = pool();
    const startedAt = performance.now();
    const [hung, next] = await Promise.all([p.solve(columns(2), { timeLimitSeconds: 0.1 }), p.solve(columns(4), {})]);
    const waitedMs = performance.now() - startedAt;
    expect(hung).toMatchObject({ kind: 'answer', result: { status: 'time_limit', values: null, mipGap: null } });
    expect(hung.kind === 'answer' && hung.result.message).toMatch(/stopped/);
    expect(waitedMs).toBeGreaterThanOrEqual(290); // 100 ms limit + 200 ms margin
    expect(waitedMs).toBeLessThan(5_000);
    threadOf(next);
    expect(p.workerCount).toBe(1);
  });

  it('falls back (unavailable) when the worker cannot load, and logs the reason once', async () => {
    const { pool: p, logged } = pool({ workerUrl: fixture('broken-worker.mjs') });
    const answers = await Promise.all([p.solve(columns(4), {}), p.solve(columns(4), {})]);
    expect(answers.map((a) => a.kind)).toEqual(['unavailable', 'unavailable']);
    expect(await p.solve(columns(4), {})).toMatchObject({ kind: 'unavailable' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/broken on purpose/);
  });

  it('falls back when a worker never says ready within the start timeout', async () => {
    const { pool: p, logged } = pool({ workerUrl: fixture('silent-worker.mjs'), startTimeoutMs: 300 });
    expect(await p.solve(columns(4), {})).toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/300 ms/) });
    expect(logged).toHaveLength(1);
    expect(p.workerCount).toBe(0);
  });

  it('answers running and queued solves with error on close, and works again afterwards', async () => {
    const { pool: p } = pool();
    await p.solve(columns(4), {});
    const running = p.solve(columns(2), {});
    const queued = p.solve(columns(4), {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    await p.close();
    expect(await running).toMatchObject({ kind: 'answer', result: { status: 'error', message: 'solver pool closed' } });
    expect(await queued).toMatchObject({ kind: 'answer', result: { status: 'error', message: 'solver pool closed' } });
    expect(p.workerCount).toBe(0);
    threadOf(await p.solve(columns(4), {}));
  });
});
