/**
 * What the datum check of OpenStreetMap-style buildings (server/src/data/plausibility-clashes.ts)
 * adds to a buildings import: the check on the demo town's own footprints and on 100,000
 * generated ones (tests/bench/import-town.ts), on PostgreSQL and embedded, each beside reading
 * the same file (JSON parse and records), which every import pays first, in the same run. The
 * rows are given as the import has them after placing (every footprint in a community): the
 * check reads only their county and the file's numbers. Target: ≤ 1 s, and at 100,000 buildings
 * less than reading the file.
 */
import { openPostgres, type Db } from '../../server/src/db/pool';
import { parseGeoJson } from '../../server/src/data/parse-geojson';
import { buildingClashMixUps } from '../../server/src/data/plausibility-clashes';
import { getSettings } from '../../server/src/db/settings';
import type { ValidRow } from '../../server/src/data/validate';
import { osmFile, sites } from './import-town';
import { pgliteTown } from './shared';
import { demoTown } from '../helpers/db';
import { timeRuns, type BenchContext, type BenchResult } from './types';

const RUNS = 5;
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)];

/** The demo town's footprints as an OSM-style file (outline only). */
async function townFile(db: Db): Promise<{ count: number; bytes: Uint8Array }> {
  const { rows } = await db.withClient((c) => c.query<{ g: string }>('SELECT ST_AsGeoJSON(geom, 7) AS g FROM building ORDER BY code'));
  const features = rows.map((r, i) => ({ type: 'Feature', properties: { '@id': `way/${i + 1}` }, geometry: JSON.parse(r.g) as unknown }));
  return { count: features.length, bytes: new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })) };
}

async function measure(db: Db, engine: string, files: { label: string; bytes: Uint8Array }[], ctx: BenchContext) {
  const results: BenchResult[] = [];
  for (const { label, bytes } of files) {
    const text = new TextDecoder().decode(bytes);
    const readMs = median(await timeRuns(RUNS, async () => parseGeoJson(text)));
    const file = parseGeoJson(text).file!;
    // placed as the import places them: the demo town's one county (what the check's building query reads)
    const rows: ValidRow[] = file.records.map((r) => ({
      ref: r.ref,
      key: null,
      values: { community_code: '321012100001' },
      ewkb: 'placed',
    }));
    let found = -1;
    const checkMs = median(
      await timeRuns(RUNS, async () => {
        found = (
          await db.withClient(async (c) =>
            buildingClashMixUps(c, file, { kind: 'wgs84' }, rows, (await getSettings(c))['import.pointFootprintM2']),
          )
        ).length;
      }),
    );
    ctx.log(`${engine}, ${label}: check ${checkMs.toFixed(0)} ms (problems ${found}), reading the file ${readMs.toFixed(0)} ms`);
    const big = file.records.length >= 100_000;
    results.push({
      name: `datum check of ${label} (sample of footprints against stored roads and buildings), ${engine}`,
      value: checkMs,
      unit: 'ms',
      baseline: { name: 'reading the same file', value: readMs },
      ratio: checkMs / readMs,
      target: big ? '≤ 1000 ms and < reading the file' : '≤ 1000 ms',
      ok: found === 0 && checkMs <= 1000 && (!big || checkMs < readMs),
    });
  }
  return results;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const pg = openPostgres(ctx.postgresUrl('gridplan_bench_clashes'));
  await pg.withClient((c) => c.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'));
  await demoTown(pg);
  const town = await townFile(pg);
  const files = [
    { label: `the demo town's ${town.count.toLocaleString('en')} buildings`, bytes: town.bytes },
    { label: '100,000 generated buildings', bytes: osmFile(await sites(pg, 100_000)) },
  ];
  const results = await measure(pg, 'PostgreSQL', files, ctx);
  await pg.close();
  // The embedded town is a copy of the run's shared demo-town image (the same town, loaded once).
  const embedded = await pgliteTown(ctx, 22);
  results.push(...(await measure(embedded, 'embedded', files, ctx)));
  return results;
}
