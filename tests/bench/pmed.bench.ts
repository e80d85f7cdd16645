/**
 * OR-Library p-median, pmed1–40 (Beasley 1985; optima from pmedopt.txt) through solveLocation,
 * the path of `gridplan locate` and /api/locate: for each instance the published optimum, the
 * objective found, whether it is proven and the seconds. Targets: every instance optimal and
 * proven; pmed1–20 within 10 s each. Baseline: the assignment MIP in HiGHS that solved p-median
 * before (pMedian.ts, heuristic start) on pmed1–6 in the same run. BENCH_QUICK=1: pmed1–10 and
 * the baseline on pmed1–3.
 */
import { solveLocation } from '../../server/src/domain/locate';
import { objectiveOf } from '../../server/src/domain/locate/evaluate';
import { heuristicOpenSites } from '../../server/src/domain/locate/heuristic';
import { buildPMedianModel } from '../../server/src/domain/locate/pMedian';
import { runMip, warmHighs } from '../../server/src/domain/solver/highs';
import { readPmed, toLocateProblem } from '../domain/locate/orlib';
import type { BenchContext, BenchResult } from './types';

const FAST_SECONDS = 10;
/** pmed21–40 have no time target, only the optimum; the limit only keeps a stuck run from hanging. */
const SLOW_LIMIT_SECONDS = 900;
const BASELINE_LIMIT_SECONDS = 60;

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  await warmHighs();
  const results: BenchResult[] = [];
  const count = ctx.quick ? 10 : 40;
  const baselineCount = ctx.quick ? 3 : 6;
  ctx.log('instance     n    p   optimum     found  proven  seconds  source     previous MIP s');
  for (let k = 1; k <= count; k++) {
    const instance = readPmed(k);
    const problem = toLocateProblem(instance);
    const started = performance.now();
    const result = await solveLocation(problem, { timeLimitSeconds: k <= 20 ? FAST_SECONDS : SLOW_LIMIT_SECONDS });
    const seconds = (performance.now() - started) / 1000;

    let previous: number | null = null;
    if (k <= baselineCount) {
      const mipStarted = performance.now();
      const { model, siteColumns, startFor } = buildPMedianModel(problem);
      const mip = await runMip(model, {
        timeLimitSeconds: BASELINE_LIMIT_SECONDS,
        mipRelGap: 1e-6,
        start: startFor(heuristicOpenSites(problem)),
      });
      const open = siteColumns.flatMap((column, j) => (mip.values?.[column] === 1 ? [j] : []));
      previous = (performance.now() - mipStarted) / 1000;
      if (mip.status !== 'optimal' || objectiveOf(problem, open) !== instance.optimum)
        ctx.log(`  previous MIP on ${instance.name}: ${mip.status}`);
    }
    const optimal = result.objective === instance.optimum && result.status === 'optimal';
    const inTime = k > 20 || seconds <= FAST_SECONDS;
    ctx.log(
      `${instance.name.padEnd(9)} ${String(instance.n).padStart(4)} ${String(instance.p).padStart(4)} ${String(instance.optimum).padStart(9)} ${String(result.objective).padStart(9)}  ${result.status === 'optimal' ? 'yes   ' : 'no    '} ${seconds.toFixed(2).padStart(8)}  ${result.source.padEnd(9)}  ${previous === null ? '' : previous.toFixed(2)}`,
    );
    results.push({
      name: `${instance.name} (n ${instance.n}, p ${instance.p}) optimum ${instance.optimum}, found ${result.objective}${optimal ? ', proven' : ''}`,
      value: seconds,
      unit: 's',
      ...(previous === null ? {} : { baseline: { name: 'assignment MIP (HiGHS)', value: previous }, ratio: seconds / previous }),
      target: k <= 20 ? `optimal, ≤ ${FAST_SECONDS} s` : 'optimal',
      ok: optimal && inTime,
    });
  }
  return results;
}
