// Indicators computed from the registers follow the registers: changing a register moves the
// 2008 (current plan year) value by exactly what the definition says. Changes are undone afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const CATEGORIES = [
  'convenience',
  'poverty_relief',
  'employment_guidance',
  'public_order',
  'health',
  'environment',
  'publicity_education',
  'culture_sports',
];
const A = '321012100006';
let planner: string;
const undo: (() => Promise<void>)[] = [];

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
});

afterAll(async () => {
  for (const step of undo.reverse()) await step();
});

async function indicator(code: string, key: string) {
  const res = await call('GET', '/api/scorecard?year=2008', undefined, planner);
  expect(res.status).toBe(200);
  const card: {
    communities: { code: string; indicators: Record<string, { value: number | null; met: boolean | null; source: string }> }[];
  } = await res.json();
  return card.communities.find((c) => c.code === code)!.indicators[key];
}

describe('computed indicators', () => {
  it('volunteer categories: a team of a category the community lacks adds one', async () => {
    const db = await testDb();
    const { code, missing } = await db.withClient(async (q) => {
      const { rows } = await q.query<{ community_code: string; categories: string[] }>(
        `SELECT c.code AS community_code, coalesce(array_agg(DISTINCT t.category) FILTER (WHERE t.id IS NOT NULL), '{}') AS categories
           FROM community c LEFT JOIN volunteer_team t ON t.community_code = c.code GROUP BY c.code ORDER BY c.code`,
      );
      const lacking = rows.find((r) => r.categories.length < 8)!;
      return { code: lacking.community_code, missing: CATEGORIES.find((x) => !lacking.categories.includes(x))! };
    });
    const before = await indicator(code, 'volunteer_categories');
    expect(before.source).toBe('computed');
    const id = await db.withClient(
      async (q) =>
        (
          await q.query<{ id: number }>(
            `INSERT INTO volunteer_team (community_code, name, category) VALUES ($1, '测试队', $2) RETURNING id::int AS id`,
            [code, missing],
          )
        ).rows[0].id,
    );
    undo.push(() => db.withClient(async (q) => void (await q.query('DELETE FROM volunteer_team WHERE id = $1', [id]))));
    const after = await indicator(code, 'volunteer_categories');
    expect(after.value).toBe(before.value! + 1);
    expect(after.met).toBe(after.value === 8);
  });

  it('grid staffing: a cell left without grid leader and workers lowers it by one cell’s share', async () => {
    const db = await testDb();
    expect((await indicator(A, 'grid_staffing')).value).toBe(100);
    const { cells, closed } = await db.withClient(async (q) => {
      const { rows: cellRows } = await q.query<{ id: number }>(
        `SELECT g.id::int AS id FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
          WHERE p.community_code = $1 AND p.status = 'published' AND g.valid_to IS NULL ORDER BY g.id`,
        [A],
      );
      const { rows } = await q.query<{ id: number }>(
        `UPDATE cell_assignment SET valid_to = current_date WHERE cell_id = $1 AND valid_to IS NULL AND role IN ('grid_leader', 'grid_worker') RETURNING id::int AS id`,
        [cellRows[0].id],
      );
      return { cells: cellRows.length, closed: rows.map((r) => r.id) };
    });
    undo.push(() =>
      db.withClient(async (q) => void (await q.query('UPDATE cell_assignment SET valid_to = NULL WHERE id = ANY($1::bigint[])', [closed]))),
    );
    expect(closed.length).toBeGreaterThan(0);
    // the demo staffs every cell: 100 % before, (n − 1) / n after
    const after = await indicator(A, 'grid_staffing');
    expect(after.value).toBeCloseTo((100 * (cells - 1)) / cells, 9);
    expect(after.met).toBe(false);
  });

  it('mediation rates stay entered until the dispute register exists', async () => {
    expect((await indicator(A, 'mediation_rate')).source).toBe('entered');
  });
});
