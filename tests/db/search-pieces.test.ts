/**
 * A search for a word found all over the town walks the entries of its rarest pair in answer
 * order and stops at the page (search_piece, migrations/0035): its page is the start of the
 * answer that reads every hit, for every kind of query, and the pieces follow every write.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';
import { WALKED, deferSearchEntries, refreshSearchEntries, search, type SearchOptions } from '../../server/src/db/search';
import type { Queryable } from '../../server/src/db/pool';

const PAGE = 20;
/** Larger than any answer of the test town: every hit, read through the GIN index. */
const EVERY_HIT = 100_000;

/** The first page of `q`, and the first PAGE hits of the answer that reads every hit. */
async function pageAndStart(c: Queryable, q: string, options: Omit<SearchOptions, 'limit'>) {
  const every = await search(c, q, { ...options, limit: EVERY_HIT });
  const page = await search(c, q, { ...options, limit: PAGE });
  return { page, start: every.slice(0, PAGE), every };
}

/**
 * Pieces that differ from what the entries hold: every pair (not two digits) of each place's
 * entry with the length of the label its hit shows, worked out here from the places themselves.
 */
async function piecesAstray(c: Queryable): Promise<{ missing: number; extra: number; pieces: number }> {
  const expected = `
    SELECT g AS piece, e.kind, l.label_length, e.code, e.county_code
      FROM search_entry e, unnest(e.grams) g,
           LATERAL (SELECT length(m.name || ' · ' || m.code) AS label_length FROM community m
                     WHERE e.kind = 'community' AND m.code = e.code AND m.county_code = e.county_code
                    UNION ALL
                    SELECT length(k.name || ' · ' || m.name) FROM compound k
                      JOIN community m ON m.code = k.community_code AND m.county_code = k.county_code
                     WHERE e.kind = 'compound' AND k.code = e.code AND k.county_code = e.county_code
                    UNION ALL
                    SELECT length(b.address || ' · ' || b.code) FROM building b
                     WHERE e.kind = 'building' AND b.code = e.code AND b.county_code = e.county_code) l
     WHERE length(g) = 2 AND strpos(g, ' ') = 0 AND g !~ '^[0-9]{2}$'`;
  const actual = 'SELECT piece, kind, label_length, code, county_code FROM search_piece';
  const { rows } = await c.query<{ missing: number; extra: number; pieces: number }>(
    `SELECT (SELECT count(*) FROM (${expected} EXCEPT ${actual}) x)::int AS missing,
            (SELECT count(*) FROM (${actual} EXCEPT ${expected}) x)::int AS extra,
            (SELECT count(*) FROM search_piece)::int AS pieces`,
  );
  return rows[0];
}

const codes = (hits: { kind: string; code: string }[]) => hits.map((h) => `${h.kind} ${h.code}`);

