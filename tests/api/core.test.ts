import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

interface Community {
  code: string;
  name: string;
  households: number;
  compliant: boolean;
  requiredAreaM2: number;
  currentAreaM2: number;
  version: number;
  centroid: [number, number];
}

let communities: Community[];

beforeAll(async () => {
  await testApp();
  communities = await (await call('GET', '/api/communities')).json();
});

describe('GET /api/health', () => {
  it('names the database engine and the PostGIS version', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(body.postgis).toMatch(/^3\.\d+/);
  });
});

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly SameSite session cookie for a demo account', async () => {
    const res = await call('POST', '/api/auth/login', { username: 'planner', password: 'demo' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ username: 'planner', role: 'planner' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/gridplan_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('answers 401 for a wrong password and for an unknown user alike', async () => {
    const wrong = await call('POST', '/api/auth/login', { username: 'planner', password: 'nope' });
    const unknown = await call('POST', '/api/auth/login', { username: 'nobody', password: 'demo' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [wrongError, unknownError] = [(await wrong.json()).error, (await unknown.json()).error];
    expect(wrongError).toMatchObject({ code: 'auth.wrong_credentials', params: {} });
    expect(unknownError).toEqual(wrongError);
  });

  it('answers 400 naming the missing field', async () => {
    const res = await call('POST', '/api/auth/login', { username: 'planner' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details).toContainEqual(expect.objectContaining({ field: 'json.password' }));
  });
});

describe('GET /api/auth/me', () => {
  it('is 401 without a session', async () => {
    expect((await call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('lists the cells a grid worker is responsible for', async () => {
    const res = await call('GET', '/api/auth/me', undefined, await loginAs('worker'));
    const me = await res.json();
    expect(me.role).toBe('worker');
    expect(me.cells.length).toBeGreaterThan(0);
    for (const code of me.cells) expect(code).toMatch(/^321012100006\d{3}$/);
  });

  it('stops working after logout', async () => {
    const login = await call('POST', '/api/auth/login', { username: 'official', password: 'demo' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    expect((await call('GET', '/api/auth/me', undefined, cookie)).status).toBe(200);
    await call('POST', '/api/auth/logout', undefined, cookie);
    expect((await call('GET', '/api/auth/me', undefined, cookie)).status).toBe(401);
  });
});

describe('GET /api/communities', () => {
  it('returns the 22 communities with 12-digit string codes, 16 of them non-compliant', () => {
    expect(communities).toHaveLength(22);
    for (const c of communities) {
      expect(typeof c.code).toBe('string');
      expect(c.code).toMatch(/^[0-9]{12}$/);
      expect(c.centroid).toHaveLength(2);
      expect(c.compliant).toBe(c.currentAreaM2 >= c.requiredAreaM2);
      expect(c.requiredAreaM2).toBeCloseTo(Math.max(300, (30 * c.households) / 100), 6);
    }
    expect(communities.filter((c) => !c.compliant)).toHaveLength(16);
    expect(communities.find((c) => c.code === '321012100006')?.name).toBe('引江社区');
  });
});

describe('PATCH /api/communities/{code}', () => {
  const code = '321012100006';

  it('is 401 anonymous and 403 for roles that may not edit', async () => {
    expect((await call('PATCH', `/api/communities/${code}`, { version: 1, name: 'x' })).status).toBe(401);
    for (const role of ['worker', 'official'] as const) {
      expect((await call('PATCH', `/api/communities/${code}`, { version: 1, name: 'x' }, await loginAs(role))).status).toBe(403);
    }
  });

  it('saves with the current version, audits it, and answers 409 to the stale version', async () => {
    const cookie = await loginAs('planner');
    const before = communities.find((c) => c.code === code)!;
    const ok = await call('PATCH', `/api/communities/${code}`, { version: before.version, maxHouseholdsPerCell: 520 }, cookie);
    expect(ok.status).toBe(200);
    const saved = await ok.json();
    expect(saved.version).toBe(before.version + 1);
    expect(saved.maxHouseholdsPerCell).toBe(520);

    const stale = await call('PATCH', `/api/communities/${code}`, { version: before.version, maxHouseholdsPerCell: 480 }, cookie);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.details.currentVersion).toBe(before.version + 1);

    const audit = await (await call('GET', `/api/audit?entity=community&entityId=${code}`, undefined, await loginAs('admin'))).json();
    expect(audit[0]).toMatchObject({ username: 'planner', action: 'update', entity: 'community', entity_id: code });
    expect(audit[0].before.max_households_per_cell).toBeNull();
    expect(audit[0].after.max_households_per_cell).toBe(520);

    const restore = await call('PATCH', `/api/communities/${code}`, { version: before.version + 1, maxHouseholdsPerCell: null }, cookie);
    expect(restore.status).toBe(200);
  });

  it('answers 400 naming the field when min exceeds max, and changes nothing', async () => {
    const cookie = await loginAs('planner');
    const current = await (await call('GET', `/api/communities/${code}`)).json();
    const res = await call(
      'PATCH',
      `/api/communities/${code}`,
      { version: current.version, minHouseholdsPerCell: 600, maxHouseholdsPerCell: 400 },
      cookie,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0].field).toBe('json.minHouseholdsPerCell');
    expect((await (await call('GET', `/api/communities/${code}`)).json()).version).toBe(current.version);
  });
});

interface SettingRow {
  key: string;
  value: unknown;
  version: number;
}
const settingsNow = async (admin: string): Promise<Record<string, SettingRow>> =>
  Object.fromEntries(((await (await call('GET', '/api/settings', undefined, admin)).json()) as SettingRow[]).map((s) => [s.key, s]));

describe('PATCH /api/settings/{key}', () => {
  it('checks the value against the setting shape', async () => {
    const admin = await loginAs('admin');
    const min = (await settingsNow(admin))['standard.minimumAreaM2'];
    const res = await call('PATCH', '/api/settings/standard.minimumAreaM2', { version: min.version, value: 'lots' }, admin);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('invalid_input');
    expect(error.details[0]).toMatchObject({ field: 'json.value', code: 'field.invalid_type', params: { expected: 'number' } });
    expect(
      (await call('PATCH', '/api/settings/standard.minimumAreaM2', { version: min.version, value: 320 }, await loginAs('planner'))).status,
    ).toBe(403);
    expect((await settingsNow(admin))['standard.minimumAreaM2']).toEqual(min);
  });

  it('answers 404 for a key that is not a setting', async () => {
    const res = await call('PATCH', '/api/settings/grid.colour', { version: 1, value: 3 }, await loginAs('admin'));
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'settings.unknown_key', params: { key: 'grid.colour' } });
  });

  it('answers 400 naming both keys when a change breaks min ≤ max households, and changes nothing', async () => {
    const admin = await loginAs('admin');
    const before = await settingsNow(admin);
    const max = before['grid.maxHouseholds'].value as number;
    const res = await call(
      'PATCH',
      '/api/settings/grid.minHouseholds',
      { version: before['grid.minHouseholds'].version, value: max + 1 },
      admin,
    );
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({
      code: 'settings.min_above_max',
      params: { minKey: 'grid.minHouseholds', maxKey: 'grid.maxHouseholds', min: max + 1, max },
      details: { keys: ['grid.minHouseholds', 'grid.maxHouseholds'] },
    });
    expect(await settingsNow(admin)).toEqual(before);
  });

  it('changes the plan years and the budget together, and refuses a budget that does not match the years', async () => {
    const admin = await loginAs('admin');
    const before = await settingsNow(admin);
    const years = before['facility.years'];
    const budget = before['facility.budgetPerYear'];
    const alone = await call(
      'PATCH',
      '/api/settings/facility.years',
      { version: years.version, value: (years.value as number) + 1 },
      admin,
    );
    expect(alone.status).toBe(400);
    expect((await alone.json()).error).toMatchObject({
      code: 'settings.budget_years',
      params: { budgetKey: 'facility.budgetPerYear', yearsKey: 'facility.years' },
    });
    expect(await settingsNow(admin)).toEqual(before);

    const longer = [...(budget.value as number[]), 1_000_000];
    const together = await call(
      'PATCH',
      '/api/settings',
      {
        changes: [
          { key: 'facility.years', version: years.version, value: longer.length },
          { key: 'facility.budgetPerYear', version: budget.version, value: longer },
        ],
      },
      admin,
    );
    expect(together.status).toBe(200);
    const after = await settingsNow(admin);
    expect(after['facility.years']).toMatchObject({ value: longer.length, version: years.version + 1 });
    expect(after['facility.budgetPerYear']).toMatchObject({ value: longer, version: budget.version + 1 });

    const restore = await call(
      'PATCH',
      '/api/settings',
      {
        changes: [
          { key: 'facility.years', version: years.version + 1, value: years.value },
          { key: 'facility.budgetPerYear', version: budget.version + 1, value: budget.value },
        ],
      },
      admin,
    );
    expect(restore.status).toBe(200);
  });
});

describe('map layers and tiles', () => {
  it('serves the community layer as GeoJSON with compliance', async () => {
    const res = await call('GET', '/api/layers/communities.geojson');
    expect(res.status).toBe(200);
    const fc = await res.json();
    expect(fc.features).toHaveLength(22);
    expect(fc.features.filter((f: { properties: { compliant: boolean } }) => !f.properties.compliant)).toHaveLength(16);
    expect(fc.features[0].geometry.type).toBe('MultiPolygon');
  });

  it('rejects a malformed bbox and an unknown layer', async () => {
    expect((await call('GET', '/api/layers/communities.geojson?bbox=1,2,3')).status).toBe(400);
    expect((await call('GET', '/api/layers/communities.geojson?bbox=120,32,119,33')).status).toBe(400);
    const unknown = await call('GET', '/api/layers/secret.geojson');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({
      code: 'layer.not_found',
      params: { layer: 'secret', layers: expect.arrayContaining(['communities', 'buildings']) },
    });
  });

  it('serves one feature, and 404 with the layer and key for a missing one', async () => {
    const found = await call('GET', '/api/features/communities/321012100006');
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      type: 'Feature',
      layer: 'communities',
      properties: { code: '321012100006', name: '引江社区' },
    });
    const missing = await call('GET', '/api/features/communities/999999999999');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({
      code: 'feature.not_found',
      params: { layer: 'communities', key: '999999999999' },
    });
  });

  it('serves a non-empty z14 building tile where the town is, and 400 for an impossible tile', async () => {
    const c = communities[0].centroid;
    const n = 2 ** 14;
    const x = Math.floor(((c[0] + 180) / 360) * n);
    const rad = (c[1] * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
    const res = await call('GET', `/api/tiles/buildings/14/${x}/${y}.pbf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100);
    expect(new TextDecoder().decode(bytes)).toContain('buildings');
    const impossible = await call('GET', '/api/tiles/buildings/3/99/1.pbf');
    expect(impossible.status).toBe(400);
    expect((await impossible.json()).error).toMatchObject({ code: 'layer.no_tile', params: { z: 3, x: 99, y: 1 } });
    const geojsonOnly = await call('GET', '/api/tiles/town/14/0/0.pbf');
    expect(geojsonOnly.status).toBe(400);
    expect((await geojsonOnly.json()).error).toMatchObject({ code: 'layer.not_tiled', params: { layer: 'town' } });
  });
});

describe('GET /api/search', () => {
  it('finds a community by name and a building by code', async () => {
    const hits = await (await call('GET', `/api/search?q=${encodeURIComponent('引江')}`)).json();
    expect(hits[0]).toMatchObject({ kind: 'community', code: '321012100006' });
    const db = await testDb();
    const { rows } = await db.withClient((q) => q.query<{ code: string }>('SELECT code FROM building ORDER BY code LIMIT 1'));
    const byCode = await (await call('GET', `/api/search?q=${rows[0].code}`)).json();
    expect(byCode[0]).toMatchObject({ kind: 'building', code: rows[0].code });
  });

  it('answers 400 naming the query field for an empty query', async () => {
    const res = await call('GET', '/api/search?q=');
    expect(res.status).toBe(400);
    expect((await res.json()).error.details).toContainEqual(
      expect.objectContaining({ field: 'query.q', code: 'field.too_small', params: expect.objectContaining({ minimum: 1 }) }),
    );
  });
});

describe('building coverage and lookup', () => {
  let building: { code: string; x: number; y: number };
  beforeAll(async () => {
    const db = await testDb();
    const { rows } = await db.withClient((q) =>
      q.query<{ code: string; x: number; y: number }>(
        `SELECT b.code, ST_X(ST_PointOnSurface(b.geom)) AS x, ST_Y(ST_PointOnSurface(b.geom)) AS y
           FROM building b JOIN cell_building cb ON cb.building_code = b.code
           JOIN grid_plan gp ON gp.id = cb.plan_id AND gp.status = 'published'
           JOIN grid_cell g ON g.id = cb.cell_id AND g.valid_to IS NULL
          WHERE EXISTS (SELECT 1 FROM cell_assignment a JOIN person p ON p.id = a.person_id
                         WHERE a.cell_id = g.id AND a.valid_to IS NULL AND p.phone IS NOT NULL)
          ORDER BY b.code LIMIT 1`,
      ),
    );
    building = rows[0];
  });

  it('returns the chain with the community and published cell, phones masked for the public', async () => {
    const res = await call('GET', `/api/buildings/${building.code}/coverage`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const chain = await res.json();
    expect(chain.community.code).toBe(building.code.slice(0, 12));
    expect(chain.cell.code).toMatch(new RegExp(`^${building.code.slice(0, 12)}\\d{3}$`));
    expect(chain.people.length).toBeGreaterThan(0);
    for (const p of chain.people) expect(p.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('shows full phone numbers to a planner', async () => {
    const chain = await (await call('GET', `/api/buildings/${building.code}/coverage`, undefined, await loginAs('planner'))).json();
    for (const p of chain.people) expect(p.phone).toMatch(/^\d{11}$/);
  });

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    expect((await call('GET', '/api/buildings/32101210000699999/coverage')).status).toBe(404);
    const bad = await call('GET', '/api/buildings/12ab/coverage');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].field).toBe('param.code');
  });

  it('finds the building at a point and says how far it searched when none is near', async () => {
    const hit = await (await call('GET', `/api/lookup?lng=${building.x}&lat=${building.y}`)).json();
    expect(hit.building.code).toBe(building.code);
    const far = await call('GET', '/api/lookup?lng=100&lat=30');
    expect(far.status).toBe(404);
    expect((await far.json()).error.details.searchedMetres).toBe(60);
  });
});

describe('the API as a whole', () => {
  it('documents the contract paths in the OpenAPI document and the docs page', async () => {
    const doc = await (await call('GET', '/api/openapi.json')).json();
    for (const path of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/me',
      '/api/communities',
      '/api/settings/{key}',
      '/api/tiles/{layer}/{z}/{x}/{y}',
      '/api/lookup',
      '/api/buildings/{code}/coverage',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const page = await call('GET', '/api/docs');
    expect(await page.text()).toContain('/api/buildings/{code}/coverage');
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    const res = await (
      await testApp()
    ).request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(3 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});
