// The scorecard API over the demo town. Test years are 2030 and later; whatever this file
// writes there is removed afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

interface IndicatorValue {
  value: number | null;
  target: number;
  met: boolean | null;
  source: 'entered' | 'computed';
}
interface Card {
  year: number;
  targets: {
    key: string;
    target: number;
    comparator: string;
    townValue: number | null;
    communitiesMeeting: number;
    communitiesTotal: number;
    met: boolean | null;
  }[];
  communities: { code: string; name: string; indicators: Record<string, IndicatorValue>; grade: { class: string; level: number } | null }[];
}

const YEAR = 2030;
const A = '321012100006';
let B: string;
let admin: string;
let planner: string;

beforeAll(async () => {
  await testApp();
  [admin, planner] = [await loginAs('admin'), await loginAs('planner')];
  const db = await testDb();
  B = (await db.withClient((q) => q.query<{ code: string }>('SELECT code FROM community WHERE code <> $1 ORDER BY code LIMIT 1', [A])))
    .rows[0].code;
});

afterAll(async () => {
  const db = await testDb();
  await db.withTransaction(async (q) => {
    await q.query('DELETE FROM community_indicator WHERE year >= $1', [YEAR]);
    await q.query('DELETE FROM scorecard_target WHERE year >= $1', [YEAR]);
  });
});

async function card(year: number): Promise<Card> {
  const res = await call('GET', `/api/scorecard?year=${year}`, undefined, planner);
  expect(res.status).toBe(200);
  return res.json();
}

describe('GET /api/scorecard', () => {
  it('shows the 2008 plan: 22 communities, the housing standard computed from facility planning (6 of 22 comply)', async () => {
    const c = await card(2008);
    expect(c.year).toBe(2008);
    expect(c.communities).toHaveLength(22);
    const housing = c.targets.find((t) => t.key === 'housing_standard')!;
    expect(housing).toMatchObject({ comparator: '=', target: 1, communitiesMeeting: 6, communitiesTotal: 22, met: false });
    expect(c.communities.every((x) => x.indicators.housing_standard.source === 'computed')).toBe(true);
    const reemployment = c.targets.find((t) => t.key === 'full_reemployment')!;
    expect(reemployment).toMatchObject({ comparator: '=', target: 1 });
    expect(c.targets.find((t) => t.key === 'petitions_work_failure')).toMatchObject({ comparator: '<=', target: 0 });
  });

  it('shows the latest confirmed grade while 2008 is still being graded', async () => {
    const [g2007, g2008] = [await card(2007), await card(2008)];
    for (const c of g2008.communities) expect(c.grade).toEqual(g2007.communities.find((x) => x.code === c.code)!.grade);
  });

  it('reports missing 2008 figures as null, never 0', async () => {
    const c = await card(2008);
    const missing = c.communities.filter((x) => x.indicators.service_items.value === null);
    expect(missing.length).toBeGreaterThan(0);
    for (const x of missing) expect(x.indicators.service_items).toEqual({ value: null, target: 15, met: null, source: 'entered' });
  });

  it('carries the confirmed 2007 grades and uses entered values for 2007 (registers describe the current year only)', async () => {
    const c = await card(2007);
    expect(c.communities.every((x) => x.grade !== null)).toBe(true);
    expect(c.communities.every((x) => x.indicators.housing_standard.source === 'entered')).toBe(true);
  });

  it('answers 404 for a year without targets and 401 without a session', async () => {
    const res = await call('GET', '/api/scorecard?year=2099', undefined, planner);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('scorecard.no_targets');
    expect((await call('GET', '/api/scorecard?year=2008')).status).toBe(401);
  });
});

describe('PUT /api/scorecard/targets/{year}/{key}', () => {
  it('is for admins: a planner gets 403', async () => {
    const res = await call('PUT', `/api/scorecard/targets/${YEAR}/service_items`, { comparator: '>=', target: 15 }, planner);
    expect(res.status).toBe(403);
  });

  it('creates a target, then refuses a stale version with 409', async () => {
    const created = await call('PUT', `/api/scorecard/targets/${YEAR}/service_items`, { comparator: '>=', target: 15 }, admin);
    expect(created.status).toBe(200);
    const t = await created.json();
    expect(t).toMatchObject({
      year: YEAR,
      key: 'service_items',
      comparator: '>=',
      target: 15,
      townShare: null,
      townCount: null,
      version: 1,
    });
    const stale = await call('PUT', `/api/scorecard/targets/${YEAR}/service_items`, { comparator: '>=', target: 16, version: 7 }, admin);
    expect(stale.status).toBe(409);
    const green = await call('PUT', `/api/scorecard/targets/${YEAR}/green_municipal`, { comparator: '=', target: 1, townCount: 2 }, admin);
    expect(green.status).toBe(200);
  });
});

describe('POST /api/scorecard/targets/{year}', () => {
  it('starts a new year from the latest earlier year’s targets, once', async () => {
    const res = await call('POST', `/api/scorecard/targets/${YEAR + 5}`, undefined, admin);
    expect(res.status).toBe(201);
    const targets: { key: string; comparator: string; target: number }[] = await res.json();
    // YEAR has two targets (set above) and is the latest year before YEAR + 5
    expect(targets.map((t) => [t.key, t.comparator])).toEqual([
      ['service_items', '>='],
      ['green_municipal', '='],
    ]);
    expect((await call('POST', `/api/scorecard/targets/${YEAR + 5}`, undefined, admin)).status).toBe(409);
    expect((await call('POST', '/api/scorecard/targets/2001', undefined, admin)).status).toBe(404);
  });
});

