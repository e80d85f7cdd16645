/** One figure printed by `npm run bench`, with the baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value */
  ratio?: number;
  /** The target in words, e.g. "≤ 3" or "≤ 1000 ms". */
  target?: string;
  /** Whether the target is met; undefined when there is no target. */
  ok?: boolean;
}

export interface BenchContext {
  /** A PostgreSQL + PostGIS URL for a scratch database of this name (created on demand). */
  postgresUrl(database: string): string;
  /** Skip the slow, large-scale runs (BENCH_QUICK=1). */
  quick: boolean;
  log(line: string): void;
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The median of values in any order (the same rank as `percentile(…, 50)`). */
export const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Runs `fn` `n` times and returns the sorted durations in ms. */
export async function timeRuns(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}
