import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { rebuildAtoms } from '../../server/src/db/atoms';
import { call, loginAs, testApp } from '../helpers/app';
import { testDb } from '../helpers/db';

const COMMUNITY = '321012100006';
const SAMPLE_CODES = ['32101210000690001', '32101210000690002', '32101210000690003'];
const sample = (name: string) => readFileSync(new URL(`../../data/samples/${name}`, import.meta.url));

let db: Db;
beforeAll(async () => {
  await testApp();
  db = await testDb();
});
afterAll(async () => {
  await db.withTransaction(async (c) => {
    await c.query('DELETE FROM building WHERE code = ANY($1)', [SAMPLE_CODES]);
    await c.query(`DELETE FROM facility_option WHERE code LIKE 'SAMPLE-%'`);
    await c.query(`DELETE FROM audit_log WHERE action = 'import' AND entity_id LIKE 'io-test%'`);
    await rebuildAtoms(c, COMMUNITY);
  });
});

async function send(path: string, body: BodyInit, contentType: string, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (cookie) headers.Cookie = cookie;
  return (await testApp()).request(path, { method: 'POST', headers, body });
}
const q = async <R>(sql: string, params: unknown[] = []) => (await db.withClient((c) => c.query<R>(sql, params))).rows;
const countOf = async (sql: string, params: unknown[] = []) => (await q<{ n: number }>(sql, params))[0].n;