describe('PUT /api/scorecard/indicators', () => {
  it('stores entered values and scores them against the year’s targets', async () => {
    const res = await call(
      'PUT',
      '/api/scorecard/indicators',
      {
        year: YEAR,
        values: [
          { communityCode: A, key: 'service_items', value: 16 },
          { communityCode: B, key: 'service_items', value: 14 },
          { communityCode: A, key: 'green_municipal', value: 1 },
          { communityCode: B, key: 'green_municipal', value: 1 },
        ],
      },
      planner,
    );
    expect(res.status).toBe(200);
    const c = await card(YEAR);
    const a = c.communities.find((x) => x.code === A)!;
    const b = c.communities.find((x) => x.code === B)!;
    expect(a.indicators.service_items).toEqual({ value: 16, target: 15, met: true, source: 'entered' });
    expect(b.indicators.service_items).toEqual({ value: 14, target: 15, met: false, source: 'entered' });
    // every community must reach 15 items: one below decides it, whatever the 20 unknowns
    expect(c.targets.find((t) => t.key === 'service_items')).toMatchObject({
      communitiesMeeting: 1,
      communitiesTotal: 22,
      met: false,
      townValue: 15,
    });
    // two green communities were asked for and two are there
    expect(c.targets.find((t) => t.key === 'green_municipal')).toMatchObject({ communitiesMeeting: 2, met: true });
  });

  it('removes a value sent as null', async () => {
    expect(
      (
        await call(
          'PUT',
          '/api/scorecard/indicators',
          { year: YEAR, values: [{ communityCode: B, key: 'service_items', value: null }] },
          planner,
        )
      ).status,
    ).toBe(200);
    const b = (await card(YEAR)).communities.find((x) => x.code === B)!;
    expect(b.indicators.service_items.value).toBeNull();
  });

  it('refuses computed indicators, out-of-range values and unknown communities with 400', async () => {
    const computed = await call(
      'PUT',
      '/api/scorecard/indicators',
      { year: YEAR, values: [{ communityCode: A, key: 'housing_standard', value: 1 }] },
      planner,
    );
    expect(computed.status).toBe(400);
    expect((await computed.json()).error.code).toBe('scorecard.computed_not_entered');
    const percent = await call(
      'PUT',
      '/api/scorecard/indicators',
      { year: YEAR, values: [{ communityCode: A, key: 'resident_satisfaction', value: 101 }] },
      planner,
    );
    expect((await percent.json()).error.code).toBe('scorecard.value_out_of_range');
    const unknown = await call(
      'PUT',
      '/api/scorecard/indicators',
      { year: YEAR, values: [{ communityCode: '321012999999', key: 'service_items', value: 3 }] },
      planner,
    );
    expect((await unknown.json()).error.code).toBe('scorecard.unknown_community');
  });

  it('is not for grid workers', async () => {
    const res = await call(
      'PUT',
      '/api/scorecard/indicators',
      { year: YEAR, values: [{ communityCode: A, key: 'service_items', value: 3 }] },
      await loginAs('worker'),
    );
    expect(res.status).toBe(403);
  });
});

describe('POST /api/scorecard/import', () => {
  it('writes nothing when any row is bad, and names each bad row', async () => {
    const csv = `community_code,service_items\n${B},20\n321012999999,18\n${A},many\n`;
    const res = await call('POST', '/api/scorecard/import', { year: YEAR, csv }, planner);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('scorecard.import_failed');
    expect(body.error.details.problems.map((p: { row: number; field: string; code: string }) => [p.row, p.field, p.code])).toEqual([
      [3, 'community_code', 'scorecard.csv_unknown_community'],
      [4, 'service_items', 'scorecard.csv_not_a_number'],
    ]);
    const c = await card(YEAR);
    expect(c.communities.find((x) => x.code === B)!.indicators.service_items.value).toBeNull();
    expect(c.communities.find((x) => x.code === A)!.indicators.service_items.value).toBe(16);
  });

  it('writes every value of a clean file', async () => {
    const csv = `community_code,service_items\n${B},20\n${A},17\n`;
    const res = await call('POST', '/api/scorecard/import', { year: YEAR, csv }, planner);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ year: YEAR, written: 2, communities: 2 });
    const c = await card(YEAR);
    expect(c.communities.find((x) => x.code === B)!.indicators.service_items).toMatchObject({ value: 20, met: true });
    expect(c.communities.find((x) => x.code === A)!.indicators.service_items).toMatchObject({ value: 17, met: true });
  });

  it('with dryRun says which values would change from what, and writes nothing', async () => {
    const csv = `community_code,service_items,reading_room_books\n${B},20,\n${A},19,12\n`;
    const before = await card(YEAR);
    const res = await call('POST', '/api/scorecard/import', { year: YEAR, csv, dryRun: true }, planner);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      year: YEAR,
      written: 0,
      communities: 2,
      dryRun: true,
      unchanged: 1,
      changes: [
        { communityCode: A, key: 'service_items', before: 17, value: 19 },
        { communityCode: A, key: 'reading_room_books', before: null, value: 12 },
      ],
    });
    expect(await card(YEAR)).toEqual(before);
    const bad = await call(
      'POST',
      '/api/scorecard/import',
      { year: YEAR, csv: `community_code,service_items\n${A},many\n`, dryRun: true },
      planner,
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('scorecard.import_failed');
  });
});