describe('search in rank order', () => {
  beforeAll(async () => {
    await testDb();
  });

  it('gives a common building number the first page of its whole answer, in every spelling', async () => {
    const db = await testDb();
    await db.withClient(async (c) => {
      // more entries than a query walks, so the whole answer is read through the GIN index
      const held = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM search_piece WHERE piece = '1幢' AND kind = 'building'`);
      expect(held.rows[0].n).toBeGreaterThan(WALKED);
      const { page, start, every } = await pageAndStart(c, '1幢', { people: null });
      expect(every.length).toBeGreaterThan(PAGE * 3);
      expect(page).toEqual(start);
      expect(page.every((h) => h.kind === 'building' && /(^|[^0-9])1(幢|栋|号楼|座)/.test(h.label))).toBe(true);
      for (const spelling of ['1栋', '1号楼', '一幢', '1 幢'])
        expect(codes(await search(c, spelling, { limit: PAGE, people: null }))).toEqual(codes(page));
    });
  });

  it('gives a rare address, a name with a building number and a street the same first page as reading every hit', async () => {
    const db = await testDb();
    await db.withClient(async (c) => {
      const { rows } = await c.query<{ address: string; compound: string; street: string }>(
        `SELECT b.address, k.name AS compound, substring(b.address from '镇(.+路)') AS street
           FROM building b JOIN compound k ON k.code = b.compound_code AND k.county_code = b.county_code
          WHERE b.address ~ '镇.+路[0-9]+号.*1幢' ORDER BY b.code LIMIT 1`,
      );
      const [one] = rows;
      for (const [q, least] of [
        [one.address, 1],
        [`${one.compound} 1幢`, 1],
        [one.street, PAGE + 1],
        [`${one.street} 1栋`, 2],
      ] as const) {
        const { page, start, every } = await pageAndStart(c, q, { people: null });
        expect(every.length, q).toBeGreaterThanOrEqual(least);
        expect(page, q).toEqual(start);
      }
    });
  });

  it('keeps to an account’s scope and finds people after the places, as reading every hit does', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const { rows } = await c.query<{ code: string }>(
          `SELECT b.community_code AS code FROM building b WHERE b.address ~ '(^|[^0-9])1幢'
            GROUP BY 1 HAVING count(*) > 2 ORDER BY 1 LIMIT 1`,
        );
        // a community (fewer hits than a page), its town and its county (pages filled by the walk)
        for (const scope of [rows[0].code, rows[0].code.slice(0, 9), rows[0].code.slice(0, 6)]) {
          const scoped = await pageAndStart(c, '1幢', { people: null, scope });
          expect(scoped.every.length, scope).toBeGreaterThan(2);
          expect(scoped.page, scope).toEqual(scoped.start);
          expect(scoped.page.every((h) => h.code.startsWith(scope))).toBe(true);
        }
        // people named like a street are found after the street's places, once the page has room
        const { rows: street } = await c.query<{ street: string }>(
          `SELECT substring(address from '镇(.+路)') AS street FROM building WHERE address ~ '镇.+路' ORDER BY code LIMIT 1`,
        );
        await c.query(
          `INSERT INTO person (community_code, name, type) SELECT code, $1 || '试验', 'volunteer' FROM community ORDER BY code LIMIT 2`,
          [street[0].street],
        );
        const everyone = { people: { homesOf: '*' as const } };
        const wide = await pageAndStart(c, street[0].street, everyone);
        expect(wide.page).toEqual(wide.start);
        expect(wide.every.filter((h) => h.kind === 'person')).toHaveLength(2);
        const narrow = await pageAndStart(c, `${street[0].street}试验`, everyone);
        expect(codes(narrow.page).map((k) => k.split(' ')[0])).toEqual(['person', 'person']);
        expect(narrow.page).toEqual(narrow.start);
      }),
    );
  });

  it('keeps the pieces of every place as its entry holds it, through writes, renames, removals and a deferred import', async () => {
    const db = await testDb();
    await withRollback(db, (tx) =>
      tx.withClient(async (c) => {
        const loaded = await piecesAstray(c);
        expect(loaded).toEqual({ missing: 0, extra: 0, pieces: loaded.pieces });
        expect(loaded.pieces).toBeGreaterThan(10_000);
        const { rows } = await c.query<{ code: string; community_code: string; compound_code: string }>(
          `SELECT code, community_code, compound_code FROM building WHERE compound_code IS NOT NULL ORDER BY code LIMIT 1`,
        );
        const [first] = rows;
        const code = `${first.community_code}99001`;
        const steps: [string, string, unknown[]][] = [
          [
            'a new building',
            `INSERT INTO building (code, community_code, county_code, address, households, residents, geom)
             SELECT $1, community_code, county_code, '仙女镇试验路1号', 1, 2, geom FROM building WHERE code = $2`,
            [code, first.code],
          ],
          ['a new address', `UPDATE building SET address = '仙女镇检验长路21号' WHERE code = $1`, [code]],
          ['a renamed compound', `UPDATE compound SET name = '翠微试验苑' WHERE code = $1`, [first.compound_code]],
          ['a renamed community', `UPDATE community SET name = '澄湖试验长名社区' WHERE code = $1`, [first.community_code]],
          ['a removed building', 'DELETE FROM building WHERE code = $1', [code]],
        ];
        for (const [what, sql, params] of steps) {
          await c.query(sql, params);
          expect(await piecesAstray(c), what).toMatchObject({ missing: 0, extra: 0 });
        }
        expect(codes(await search(c, '检验长路', { limit: PAGE, people: null }))).toEqual([]);
        const renamed = await pageAndStart(c, '澄湖试验长名', { people: null });
        expect(renamed.every.filter((h) => h.kind === 'community').map((h) => h.code)).toEqual([first.community_code]);
        expect(renamed.page).toEqual(renamed.start);
        await deferSearchEntries(c);
        await c.query(`UPDATE building SET address = '仙女镇延后路3号' WHERE code = $1`, [first.code]);
        await refreshSearchEntries(c, [{ kind: 'building', added: [], changed: [first.code] }]);
        expect(await piecesAstray(c), 'a deferred import').toMatchObject({ missing: 0, extra: 0 });
        expect(codes(await search(c, '延后路', { limit: PAGE, people: null }))).toEqual([`building ${first.code}`]);
      }),
    );
  });
});
