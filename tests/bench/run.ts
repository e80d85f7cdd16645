/**
 * `npm run bench`: runs every tests/bench/*.bench.ts module's `run(ctx)` and prints each figure
 * next to its baseline from the same run. `npm run bench -- tiles` runs only matching modules;
 * BENCH_QUICK=1 skips the large (1,000-community) runs; `BENCH_SCALE=N npm run bench -- scale` measures a town of N communities. Results also go to bench-results/latest.json.
 * Exits 1 when any figure misses its target.
 */
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { BenchContext, BenchResult } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const filter = process.argv.slice(2);

const urls = new Map<string, string>();
const ctx: BenchContext = {
  quick: process.env.BENCH_QUICK === '1',
  log: (line) => console.log(`  ${line}`),
  postgresUrl(database) {
    let url = urls.get(database);
    if (!url) {
      url = execFileSync('bash', [path.join(root, '.ci/start-postgis.sh'), database], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!;
      urls.set(database, url);
    }
    return url;
  },
};

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter.length || filter.some((w) => f.includes(w)))
  // The scale bench (BENCH_SCALE communities, minutes to hours) runs only when named: `npm run bench -- scale`.
  .filter((f) => f !== 'scale.bench.ts' || filter.includes('scale'))
  .sort();
const all: (BenchResult & { module: string })[] = [];
for (const file of modules) {
  console.log(`\n## ${file}`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { run(ctx: BenchContext): Promise<BenchResult[]> };
  const started = Date.now();
  try {
    const results = await mod.run(ctx);
    for (const r of results) {
      all.push({ ...r, module: file });
      const base = r.baseline ? `   baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : '';
      const ratio = r.ratio !== undefined ? `   ratio ${fmt(r.ratio)}` : '';
      const target = r.target ? `   target ${r.target} ${r.ok === undefined ? '' : r.ok ? 'OK' : 'MISSED'}` : '';
      console.log(`  ${r.name}: ${fmt(r.value)} ${r.unit}${base}${ratio}${target}`);
    }
  } catch (err) {
    console.log(`  FAILED: ${err instanceof Error ? err.stack : String(err)}`);
    all.push({ module: file, name: 'module failed', value: NaN, unit: '', ok: false });
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
mkdirSync(path.join(root, 'bench-results'), { recursive: true });
writeFileSync(path.join(root, 'bench-results/latest.json'), JSON.stringify({ at: new Date().toISOString(), results: all }, null, 2));
const missed = all.filter((r) => r.ok === false);
console.log(
  `\n${all.length} figures, ${missed.length} missed target${missed.length === 1 ? '' : 's'}${missed.length ? ': ' + missed.map((m) => m.name).join('; ') : ''}`,
);
// A missed target (or a module that failed) fails the run, so CI notices.
process.exit(missed.length ? 1 : 0);
