import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

interface BoardRow {
  code: string;
  name: string;
  households: number;
  requiredAreaM2: number;
  currentAreaM2: number;
  gapM2: number;
  compliant: boolean;
  optionCount: number;
}
interface Option {
  code: string;
  communityCode: string;
  method: string;
  areaM2: number;
  netAreaM2: number;
  lng: number;
  lat: number;
  version: number;
  status: string;
}

let planner: string;
let target: BoardRow;
const created: string[] = [];

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
  const board = await (await call('GET', '/api/facilities/status', undefined, planner)).json();
  target = board.communities.find((c: BoardRow) => !c.compliant);
});

afterAll(async () => {
  const db = await testDb();
  await db.withClient((q) => q.query('DELETE FROM facility_option WHERE code = ANY($1::text[])', [created]));
});

function newOption(overrides: Record<string, unknown> = {}) {
  const [lng, lat] = (target as unknown as { centroid: [number, number] }).centroid;
  return {
    communityCode: target.code,
    method: 'expand_renovate',
    name: '测试扩建方案',
    lng,
    lat,
    areaM2: 200,
    oneOffCost: 360_000,
    availableAfterMonths: 9,
    ...overrides,
  };
}

describe('GET /api/facilities/status', () => {
  it('shows every community against the standard with town totals (6 of 22 compliant in the demo)', async () => {
    const res = await call('GET', '/api/facilities/status', undefined, planner);
    expect(res.status).toBe(200);
    const board = await res.json();
    expect(board.standard).toMatchObject({ minimumAreaM2: 300, perHundredHouseholdsM2: 30 });
    expect(board.totals).toMatchObject({ communities: 22, compliant: 6, nonCompliant: 16 });
    for (const row of board.communities as BoardRow[]) {
      expect(row.requiredAreaM2).toBeCloseTo(Math.max(300, (30 * row.households) / 100), 6);
      expect(row.compliant).toBe(row.currentAreaM2 >= row.requiredAreaM2);
      expect(row.gapM2).toBeCloseTo(Math.max(0, row.requiredAreaM2 - row.currentAreaM2), 0);
      if (!row.compliant) expect(row.optionCount).toBeGreaterThanOrEqual(2);
    }
    const gap = (board.communities as BoardRow[]).reduce((s, r) => s + r.gapM2, 0);
    expect(board.totals.gapM2).toBeCloseTo(gap, 0);
  });

  it('is 401 without a session', async () => {
    expect((await call('GET', '/api/facilities/status')).status).toBe(401);
  });
});

describe('GET /api/facilities', () => {
  it('lists existing facilities with their location, filtered by community', async () => {
    const res = await call('GET', `/api/facilities?communityCode=${target.code}`, undefined, planner);
    expect(res.status).toBe(200);
    const rows = await res.json();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r: { communityCode: string }) => r.communityCode === target.code)).toBe(true);
    const total = rows.reduce((s: number, r: { areaM2: number }) => s + r.areaM2, 0);
    expect(total).toBeCloseTo(target.currentAreaM2, 6);
  });

  it('answers 400 for a malformed community code', async () => {
    const res = await call('GET', '/api/facilities?communityCode=12', undefined, planner);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].field).toBe('query.communityCode');
  });
});

