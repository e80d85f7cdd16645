// OR-Library p-median instances through solveLocation (the path of `gridplan locate` and
// /api/locate): the published optimum, proven, within the 10 s per instance.
import { describe, expect, it } from 'vitest';
import { solveLocation } from '../../../server/src/domain/locate';
import { readPmed, toLocateProblem } from './orlib';

describe('p-median on OR-Library instances', () => {
  it.each([1, 2, 6, 11, 16])(
    'solves pmed%i to its published optimum and proves it within 10 s',
    async (k) => {
      const instance = readPmed(k);
      const started = performance.now();
      const result = await solveLocation(toLocateProblem(instance), { timeLimitSeconds: 30 });
      const seconds = (performance.now() - started) / 1000;
      expect(result.objective).toBe(instance.optimum);
      expect(result.status).toBe('optimal');
      expect(result.gap).toBe(0);
      expect(result.open).toHaveLength(instance.p);
      expect(seconds).toBeLessThanOrEqual(10);
    },
    60_000,
  );

  it('stops at a short limit with a plan, a finite gap and the source of that plan', async () => {
    const instance = readPmed(36);
    const result = await solveLocation(toLocateProblem(instance), { timeLimitSeconds: 2 });
    expect(result.status).toBe('time_limit');
    expect(result.open).toHaveLength(instance.p);
    expect(result.objective).toBeGreaterThanOrEqual(instance.optimum);
    // The bound is below the optimum, so the reported gap covers the plan's real distance from it.
    expect(result.gap).toBeGreaterThan(0);
    expect(result.gap!).toBeGreaterThanOrEqual((result.objective - instance.optimum) / result.objective - 1e-9);
    expect(['heuristic', 'solver']).toContain(result.source);
  }, 60_000);
});
