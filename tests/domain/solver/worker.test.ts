// runMip solves on a HiGHS worker thread: the main event loop keeps running during a long solve,
// answers match the in-thread path, and a killed worker is replaced for the next solve.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSolverPool, runMip, warmHighs, type MipOptions, type MipResult } from '../../../server/src/domain/solver/highs';
import type { MipModel } from '../../../server/src/domain/solver/model';
import { runMipInThread } from './in-thread';
import { infeasible, knapsack, marketSplit, mixed, smallPMedian } from './models';

beforeAll(async () => {
  await warmHighs();
}, 60_000);

afterAll(async () => {
  await closeSolverPool();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` while a 10 ms interval ticks; returns its result and the longest gap between ticks. */
async function withLagProbe<T>(work: () => Promise<T>): Promise<{ result: T; maxGapMs: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const tick = (): void => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  };
  const timer = setInterval(tick, 10);
  try {
    const result = await work();
    await sleep(30); // let a tick that was held up by a blocking solve record its gap
    return { result, maxGapMs };
  } finally {
    clearInterval(timer);
  }
}

/** Nice value of each thread of this process, by thread id (/proc/self/task/<tid>/stat, field 19). */
function threadNiceValues(): Map<number, number> {
  return new Map(
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    }),
  );
}

const withoutTime = ({ solveMs: _ignored, ...rest }: MipResult): Omit<MipResult, 'solveMs'> => rest;

describe('runMip on the solver worker', () => {
  it('keeps the event loop responsive during a solve that runs to its 1.5 s time limit', async () => {
    const { result, maxGapMs } = await withLagProbe(() => runMip(marketSplit(4, 30, 7), { timeLimitSeconds: 1.5, mipRelGap: 0 }));
    expect(result.status).toBe('time_limit');
    expect(result.values).toHaveLength(38);
    expect(result.solveMs).toBeGreaterThanOrEqual(1_400);
    expect(maxGapMs).toBeLessThan(250);
  });

  it('solves at nice +10 while the server threads keep their priority (Linux: nice is per thread)', async () => {
    const solving = runMip(marketSplit(4, 30, 7), { timeLimitSeconds: 1, mipRelGap: 0 });
    await sleep(300);
    const nice = threadNiceValues();
    await solving;
    expect(nice.get(process.pid)).toBe(0);
    expect([...nice.values()]).toContain(10);
  });

  it('(contrast) the same solve in-thread stalls the event loop for about its whole length', async () => {
    const { result, maxGapMs } = await withLagProbe(() => runMipInThread(marketSplit(4, 30, 7), { timeLimitSeconds: 1, mipRelGap: 0 }));
    expect(result.status).toBe('time_limit');
    expect(maxGapMs).toBeGreaterThan(900);
  });

  const cases: [string, () => { model: MipModel; options: MipOptions }][] = [
    ['knapsack', () => ({ model: knapsack(), options: {} })],
    ['infeasible model', () => ({ model: infeasible(), options: {} })],
    ['infinite bounds, mixed integer', () => ({ model: mixed(), options: { feasibilityTolerance: 1e-9 } })],
    ['p-median with a start', () => ({ ...smallPMedian(11), options: { mipRelGap: 1e-9 } })],
    [
      'p-median, gap options',
      () => ({ model: smallPMedian(12).model, options: { mipRelGap: 0.5, mipAbsGap: 0.999, timeLimitSeconds: 5 } }),
    ],
    [
      'model HiGHS rejects (NaN cost)',
      () => {
        const { model } = smallPMedian(13);
        model.columns[0]!.cost = Number.NaN;
        return { model, options: {} };
      },
    ],
  ];

  it.each(cases)('answers like the in-thread path: %s', async (_name, make) => {
    const viaWorker = make();
    const inThread = make();
    const worker = await runMip(viaWorker.model, viaWorker.options);
    const local = await runMipInThread(inThread.model, inThread.options);
    expect(withoutTime(worker)).toEqual(withoutTime(local));
  });

  it('gives each of several concurrent solves its own answer', async () => {
    const [a, b, c] = await Promise.all([runMip(knapsack()), runMip(infeasible()), runMip(mixed())]);
    expect(a).toMatchObject({ status: 'optimal', objective: 9, values: [0, 1, 1, 1] });
    expect(b).toMatchObject({ status: 'infeasible', values: null });
    expect(c).toMatchObject({ status: 'optimal', objective: 11.5, values: [-0.5, 4] });
  });

  it('recovers after its worker is killed mid-solve: that solve answers error, the next one is solved', async () => {
    const long = runMip(marketSplit(5, 40, 3), { timeLimitSeconds: 20, mipRelGap: 0 });
    await sleep(300);
    const closingAt = performance.now();
    await closeSolverPool(); // terminates the worker while HiGHS is inside run()
    expect(performance.now() - closingAt).toBeLessThan(2_000);
    expect(await long).toMatchObject({ status: 'error', values: null, message: 'solver pool closed' });
    expect(await runMip(knapsack())).toMatchObject({ status: 'optimal', objective: 9 });
  });

  it('adds little per solve over the in-thread path on a small model', async () => {
    const meanMs = async (solve: typeof runMip, count: number): Promise<number> => {
      const startedAt = performance.now();
      for (let k = 0; k < count; k++) expect((await solve(knapsack())).status).toBe('optimal');
      return (performance.now() - startedAt) / count;
    };
    await meanMs(runMip, 5);
    await meanMs(runMipInThread, 5);
    const worker = await meanMs(runMip, 50);
    const local = await meanMs(runMipInThread, 50);
    console.log(
      `small-model solve: worker ${worker.toFixed(2)} ms, in-thread ${local.toFixed(2)} ms, overhead ${(worker - local).toFixed(2)} ms`,
    );
    expect(worker - local).toBeLessThan(20);
  });
});
