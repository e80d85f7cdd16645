// The scorecard's mediation indicators come from the dispute register where it has cases for
// the year, and from entered values where it has none. Cases are placed in 2032, a year no demo
// case or other test uses, so the expected rates are worked out by hand from the rows below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const YEAR = 2032;
let mark: number;
let a: { building: string; cell: string; community: string };
let b: string;
let admin: string;

async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}

beforeAll(async () => {
  await testApp();
  admin = await loginAs('admin');
  [{ mark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM dispute');
  const cells = await q<{ building: string; cell: string; community: string }>(
    `SELECT DISTINCT ON (p.community_code) cb.building_code AS building, g.code AS cell, p.community_code AS community
       FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id AND p.status = 'published' JOIN grid_cell g ON g.id = cb.cell_id
      ORDER BY p.community_code, cb.building_code LIMIT 2`,
  );
  a = cells[0];
  b = cells[1].community;
  // Community a: 4 disputes reported, 3 mediated (2 resolved, 1 failed), 1 still reported
  // → mediation rate 3/4 = 75 %, success rate 2/3 = 66.7 %.
  const rows: [string, string | null][] = [
    ['resolved', '2032-03-02T00:00:00Z'],
    ['resolved', '2032-04-02T00:00:00Z'],
    ['failed', '2032-05-02T00:00:00Z'],
    ['reported', null],
  ];
  for (const [status, mediatedAt] of rows) {
    await q(
      `INSERT INTO dispute (kind, category, building_code, community_code, cell_code, description, reported_by, reported_at, status, deadline, mediated_at)
       VALUES ('dispute', 'other', $1, $2, $3, 'scorecard fixture', 'admin', '2032-03-01T00:00:00Z', $4, '2032-12-31', $5::timestamptz)`,
      [a.building, a.community, a.cell, status, mediatedAt],
    );
  }
  expect((await call('POST', `/api/scorecard/targets/${YEAR}`, {}, admin)).status).toBe(201);
  // Community b has no case in the year: its entered figure stands.
  const put = await call(
    'PUT',
    '/api/scorecard/indicators',
    { year: YEAR, values: [{ communityCode: b, key: 'mediation_rate', value: 99 }] },
    admin,
  );
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await q('DELETE FROM dispute WHERE id > $1', [mark]);
  await q('DELETE FROM community_indicator WHERE year = $1', [YEAR]);
  await q('DELETE FROM scorecard_target WHERE year = $1', [YEAR]);
});

describe('GET /api/scorecard: mediation rates', () => {
  it('computes them from the dispute register where it has cases, else keeps the entered value', async () => {
    const res = await call('GET', `/api/scorecard?year=${YEAR}`, undefined, admin);
    expect(res.status).toBe(200);
    const card = (await res.json()) as {
      communities: { code: string; indicators: Record<string, { value: number | null; source: string; met: boolean | null }> }[];
    };
    const of = (code: string) => card.communities.find((c) => c.code === code)!.indicators;
    expect(of(a.community).mediation_rate).toMatchObject({ value: 75, source: 'computed', met: false });
    expect(of(a.community).mediation_success_rate).toMatchObject({ value: 66.7, source: 'computed', met: false });
    expect(of(b).mediation_rate).toMatchObject({ value: 99, source: 'entered', met: true });
  });
});
