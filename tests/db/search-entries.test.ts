/**
 * Search reads an index of entries kept by the writes themselves: whatever way a community,
 * compound, building or person is written, renamed or removed, search finds it by what it is now.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { deferSearchEntries, refreshSearchEntries, search } from '../../server/src/db/search';
import type { Queryable } from '../../server/src/db/pool';

const everyone = { limit: 50, people: { homesOf: '*' as const } };
const find = async (c: Queryable, text: string) => (await search(c, text, everyone)).map((h) => `${h.kind} ${h.code}`);

/** One row per community, compound, building and person, and nothing else. */
async function entriesAndRows(c: Queryable): Promise<{ entries: string[]; rows: string[] }> {
  const list = async (sql: string) => (await c.query<{ key: string }>(sql)).rows.map((r) => r.key).sort();
  return {
    entries: await list(`SELECT kind || ' ' || code AS key FROM search_entry`),
    rows: await list(`SELECT 'community ' || code AS key FROM community UNION ALL SELECT 'compound ' || code FROM compound
                      UNION ALL SELECT 'building ' || code FROM building UNION ALL SELECT 'person ' || id FROM person`),
  };
}

describe('search entries', () => {
  beforeAll(async () => {
    await testDb();
  });

  it('hold every community, compound, building and person of the loaded town', async () => {
    const db = await testDb();
    const { entries, rows } = await db.withClient(entriesAndRows);
    expect(rows.length).toBeGreaterThan(1000);
    expect(entries).toEqual(rows);
  });

  it('follow a building written, renamed and removed, and find it by one character in any case', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const { rows } = await c.query<{ code: string; community_code: string }>(
          'SELECT code, community_code FROM building ORDER BY code LIMIT 1',
        );
        const code = `${rows[0].community_code}99001`;
        await c.query(
          `INSERT INTO building (code, community_code, address, households, residents, geom)
           SELECT $1, community_code, '仙女镇试验路1号Ж楼', 1, 2, geom FROM building WHERE code = $2`,
          [code, rows[0].code],
        );
        expect(await find(c, '试验路')).toEqual([`building ${code}`]);
        expect(await find(c, 'ж')).toEqual([`building ${code}`]);
        await c.query(`UPDATE building SET address = '仙女镇检验路1号' WHERE code = $1`, [code]);
        expect(await find(c, '试验路')).toEqual([]);
        expect(await find(c, '检验路')).toEqual([`building ${code}`]);
        await c.query('DELETE FROM building WHERE code = $1', [code]);
        expect(await find(c, '检验路')).toEqual([]);
        const { entries, rows: all } = await entriesAndRows(c);
        expect(entries).toEqual(all);
      }),
    );
  });

  it('find a compound and its buildings under a new compound name, and not under the old one', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const { rows } = await c.query<{ code: string; buildings: string[] }>(
          `SELECT k.code, array_agg(b.code ORDER BY b.code) AS buildings FROM compound k JOIN building b ON b.compound_code = k.code
            GROUP BY k.code HAVING count(*) BETWEEN 2 AND 40 ORDER BY k.code LIMIT 1`,
        );
        const [compound] = rows;
        await c.query(`UPDATE compound SET name = '翠微试验苑' WHERE code = $1`, [compound.code]);
        const hits = await find(c, '翠微试验');
        expect(hits.sort()).toEqual([`compound ${compound.code}`, ...compound.buildings.map((b) => `building ${b}`)].sort());
      }),
    );
  });

  it('find a community, its compounds and buildings under its new name', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const { rows } = await c.query<{ code: string }>('SELECT code FROM community ORDER BY code LIMIT 1');
        const code = rows[0].code;
        const counted = await c.query<{ compounds: number; buildings: number }>(
          `SELECT (SELECT count(*) FROM compound WHERE community_code = $1)::int AS compounds,
                  (SELECT count(*) FROM building WHERE community_code = $1)::int AS buildings`,
          [code],
        );
        await c.query(`UPDATE community SET name = '澄湖试验社区' WHERE code = $1`, [code]);
        const hits = (await search(c, '澄湖试验', { limit: 100_000, people: null })).filter((h) => h.community === '澄湖试验社区');
        expect(hits.filter((h) => h.kind === 'community').map((h) => h.code)).toEqual([code]);
        expect(hits.filter((h) => h.kind === 'compound')).toHaveLength(counted.rows[0].compounds);
        expect(hits.filter((h) => h.kind === 'building')).toHaveLength(counted.rows[0].buildings);
      }),
    );
  });

  it('find a person under a new name and forget them once removed', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const { rows } = await c.query<{ id: string }>(
          `INSERT INTO person (community_code, name, type) SELECT code, '欧阳试验', 'volunteer' FROM community ORDER BY code LIMIT 1
           RETURNING id::text AS id`,
        );
        expect(await find(c, '欧阳试验')).toEqual([`person ${rows[0].id}`]);
        await c.query(`UPDATE person SET name = '司马试验' WHERE id = $1`, [rows[0].id]);
        expect(await find(c, '欧阳试验')).toEqual([]);
        expect(await find(c, '司马试验')).toEqual([`person ${rows[0].id}`]);
        await c.query('DELETE FROM person WHERE id = $1', [rows[0].id]);
        expect(await find(c, '司马试验')).toEqual([]);
      }),
    );
  });

  it('hold every piece the former loop cut, and extra pieces only with a space or none at all, which no query asks for', async () => {
    const db = await testDb();
    const { rows } = await db.withClient((c) =>
      c.query<{ entries: number; missing: number; extra: string[] }>(
        `SELECT count(*)::int AS entries,
                count(*) FILTER (WHERE NOT search_grams(hay) @> search_grams_loop(hay))::int AS missing,
                coalesce((SELECT array_agg(DISTINCT g) FROM search_entry e2, unnest(search_grams(e2.hay)) g
                           WHERE g <> ALL(search_grams_loop(e2.hay)) AND strpos(g, ' ') = 0 AND g <> ''), '{}') AS extra
           FROM search_entry`,
      ),
    );
    expect(rows[0].entries).toBeGreaterThan(1000);
    expect(rows[0].missing).toBe(0);
    expect(rows[0].extra).toEqual([]);
  });

  it('may be deferred by a bulk writer and refreshed once: nothing changes until then, the same entries after', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const { rows } = await c.query<{ code: string; community_code: string; compound_code: string }>(
          `SELECT code, community_code, compound_code FROM building WHERE compound_code IS NOT NULL ORDER BY code LIMIT 1`,
        );
        const [first] = rows;
        const added = [`${first.community_code}99001`, `${first.community_code}99002`];
        await deferSearchEntries(c);
        await c.query(
          `INSERT INTO building (code, community_code, county_code, address, households, residents, geom)
           SELECT n, community_code, county_code, '仙女镇延后路' || right(n, 1) || '号', 1, 2, geom FROM building, unnest($2::text[]) n WHERE code = $1`,
          [first.code, added],
        );
        await c.query(`UPDATE compound SET name = '翠微延后苑' WHERE code = $1`, [first.compound_code]);
        await c.query(`UPDATE building SET address = '仙女镇改后路9号' WHERE code = $1`, [first.code]);
        expect(await find(c, '延后路')).toEqual([]);
        expect(await find(c, '翠微延后')).toEqual([]);
        await refreshSearchEntries(c, [
          { kind: 'building', added, changed: [first.code] },
          { kind: 'compound', added: [], changed: [first.compound_code] },
        ]);
        expect((await find(c, '延后路')).sort()).toEqual(added.map((code) => `building ${code}`));
        expect(await find(c, '改后路')).toEqual([`building ${first.code}`]);
        expect(await find(c, '翠微延后')).toContain(`compound ${first.compound_code}`);
        expect(await find(c, '翠微延后')).toContain(`building ${first.code}`);
        const { entries, rows: all } = await entriesAndRows(c);
        expect(entries).toEqual(all);
        // and the triggers keep them again for the rest of the transaction
        await c.query(`DELETE FROM building WHERE code = $1`, [added[0]]);
        expect(await find(c, '延后路')).toEqual([`building ${added[1]}`]);
      }),
    );
  });
});
