/**
 * What keeping search entries costs a bulk building write (PostgreSQL, demo town): the town's
 * buildings written four times over into a new community, 1,000 rows a statement as an import
 * writes them, each way in a transaction that is rolled back:
 * - with the triggers of 0033 (pieces cut by C string functions, new rows only added; their body
 *   put back for the run), which keep no pieces in rank order,
 * - with the triggers of 0035, which also keep each entry's pairs in rank order (search_piece),
 * - deferred for the transaction and refreshed once (db/search.ts, for an importer),
 * - baseline: the search triggers disabled (no entries at all).
 * Each way runs twice, alternating; the faster run counts. Full runs only (no target).
 */
import { openPostgres, type Db, type Queryable } from '../../server/src/db/pool';
import { migrate } from '../../server/src/db/migrate';
import { loadDemoTown } from '../../data/load';
import { deferSearchEntries, refreshSearchEntries } from '../../server/src/db/search';
import type { BenchContext, BenchResult } from './types';

const COPIES = 4;
const CHUNK = 1000;
const NEW_COMMUNITY_SUFFIX = '999';

/** The 0033 behaviour for new rows: entries only, without their pairs in rank order (0035). */
const AS_0033 = `CREATE OR REPLACE FUNCTION search_entry_add(what text, codes text[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO search_entry (kind, code, county_code, hay, grams, label_length)
    SELECT s.kind, s.code, s.county_code, s.hay, search_grams(s.hay), s.label_length FROM search_source s
     WHERE s.kind = what AND s.code = ANY(codes)
    ON CONFLICT (kind, code, county_code) DO UPDATE SET hay = EXCLUDED.hay, grams = EXCLUDED.grams, label_length = EXCLUDED.label_length;
  END $$`;

interface Way {
  name: string;
  before?: (c: Queryable) => Promise<void>;
  after?: (c: Queryable, codes: string[]) => Promise<void>;
}

const WAYS: Way[] = [
  {
    name: 'search entries by the 0033 triggers (no pieces in rank order)',
    before: async (c) => void (await c.query(AS_0033)),
  },
  { name: 'search entries and pieces in rank order by the 0035 triggers' },
  {
    name: 'search entries deferred, refreshed once',
    before: deferSearchEntries,
    after: (c, codes) => refreshSearchEntries(c, [{ kind: 'building', added: codes, changed: [] }]),
  },
  { name: 'no search entries', before: async (c) => void (await c.query('ALTER TABLE building DISABLE TRIGGER search_entry_insert')) },
];

class Undo extends Error {}

async function timeWay(db: Db, way: Way): Promise<{ seconds: number; rows: number }> {
  let result = { seconds: 0, rows: 0 };
  await db
    .withTransaction(async (c) => {
      const { rows: one } = await c.query<{ code: string }>('SELECT min(code) AS code FROM community');
      const community = one[0].code.slice(0, 9) + NEW_COMMUNITY_SUFFIX;
      await c.query(
        `INSERT INTO community (code, county_code, town_code, name, geom)
         SELECT $1, left($1, 6), town_code, name || '新', geom FROM community WHERE code = $2`,
        [community, one[0].code],
      );
      await c.query(
        `CREATE TEMP TABLE bench_source ON COMMIT DROP AS
         SELECT $1 || lpad((row_number() OVER (ORDER BY code, n))::text, 5, '0') AS code, name, address, kind, floors, households, residents, geom
           FROM building, generate_series(1, $2) n`,
        [community, COPIES],
      );
      const { rows: all } = await c.query<{ code: string }>('SELECT code FROM bench_source ORDER BY code');
      const codes = all.map((r) => r.code);
      await way.before?.(c);
      const t = performance.now();
      for (let at = 0; at < codes.length; at += CHUNK)
        await c.query(
          `INSERT INTO building (code, community_code, county_code, name, address, kind, floors, households, residents, geom)
           SELECT code, $1, left($1, 6), name, address, kind, floors, households, residents, geom FROM bench_source
            WHERE code >= $2 AND code <= $3`,
          [community, codes[at], codes[Math.min(codes.length, at + CHUNK) - 1]],
        );
      await way.after?.(c, codes);
      result = { seconds: (performance.now() - t) / 1000, rows: codes.length };
      throw new Undo();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Undo)) throw err;
    });
  return result;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  // A record of a design choice with no target: measured in full runs only.
  if (ctx.quick) {
    ctx.log('full runs only (no target)');
    return [];
  }
  // BENCH_SEARCH_WRITES_DATABASE names another database (e.g. a copy) when several people share one cluster.
  const db = openPostgres(ctx.postgresUrl(process.env.BENCH_SEARCH_WRITES_DATABASE ?? 'gridplan_search_writes'));
  try {
    await migrate(db);
    const { rows } = await db.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM building'));
    if (rows[0].n === 0) await loadDemoTown(db, {});
    const best = new Map<string, number>();
    let written = 0;
    for (let round = 0; round < 2; round++)
      for (const way of WAYS) {
        const { seconds, rows: n } = await timeWay(db, way);
        written = n;
        best.set(way.name, Math.min(best.get(way.name) ?? Infinity, seconds));
        ctx.log(`${way.name}: ${seconds.toFixed(2)} s for ${n} buildings`);
      }
    const floor = best.get('no search entries')!;
    return WAYS.filter((w) => w.name !== 'no search entries').map((w) => ({
      name: `${written} buildings written, ${w.name}`,
      value: best.get(w.name)!,
      unit: 's',
      baseline: { name: 'no search entries', value: floor },
      ratio: best.get(w.name)! / floor,
    }));
  } finally {
    await db.close();
  }
}