describe('POST /api/import/{layer}', () => {
  it('needs a planner or admin', async () => {
    const file = sample('buildings.geojson');
    expect((await send('/api/import/buildings', file, 'application/geo+json')).status).toBe(401);
    for (const who of ['official', 'worker'] as const) {
      const res = await send('/api/import/buildings', file, 'application/geo+json', await loginAs(who));
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    expect(await countOf('SELECT count(*)::int AS n FROM building WHERE code = ANY($1)', [SAMPLE_CODES])).toBe(0);
  });

  it("imports GeoJSON buildings, rebuilds their community's atoms and audits once", async () => {
    const auditBefore = await countOf(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import'`);
    const res = await send(
      '/api/import/buildings?name=io-test-buildings.geojson',
      sample('buildings.geojson'),
      'application/geo+json',
      await loginAs('planner'),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: true,
      dryRun: false,
      layer: 'buildings',
      format: 'geojson',
      crs: 'wgs84',
      mode: 'upsert',
      counts: { records: 3, inserted: 3, updated: 0, unchanged: 0 },
      problems: [],
    });
    expect(await q('SELECT code, households, version FROM building WHERE code = ANY($1) ORDER BY code', [SAMPLE_CODES])).toEqual([
      { code: SAMPLE_CODES[0], households: 36, version: 1 },
      { code: SAMPLE_CODES[1], households: 24, version: 1 },
      { code: SAMPLE_CODES[2], households: 72, version: 1 },
    ]);
    expect(await countOf('SELECT count(*)::int AS n FROM building_atom WHERE building_code = ANY($1)', [SAMPLE_CODES])).toBe(3);
    const [{ atoms, buildings }] = await q<{ atoms: number; buildings: number }>(
      `SELECT (SELECT count(*)::int FROM building_atom WHERE community_code = $1) AS atoms, (SELECT count(*)::int FROM building WHERE community_code = $1) AS buildings`,
      [COMMUNITY],
    );
    expect(atoms).toBe(buildings);
    const audits = await q<{ username: string; entity: string; after: { counts: unknown; fileName: string } }>(
      `SELECT username, entity, after FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1`,
    );
    expect(await countOf(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import'`)).toBe(auditBefore + 1);
    expect(audits[0]).toMatchObject({
      username: 'planner',
      entity: 'building',
      after: { fileName: 'io-test-buildings.geojson', counts: { inserted: 3 } },
    });

    // the same file again: upsert finds nothing to change; insert refuses every existing code
    const again = await send(
      '/api/import/buildings?name=io-test-again',
      sample('buildings.geojson'),
      'application/geo+json',
      await loginAs('planner'),
    );
    expect((await again.json()).counts).toEqual({ records: 3, inserted: 0, updated: 0, unchanged: 3 });
    const insert = await send(
      '/api/import/buildings?mode=insert',
      sample('buildings.geojson'),
      'application/geo+json',
      await loginAs('planner'),
    );
    expect(insert.status).toBe(400);
    const refused = (await insert.json()).error;
    expect(refused).toMatchObject({ code: 'import.failed', params: { count: 3 } });
    expect(
      refused.details.problems.map((p: { feature: number; code: string; params: { value: string } }) => [
        p.feature,
        p.code,
        p.params.value,
      ]),
    ).toEqual(SAMPLE_CODES.map((code, feature) => [feature, 'import.exists', code]));
  });

  it('answers 400 with every problem and writes nothing when one row is bad (all-or-nothing)', async () => {
    const csv = `code,community_code,method,name,area_m2,lng,lat\nSAMPLE-T-1,${COMMUNITY},lease,好,100,119.53,32.44\nSAMPLE-T-2,${COMMUNITY},lease,坏,-1,119.53,32.44\nSAMPLE-T-3,${COMMUNITY},rent,坏,50,119.53,32.44\n`;
    const res = await send('/api/import/options?name=io-test-bad', csv, 'text/csv', await loginAs('admin'));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'import.failed', params: { count: 2 } });
    expect(error.details).toMatchObject({ ok: false, problemsTotal: 2, counts: { records: 3, inserted: 0 } });
    expect(error.details.problems).toEqual([
      { row: 3, field: 'area_m2', code: 'import.negative', params: { column: 'area_m2', value: -1 }, message: expect.any(String) },
      {
        row: 4,
        field: 'method',
        code: 'import.not_in_list',
        params: {
          column: 'method',
          value: 'rent',
          allowed: ['reserve_in_new_development', 'expand_renovate', 'reallocate_idle_public', 'swap', 'lease'],
        },
        message: expect.any(String),
      },
    ]);
    expect(await countOf(`SELECT count(*)::int AS n FROM facility_option WHERE code LIKE 'SAMPLE-T-%'`)).toBe(0);
    expect(await countOf(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = 'io-test-bad'`)).toBe(0);
  });

  it('validates and counts without writing on a dry run, for CSV and zipped shapefiles', async () => {
    const planner = await loginAs('planner');
    const csv = await send(
      '/api/import/options?dryRun=true&name=io-test-dry',
      sample('candidate-sites.csv'),
      'text/csv; charset=utf-8',
      planner,
    );
    expect(csv.status).toBe(200);
    expect(await csv.json()).toMatchObject({ ok: true, dryRun: true, format: 'csv', counts: { inserted: 3 } });
    expect(await countOf(`SELECT count(*)::int AS n FROM facility_option WHERE code LIKE 'SAMPLE-%'`)).toBe(0);
    expect(await countOf(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = 'io-test-dry'`)).toBe(0);
    const shp = await send('/api/import/buildings?dryRun=1', sample('buildings-shp.zip'), 'application/zip', planner);
    expect(await shp.json()).toMatchObject({ ok: true, format: 'shapefile', counts: { records: 3, unchanged: 3 } });
    const real = await send(
      '/api/import/options?format=csv&name=io-test-sites',
      sample('candidate-sites.csv'),
      'application/octet-stream',
      planner,
    );
    expect((await real.json()).counts).toMatchObject({ inserted: 3 });
    expect(await q(`SELECT code, method, needs_approval FROM facility_option WHERE code LIKE 'SAMPLE-%' ORDER BY code`)).toEqual([
      { code: 'SAMPLE-006-01', method: 'lease', needs_approval: false },
      { code: 'SAMPLE-006-02', method: 'reallocate_idle_public', needs_approval: true },
      { code: 'SAMPLE-006-03', method: 'expand_renovate', needs_approval: false },
    ]);
  });

  it('checks its parameters and the body', async () => {
    const planner = await loginAs('planner');
    const file = sample('buildings.geojson');
    const unknownFormat = await send('/api/import/buildings', file, 'application/octet-stream', planner);
    expect(unknownFormat.status).toBe(400);
    const noFormat = (await unknownFormat.json()).error;
    expect(noFormat.code).toBe('import.format_unknown');
    expect(noFormat.details).toEqual([expect.objectContaining({ field: 'query.format', code: 'import.format_unknown' })]);
    for (const [path, field] of [
      ['/api/import/rivers', 'param.layer'],
      ['/api/import/buildings?crs=mars', 'query.crs'],
      ['/api/import/buildings?mode=replace', 'query.mode'],
    ]) {
      const res = await send(path, file, 'application/geo+json', planner);
      expect(res.status).toBe(400);
      expect((await res.json()).error.details[0].field).toBe(field);
    }
    const empty = await send('/api/import/buildings', '', 'application/geo+json', planner);
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe('import.body_empty');
  });

  it('takes files over the 2 MB JSON limit up to 20 MB', async () => {
    const planner = await loginAs('planner');
    const padded = Buffer.concat([sample('buildings.geojson'), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const big = await send('/api/import/buildings?dryRun=true', padded, 'application/geo+json', planner);
    expect(big.status).toBe(200);
    const huge = await send('/api/import/buildings?dryRun=true', Buffer.alloc(21 * 1024 * 1024, 0x20), 'application/geo+json', planner);
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatchObject({ code: 'import.too_large', params: { limitMegabytes: 20 } });
    // other routes keep the 2 MB limit
    const login = await send('/api/auth/login', padded, 'application/json');
    expect(login.status).toBe(413);
  });
});

describe('GET /api/export/{layer}', () => {
  it('needs a session', async () => {
    expect((await call('GET', '/api/export/buildings')).status).toBe(401);
  });

  it("downloads a community's buildings as CSV with a BOM, point-on-surface lng/lat and WKT", async () => {
    const res = await call('GET', `/api/export/buildings?format=csv&community=${COMMUNITY}`, undefined, await loginAs('official'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="gridplan-buildings-${COMMUNITY}.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe(
      'code,community_code,compound_code,name,address,kind,floors,entrances,households,residents,households_estimated,footprint_estimated,source_id,lng,lat,wkt',
    );
    expect(lines.length - 1).toBe(await countOf('SELECT count(*)::int AS n FROM building WHERE community_code = $1', [COMMUNITY]));
    const noWkt = await call(
      'GET',
      `/api/export/buildings?format=csv&community=${COMMUNITY}&wkt=false`,
      undefined,
      await loginAs('official'),
    );
    // Response.text() drops the BOM, as UTF-8 decoding does
    expect((await noWkt.text()).split('\r\n')[0]).toBe(
      'code,community_code,compound_code,name,address,kind,floors,entrances,households,residents,households_estimated,footprint_estimated,source_id,lng,lat',
    );
  });

  it('downloads GeoJSON by default', async () => {
    const res = await call('GET', `/api/export/compounds?community=${COMMUNITY}`, undefined, await loginAs('worker'));
    expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBe(await countOf('SELECT count(*)::int AS n FROM compound WHERE community_code = $1', [COMMUNITY]));
    expect(fc.features[0]).toMatchObject({
      type: 'Feature',
      id: `${COMMUNITY}-001`,
      geometry: { type: 'MultiPolygon' },
      properties: { code: `${COMMUNITY}-001`, community_code: COMMUNITY },
    });
  });

  it("masks people's phones except for admins and planners", async () => {
    const phones = async (who: 'planner' | 'official' | 'worker' | 'admin') => {
      const fc = await (await call('GET', `/api/export/people?community=${COMMUNITY}`, undefined, await loginAs(who))).json();
      return fc.features.map((f: { properties: { phone: string | null } }) => f.properties.phone).filter(Boolean) as string[];
    };
    const full = await phones('planner');
    expect(full.length).toBeGreaterThan(0);
    for (const p of full) expect(p).not.toContain('*');
    expect(await phones('admin')).toEqual(full);
    for (const who of ['official', 'worker'] as const) for (const p of await phones(who)) expect(p).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('answers 404 for an unknown community and 400 for bad parameters', async () => {
    const planner = await loginAs('planner');
    const unknown = await call('GET', '/api/export/buildings?community=321012199999', undefined, planner);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ code: 'community.not_found', params: { code: '321012199999' } });
    expect((await call('GET', '/api/export/buildings?community=12', undefined, planner)).status).toBe(400);
    expect((await call('GET', '/api/export/rivers', undefined, planner)).status).toBe(400);
    expect((await call('GET', '/api/export/buildings?format=kml', undefined, planner)).status).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await (await call('GET', '/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/import/{layer}', '/api/export/{layer}']));
    expect(doc.paths['/api/import/{layer}'].post.responses).toHaveProperty('413');
  });
});
