/**
 * The town of `BENCH_SCALE` communities for the scale bench, and the cost-growth table: each run
 * keeps its figures in bench-results/scale-N.json, and the table sets side by side the scales
 * measured so far (100 → 1,000 → 10,000), with the factor per 10× step.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgres, type Db } from '../../server/src/db/pool';
import { migrate } from '../../server/src/db/migrate';
import { loadDemoTown } from '../../data/load';
import type { BenchContext, BenchResult } from './types';

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench-results');

/** The scale asked for with BENCH_SCALE (default 100), checked. */
export function benchScale(): number {
  const scale = Number(process.env.BENCH_SCALE ?? 100);
  if (!Number.isInteger(scale) || scale < 22 || scale > 20_000)
    throw new RangeError(`BENCH_SCALE must be 22…20000, got ${process.env.BENCH_SCALE}`);
  return scale;
}

/**
 * A PostgreSQL database holding a demo town of `communities`, kept between runs: loaded when the
 * last demo load there was of another size (as `gridplan demo --communities N` leaves it, so a
 * town loaded from the command line is used as it is).
 */
export async function scaleTown(ctx: BenchContext, communities: number): Promise<{ db: Db; url: string }> {
  // BENCH_SCALE_DATABASE names another database (e.g. a copy) when several people share one cluster.
  const url = ctx.postgresUrl(process.env.BENCH_SCALE_DATABASE ?? `gridplan_scale_${communities}`);
  const db = openPostgres(url, 60);
  await migrate(db);
  const { rows } = await db.withClient((c) =>
    c.query<{ n: number | null }>(
      "SELECT (after ->> 'communities')::int AS n FROM audit_log WHERE action = 'load_demo' ORDER BY id DESC LIMIT 1",
    ),
  );
  if (rows[0]?.n !== communities) {
    const t = Date.now();
    await loadDemoTown(db, { communities, log: ctx.log });
    ctx.log(`loaded a ${communities}-community town in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  await db.withClient((c) => c.query('ANALYZE'));
  return { db, url };
}

/** A figure of the scale bench: `key` names what is measured, the same at every scale. */
export type ScaleResult = BenchResult & { key: string };

const SCALES = [100, 1000, 10_000];

/** Saves this scale's figures and prints the growth table of every scale measured so far. */
export function growthTable(ctx: BenchContext, scale: number, results: readonly ScaleResult[]): void {
  mkdirSync(RESULTS, { recursive: true });
  const at = new Date().toISOString();
  writeFileSync(path.join(RESULTS, `scale-${scale}.json`), JSON.stringify({ at, scale, results }, null, 2));
  const runs = new Map<number, Map<string, ScaleResult>>();
  for (const s of new Set([...SCALES, scale])) {
    const file = path.join(RESULTS, `scale-${s}.json`);
    if (!existsSync(file)) continue;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { results: ScaleResult[] };
    runs.set(s, new Map(saved.results.map((r) => [r.key, r])));
  }
  const scales = [...runs.keys()].sort((a, b) => a - b);
  const keys = [...new Set(scales.flatMap((s) => [...runs.get(s)!.keys()]))];
  const cell = (r: ScaleResult | undefined) => (r ? `${r.value >= 100 ? r.value.toFixed(0) : r.value.toPrecision(3)} ${r.unit}` : '—');
  ctx.log('');
  ctx.log(`cost growth with size (communities: ${scales.join(' → ')}; ×k = factor per 10× step)`);
  ctx.log(['figure', ...scales.map(String)].join(' | '));
  for (const key of keys) {
    const row = [key];
    scales.forEach((s, i) => {
      const here = runs.get(s)!.get(key);
      const before = i > 0 ? runs.get(scales[i - 1])!.get(key) : undefined;
      const step = here && before && before.value > 0 ? ` (×${(here.value / before.value).toFixed(1)})` : '';
      row.push(cell(here) + step);
    });
    ctx.log(row.join(' | '));
  }
}