describe('/api/facility-options', () => {
  it('lists the demo options of a community', async () => {
    const res = await call('GET', `/api/facility-options?communityCode=${target.code}`, undefined, planner);
    expect(res.status).toBe(200);
    const rows: Option[] = await res.json();
    expect(rows.length).toBe(target.optionCount);
    expect(rows.every((o) => o.netAreaM2 > 0 && o.communityCode === target.code)).toBe(true);
  });

  it('creates an option with a generated code, audited', async () => {
    const res = await call('POST', '/api/facility-options', newOption(), planner);
    expect(res.status).toBe(201);
    const option = await res.json();
    created.push(option.code);
    expect(option).toMatchObject({
      communityCode: target.code,
      method: 'expand_renovate',
      areaM2: 200,
      releasedAreaM2: 0,
      status: 'candidate',
      version: 1,
    });
    expect(option.code.startsWith(`${target.code}-K`)).toBe(true);
    const audit = await (
      await call('GET', `/api/audit?entity=facility_option&entityId=${option.code}`, undefined, await loginAs('admin'))
    ).json();
    expect(audit[0]).toMatchObject({ action: 'create', username: 'planner' });
  });

  it.each([
    [{ areaM2: -10 }, 'json.areaM2', 'field.not_above'],
    [{ oneOffCost: -1 }, 'json.oneOffCost', 'field.too_small'],
    [{ yearlyCost: -5 }, 'json.yearlyCost', 'field.too_small'],
    [{ availableAfterMonths: 240 }, 'json.availableAfterMonths', 'field.too_big'],
    [{ method: 'buy' }, 'json.method', 'field.invalid_value'],
    [{ releasedAreaM2: 50 }, 'json.releasedAreaM2', 'facility.field.released_not_swap'],
    [{ method: 'swap', areaM2: 200, releasedAreaM2: 250 }, 'json.releasedAreaM2', 'facility.field.released_not_less'],
    [{ lng: 116.4, lat: 39.9 }, 'json.lng', 'facility.field.site_too_far'],
    [{ communityCode: '999999999999' }, 'json.communityCode', 'facility.field.unknown_community'],
    [{ colour: 'red' }, 'json', 'field.unrecognized_keys'],
  ])('answers 400 for %j naming %s (%s), and writes nothing', async (overrides, field, code) => {
    const before = (await (await call('GET', '/api/facility-options', undefined, planner)).json()).length;
    const res = await call('POST', '/api/facility-options', newOption(overrides), planner);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details).toContainEqual(expect.objectContaining({ field, code }));
    expect((await (await call('GET', '/api/facility-options', undefined, planner)).json()).length).toBe(before);
  });

  it('changes an option with its version and refuses a stale version with 409', async () => {
    const option = await (
      await call('POST', '/api/facility-options', newOption({ method: 'swap', areaM2: 400, releasedAreaM2: 150 }), planner)
    ).json();
    created.push(option.code);
    expect(option.netAreaM2).toBe(250);
    const ok = await call(
      'PATCH',
      `/api/facility-options/${option.code}`,
      { version: 1, oneOffCost: 300_000, notes: '已与产权单位沟通' },
      planner,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ oneOffCost: 300_000, notes: '已与产权单位沟通', version: 2 });
    const stale = await call('PATCH', `/api/facility-options/${option.code}`, { version: 1, oneOffCost: 1 }, planner);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.details.currentVersion).toBe(2);
    const cross = await call('PATCH', `/api/facility-options/${option.code}`, { version: 2, releasedAreaM2: 500 }, planner);
    expect(cross.status).toBe(400);
    expect((await cross.json()).error.details[0]).toMatchObject({
      field: 'json.releasedAreaM2',
      code: 'facility.field.released_not_less',
      params: { areaM2: 400 },
    });
    expect((await call('GET', `/api/facility-options/${option.code}`, undefined, planner)).headers.get('etag')).toBe('W/"2"');
  });

  it('lets only planners and admins write', async () => {
    const res = await call('POST', '/api/facility-options', newOption(), await loginAs('official'));
    expect(res.status).toBe(403);
  });

  it('deletes an option with its version', async () => {
    const option = await (await call('POST', '/api/facility-options', newOption({ method: 'lease', yearlyCost: 60_000 }), planner)).json();
    // A JSON content type: the app's CSRF guard treats a body-less DELETE from a non-browser as a form post.
    expect((await call('DELETE', `/api/facility-options/${option.code}?version=2`, {}, planner)).status).toBe(409);
    expect((await call('DELETE', `/api/facility-options/${option.code}?version=1`, {}, planner)).status).toBe(204);
    expect((await call('GET', `/api/facility-options/${option.code}`, undefined, planner)).status).toBe(404);
  });
});
