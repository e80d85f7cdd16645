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

  it('give a scope’s cells exactly as the whole town’s report gives them', async () => {
    const scoped = await db.withClient((c) => reportFacts(c, scope));
    const whole = await db.withClient((c) => reportFacts(c, null));
    expect(scoped.cells.length).toBeGreaterThan(0);
    expect(scoped.cells).toEqual(whole.cells.filter((cell) => scope.includes(cell.communityCode)));
    expect(scoped.communities).toEqual(whole.communities.filter((f) => scope.includes(f.communityCode)));
  });

  it('find each cell’s participant types and party gaps as plain per-cell queries do', async () => {
    const { cells } = await db.withClient((c) => reportFacts(c, scope));
    // Brute force, one cell at a time: everyone with a responsibility touching the cell.
    const { rows } = await db.withClient((c) =>
      c.query<{ cellCode: string; types: string[]; withoutBranch: number; outsideAreas: number }>(
        `WITH member AS (
           SELECT cb.cell_id, b.* FROM cell_building cb JOIN building b ON b.code = cb.building_code)
         SELECT g.code AS "cellCode",
                ARRAY(SELECT DISTINCT pe.type FROM person pe WHERE pe.id IN (
                  SELECT a.person_id FROM cell_assignment a WHERE a.cell_id = g.id AND a.valid_to IS NULL
                  UNION SELECT pa.person_id FROM party_area pa JOIN party_area_building ab ON ab.area_id = pa.id
                         JOIN member m ON m.code = ab.building_code WHERE m.cell_id = g.id
                  UNION SELECT o.secretary_person_id FROM party_org o JOIN party_org_building pob ON pob.party_org_id = o.id
                         JOIN member m ON m.code = pob.building_code WHERE m.cell_id = g.id
                  UNION SELECT vm.person_id FROM volunteer_member vm JOIN volunteer_team t ON t.id = vm.team_id
                   WHERE (t.community_code = p.community_code AND NOT EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id))
                      OR EXISTS (SELECT 1 FROM volunteer_team_area va WHERE va.team_id = t.id
                                    AND (va.cell_code = g.code OR va.compound_code IN (SELECT m.compound_code FROM member m WHERE m.cell_id = g.id))))
                  ORDER BY 1) AS types,
                (SELECT count(*) FROM member m WHERE m.cell_id = g.id AND m.households > 0
                    AND NOT EXISTS (SELECT 1 FROM party_org_building pob WHERE pob.building_code = m.code)
                    AND NOT EXISTS (SELECT 1 FROM party_org o WHERE o.scope = 'compound' AND o.compound_code = m.compound_code))::int AS "withoutBranch",
                (SELECT count(*) FROM member m WHERE m.cell_id = g.id AND m.households > 0
                    AND NOT EXISTS (SELECT 1 FROM party_area_building ab WHERE ab.building_code = m.code))::int AS "outsideAreas"
           FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
          WHERE p.status = 'published' AND g.valid_to IS NULL AND g.code IS NOT NULL AND p.community_code = ANY($1::text[])
          ORDER BY g.code`,
        [scope],
      ),
    );
    expect(rows.some((r) => r.types.length >= 3)).toBe(true);
    expect(
      cells.map((cell) => ({
        cellCode: cell.cellCode,
        types: [...cell.participantTypes].sort(),
        withoutBranch: cell.buildingsWithoutBranch,
        outsideAreas: cell.buildingsOutsideAreas,
      })),
    ).toEqual(rows);
  });

  it('run without JIT compilation, however costly PostgreSQL estimates them', async () => {
    // Every statement would be compiled at this threshold if JIT were on.
    const plan = await planOfACount({ jit_above_cost: 0 });
    expect(plan).toContain('Execution Time');
    expect(plan).not.toContain('"JIT"');
  });

  it('run without parallel workers, however cheap PostgreSQL estimates starting them', async () => {
    // A scan of the buildings would be split among workers at these costs if they were allowed.
    const plan = await planOfACount({ parallel_setup_cost: 0, parallel_tuple_cost: 0, min_parallel_table_scan_size: 0 });
    expect(plan).toContain('Execution Time');
    expect(plan).not.toContain('Gather');
  });
});

/** The executed plan (JSON) of a count over the buildings, on a pooled connection with `settings` set for it alone. */
async function planOfACount(settings: Record<string, number>): Promise<string> {
  return db.withClient(async (c) => {
    for (const [name, value] of Object.entries(settings)) await c.query(`SET ${name} = ${value}`);
    try {
      const { rows } = await c.query<{ plan: unknown }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) AS n FROM building WHERE households > 0`,
      );
      return JSON.stringify(rows[0]);
    } finally {
      for (const name of Object.keys(settings)) await c.query(`RESET ${name}`);
    }
  });
}
