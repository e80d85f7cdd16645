// The scorecard summary on the public community page (居务公开): the current plan year's targets
// with the community's own figures. The plan year is moved to 2041 (no demo row and no other
// test uses it) and the rows below are its only data, so every expected value is worked out by
// hand from them; the setting and the rows are put back afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const YEAR = 2041;
const EMPTY_YEAR = 2042;
const SECRET_PARTIES = ['郑秘密', '钱隐私'];
const SECRET_PHONE = '13900004141';

let mark: number;
let community: { code: string; building: string; cell: string };
let compliant: boolean;
let savedYear: unknown;
let admin: string;

async function q<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return (await (await testDb()).withClient((c) => c.query<R>(sql, params))).rows;
}

async function setPlanYear(year: unknown): Promise<void> {
  await q(`UPDATE setting SET value = $1::jsonb WHERE key = 'scorecard.currentYear'`, [JSON.stringify(year)]);
}

async function publicPage(code: string) {
  const res = await call('GET', `/api/public/communities/${code}`);
  expect(res.status).toBe(200);
  return res;
}

beforeAll(async () => {
  await testApp();
  admin = await loginAs('admin');
  [{ mark }] = await q<{ mark: number }>('SELECT coalesce(max(id), 0)::int AS mark FROM dispute');
  [{ value: savedYear }] = await q<{ value: unknown }>(`SELECT value FROM setting WHERE key = 'scorecard.currentYear'`);
  [community] = await q<{ code: string; building: string; cell: string }>(
    `SELECT p.community_code AS code, cb.building_code AS building, g.code AS cell
       FROM cell_building cb JOIN grid_plan p ON p.id = cb.plan_id AND p.status = 'published' JOIN grid_cell g ON g.id = cb.cell_id
      WHERE p.community_code = '321012100006' ORDER BY cb.building_code LIMIT 1`,
  );
  // The housing standard is computed from facility planning: the community list says whether it complies.
  const list: { code: string; compliant: boolean }[] = await (await call('GET', '/api/communities')).json();
  compliant = list.find((c) => c.code === community.code)!.compliant;

  const targets: [string, object][] = [
    ['service_items', { comparator: '>=', target: 15 }],
    ['reading_room_books', { comparator: '>=', target: 500 }],
    ['mediation_rate', { comparator: '>=', target: 98 }],
    ['mediation_success_rate', { comparator: '>=', target: 90 }],
    ['petitions_work_failure', { comparator: '<=', target: 0 }],
    ['harmonious_demonstration', { comparator: '=', target: 1, townShare: 0.6 }],
    ['housing_standard', { comparator: '=', target: 1 }],
  ];
  for (const [key, body] of targets) expect((await call('PUT', `/api/scorecard/targets/${YEAR}/${key}`, body, admin)).status).toBe(200);
  // Entered: 17 service items, 1 petition, the harmonious status, a mediation rate of 99 that the
  // register overrides; no reading-room figure.
  const values = [
    { communityCode: community.code, key: 'service_items', value: 17 },
    { communityCode: community.code, key: 'petitions_work_failure', value: 1 },
    { communityCode: community.code, key: 'harmonious_demonstration', value: 1 },
    { communityCode: community.code, key: 'mediation_rate', value: 99 },
  ];
  expect((await call('PUT', '/api/scorecard/indicators', { year: YEAR, values }, admin)).status).toBe(200);
  // The register: 5 disputes reported in 2041, 4 mediated (3 resolved, 1 failed), 1 still reported
  // → mediation rate 4/5 = 80 %, success rate 3/4 = 75 %. Their parties and reporter phone are personal.
  const cases: [string, string | null][] = [
    ['resolved', '2041-03-02T00:00:00Z'],
    ['resolved', '2041-04-02T00:00:00Z'],
    ['resolved', '2041-05-02T00:00:00Z'],
    ['failed', '2041-06-02T00:00:00Z'],
    ['reported', null],
  ];
  for (const [status, mediatedAt] of cases) {
    await q(
      `INSERT INTO dispute (kind, category, building_code, community_code, cell_code, parties, description, reported_by, reporter_phone,
                            reported_at, status, deadline, mediated_at)
       VALUES ('dispute', 'neighbour', $1, $2, $3, $4, 'public scorecard fixture', 'admin', $5, '2041-03-01T00:00:00Z', $6, '2041-12-31', $7::timestamptz)`,
      [community.building, community.code, community.cell, SECRET_PARTIES, SECRET_PHONE, status, mediatedAt],
    );
  }
  await setPlanYear(YEAR);
});

afterAll(async () => {
  await setPlanYear(savedYear);
  await q('DELETE FROM dispute WHERE id > $1', [mark]);
  await q('DELETE FROM community_indicator WHERE year IN ($1, $2)', [YEAR, EMPTY_YEAR]);
  await q('DELETE FROM scorecard_target WHERE year IN ($1, $2)', [YEAR, EMPTY_YEAR]);
});

describe('GET /api/public/communities/{code}: scorecard summary', () => {
  it("shows the plan year's targets with the community's own values, in the plan's order, and counts those met", async () => {
    const page = await (await publicPage(community.code)).json();
    const housing = compliant ? 1 : 0;
    expect(page.scorecard).toEqual({
      year: YEAR,
      // Met: service items, harmonious status, and the housing standard when the community complies.
      targetsMet: 2 + housing,
      // Every target but the reading room has a figure.
      targetsWithData: 6,
      targetsTotal: 7,
      indicators: [
        { key: 'service_items', unit: 'count', comparator: '>=', target: 15, value: 17, met: true },
        { key: 'reading_room_books', unit: 'count', comparator: '>=', target: 500, value: null, met: null },
        { key: 'mediation_rate', unit: 'percent', comparator: '>=', target: 98, value: 80, met: false },
        { key: 'mediation_success_rate', unit: 'percent', comparator: '>=', target: 90, value: 75, met: false },
        { key: 'petitions_work_failure', unit: 'count', comparator: '<=', target: 0, value: 1, met: false },
        { key: 'harmonious_demonstration', unit: 'status', comparator: '=', target: 1, value: 1, met: true },
        { key: 'housing_standard', unit: 'status', comparator: '=', target: 1, value: housing, met: compliant },
      ],
    });
  });

  it('shows a community without entered figures with no data, never zero', async () => {
    const [other] = await q<{ code: string }>(`SELECT code FROM community WHERE code <> $1 ORDER BY code LIMIT 1`, [community.code]);
    const page = await (await publicPage(other.code)).json();
    const byKey = new Map(page.scorecard.indicators.map((i: { key: string }) => [i.key, i]));
    for (const key of ['service_items', 'reading_room_books', 'mediation_rate', 'mediation_success_rate', 'petitions_work_failure']) {
      expect(byKey.get(key), key).toMatchObject({ value: null, met: null });
    }
    // Only the computed housing standard has a figure.
    expect(page.scorecard).toMatchObject({ year: YEAR, targetsWithData: 1, targetsTotal: 7 });
  });

  it('carries no party name, reporter phone or case text from the cases behind the rates', async () => {
    const text = await (await publicPage(community.code)).text();
    for (const secret of [...SECRET_PARTIES, SECRET_PHONE, 'public scorecard fixture']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(parties|reporterPhone|description|enteredBy|source)"/);
  });

  it('is null when the plan year has no targets', async () => {
    await setPlanYear(EMPTY_YEAR);
    try {
      const page = await (await publicPage(community.code)).json();
      expect(page.scorecard).toBeNull();
    } finally {
      await setPlanYear(YEAR);
    }
  });
});
