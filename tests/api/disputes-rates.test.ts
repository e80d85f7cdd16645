// Rates per cell, community and town on cases placed in a year no demo case falls in (2031),
// so every expected count is worked out by hand from the rows below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';
import { mediationRatesByCommunity } from '../../server/src/db/dispute-rates';

async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}

const YEAR = 2031;
let mark: number;
let a: { building: string; cell: string; community: string };
let b: { building: string; cell: string; community: string };
let cookie: string;

beforeAll(async () => {
  await testApp();
  cookie = await loginAs('official');
  [{ mark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM dispute');
  const cells = await q<{ building: string; cell: string; community: string }>(
    `SELECT DISTINCT ON (p.community_code) cb.building_code AS building, g.code AS cell, p.community_code AS community
       FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id AND p.status = 'published' JOIN grid_cell g ON g.id = cb.cell_id
      ORDER BY p.community_code, cb.building_code LIMIT 2`,
  );
  [a, b] = cells;
  // Cell a: resolved after mediation, still reported → 2 reported, 1 mediated, 1 resolved.
  // Cell b: failed after mediation, referred without mediation, plus a resolved hazard (not counted)
  //         and a dispute reported on 31 Dec 2030 at 23:00 Beijing time (the year before) → 2, 1, 0.
  const rows: [typeof a, string, string, string | null, string][] = [
    [a, 'dispute', 'resolved', '2031-03-02T00:00:00Z', '2031-03-01T00:00:00Z'],
    [a, 'dispute', 'reported', null, '2031-06-01T00:00:00Z'],
    [b, 'dispute', 'failed', '2031-02-02T00:00:00Z', '2031-02-01T00:00:00Z'],
    [b, 'dispute', 'referred', null, '2031-12-31T16:30:00Z'],
    [b, 'hazard', 'resolved', '2031-04-02T00:00:00Z', '2031-04-01T00:00:00Z'],
    [b, 'dispute', 'resolved', '2031-01-02T00:00:00Z', '2030-12-31T15:00:00Z'],
  ];
  for (const [where, kind, status, mediatedAt, reportedAt] of rows) {
    await q(
      `INSERT INTO dispute (kind, category, building_code, community_code, cell_code, description, reported_by, reported_at, status, deadline, mediated_at)
       VALUES ($1, 'other', $2, $3, $4, 'rate fixture', 'admin', $5::timestamptz, $6, '2031-12-31', $7::timestamptz)`,
      [kind, where.building, where.community, where.cell, reportedAt, status, mediatedAt],
    );
  }
});

afterAll(async () => {
  await q('DELETE FROM dispute WHERE id > $1', [mark]);
});

const rates = async (scope: string) => {
  const res = await call('GET', `/api/disputes/rates?year=${YEAR}&scope=${scope}`, undefined, cookie);
  expect(res.status).toBe(200);
  return res.json();
};

describe('GET /api/disputes/rates', () => {
  it('per cell', async () => {
    const body = await rates('cell');
    expect(body.targets).toEqual({ mediationRate: 0.98, successRate: 0.9 });
    const rows = Object.fromEntries(body.rows.map((r: { code: string }) => [r.code, r]));
    expect(Object.keys(rows).sort()).toEqual([a.cell, b.cell].sort());
    expect(rows[a.cell]).toMatchObject({ reported: 2, mediated: 1, resolved: 1, mediationRate: 0.5, successRate: 1 });
    // referred at 16:30 UTC on 31 Dec 2031 is 00:30 on 1 Jan 2032 in Beijing: only the failed case is 2031's.
    expect(rows[b.cell]).toMatchObject({ reported: 1, mediated: 1, resolved: 0, mediationRate: 1, successRate: 0 });
  });

  it('per community: every community, null rates where nothing was reported', async () => {
    const body = await rates('community');
    const communities = await q<{ n: number }>('SELECT count(*)::int AS n FROM community');
    expect(body.rows).toHaveLength(communities[0].n);
    const byCode = Object.fromEntries(body.rows.map((r: { code: string }) => [r.code, r]));
    expect(byCode[a.community]).toMatchObject({ reported: 2, mediated: 1, resolved: 1 });
    expect(
      body.rows
        .filter((r: { reported: number }) => r.reported === 0)
        .every((r: { mediationRate: null; successRate: null }) => r.mediationRate === null && r.successRate === null),
    ).toBe(true);
  });

  it('for the town', async () => {
    const body = await rates('town');
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ reported: 3, mediated: 2, resolved: 1, mediationRate: 2 / 3, successRate: 0.5 });
  });

  it('the year before counts the case reported at 23:00 on 31 December Beijing time', async () => {
    const all = await (await testDb()).withClient((c) => mediationRatesByCommunity(c, 2030));
    const row = all.find((r) => r.communityCode === b.community);
    expect(row).toMatchObject({ reported: 1, mediated: 1, resolved: 1, mediationRate: 1, successRate: 1 });
  });
});
