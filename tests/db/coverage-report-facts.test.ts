/**
 * The coverage report's facts come from one statement for cells and communities: they must agree
 * with plain counts over the buildings, and leave the connection's settings as they found them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { cellFacts, reportFacts } from '../../server/src/db/coverage-report';
import type { Db } from '../../server/src/db/pool';

let db: Db;
let scope: string[];
beforeAll(async () => {
  db = await testDb();
  const { rows } = await db.withClient((c) => c.query<{ code: string }>('SELECT code FROM community ORDER BY code LIMIT 3'));
  scope = rows.map((r) => r.code);
});

describe('coverage report facts', () => {
  it('count each community’s households, residents and buildings without a cell as plain queries over its buildings do', async () => {
    const { communities } = await db.withClient((c) => reportFacts(c, scope));
    const { rows } = await db.withClient((c) =>
      c.query<{ communityCode: string; households: number; residents: number; buildingsWithoutCell: number }>(
        `SELECT b.community_code AS "communityCode", sum(b.households)::int AS households, sum(b.residents)::int AS residents,
                count(*) FILTER (WHERE NOT EXISTS (
                  SELECT 1 FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id AND p.status = 'published'
                   WHERE cb.building_code = b.code))::int AS "buildingsWithoutCell"
           FROM building b WHERE b.community_code = ANY($1::text[]) GROUP BY b.community_code ORDER BY 1`,
        [scope],
      ),
    );
    expect(communities.map((f) => f.communityCode)).toEqual(scope);
    expect(
      communities.map(({ communityCode, households, residents, buildingsWithoutCell }) => ({
        communityCode,
        households,
        residents,
        buildingsWithoutCell,
      })),
    ).toEqual(rows);
  });

  it('give the same cells as the roster’s cell query, and every building of a cell once', async () => {
    const { cells } = await db.withClient((c) => reportFacts(c, scope));
    expect(cells).toEqual(await db.withClient((c) => cellFacts(c, scope)));
    const { rows } = await db.withClient((c) =>
      c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cell_building cb JOIN grid_cell g ON g.id = cb.cell_id AND g.valid_to IS NULL AND g.code IS NOT NULL
           JOIN grid_plan p ON p.id = cb.plan_id AND p.status = 'published' WHERE p.community_code = ANY($1::text[])`,
        [scope],
      ),
    );
    expect(cells.reduce((n, cell) => n + cell.buildingCount, 0)).toBe(rows[0].n);
  });

  it('leave the connection’s JIT setting as it was', async () => {
    await db.withClient(async (c) => {
      const jit = async () => (await c.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`)).rows[0].jit;
      const before = await jit();
      await reportFacts(c, scope);
      await cellFacts(c, scope);
      expect(await jit()).toBe(before);
    });
  });
});
