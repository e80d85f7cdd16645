import { beforeAll, describe, expect, it } from 'vitest';
import { call, loginAs, testApp } from '../helpers/app';
import { q } from './responsibility-helpers';

interface Page {
  offset: number;
  limit: number | null;
  total: number;
  nextOffset: number | null;
}
interface Report {
  town: { communities: number; cells: number; households: number };
  communities: { communityCode: string; households: number; status: string }[];
  cells: { cellCode: string; communityCode: string }[];
  page: Page;
}

let planner: string;
let codes: string[];
let whole: Report;

const get = async (query: string): Promise<Report> => {
  const res = await call('GET', `/api/coverage-report?${query}`, undefined, planner);
  expect(res.status).toBe(200);
  return res.json();
};

/** Codes of the current published cells of the given communities, straight from the tables. */
async function currentCells(communities: string[]): Promise<string[]> {
  const rows = await q<{ code: string }>(
    `SELECT g.code FROM grid_cell g JOIN grid_plan p ON p.id = g.plan_id
      WHERE p.status = 'published' AND g.valid_to IS NULL AND g.code IS NOT NULL AND p.community_code = ANY($1::text[]) ORDER BY g.code`,
    [communities],
  );
  return rows.map((r) => r.code);
}

beforeAll(async () => {
  await testApp();
  planner = await loginAs('planner');
  codes = (await q<{ code: string }>('SELECT code FROM community ORDER BY code')).map((r) => r.code);
  whole = await get('');
});

describe('GET /api/coverage-report paged', () => {
  it('answers the whole scope unpaged, saying so in its page', () => {
    expect(whole.page).toEqual({ offset: 0, limit: null, total: codes.length, nextOffset: null });
    expect(whole.communities.map((c) => c.communityCode)).toEqual(codes);
  });

  it('gives `limit` communities from `offset` in code order, with only their cells and totals', async () => {
    const first = await get('limit=5');
    expect(first.page).toEqual({ offset: 0, limit: 5, total: codes.length, nextOffset: 5 });
    expect(first.communities.map((c) => c.communityCode)).toEqual(codes.slice(0, 5));
    expect(first.cells.map((c) => c.cellCode).sort()).toEqual(await currentCells(codes.slice(0, 5)));
    expect(first.town.communities).toBe(5);
    expect(first.town.cells).toBe(first.cells.length);
    const households = await q<{ n: number }>('SELECT sum(households)::int AS n FROM building WHERE community_code = ANY($1::text[])', [
      codes.slice(0, 5),
    ]);
    expect(first.town.households).toBe(households[0].n);
  });

  it('walks the scope page by page to the same communities as the whole report', async () => {
    const seen: Report['communities'] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page: Report = await get(`limit=6&offset=${offset}`);
      seen.push(...page.communities);
      offset = page.page.nextOffset;
      pages++;
    }
    expect(pages).toBe(Math.ceil(codes.length / 6));
    expect(seen).toEqual(whole.communities);
  });

  it('answers an offset past the end with an empty last page', async () => {
    const past = await get(`limit=10&offset=${codes.length + 3}`);
    expect(past.page).toEqual({ offset: codes.length + 3, limit: 10, total: codes.length, nextOffset: null });
    expect(past.communities).toEqual([]);
    expect(past.cells).toEqual([]);
  });
});

describe('GET /api/coverage-report filtered by code prefix', () => {
  it('keeps only communities whose code starts with the prefix', async () => {
    const prefix = codes[0].slice(0, 11);
    const expected = codes.filter((c) => c.startsWith(prefix));
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(codes.length);
    const report = await get(`prefix=${prefix}`);
    expect(report.communities.map((c) => c.communityCode)).toEqual(expected);
    expect(report.page.total).toBe(expected.length);
    expect(report.cells.map((c) => c.cellCode).sort()).toEqual(await currentCells(expected));
    const paged = await get(`prefix=${prefix}&limit=1&offset=1`);
    expect(paged.communities.map((c) => c.communityCode)).toEqual([expected[1]]);
    expect(paged.page).toMatchObject({ total: expected.length, nextOffset: expected.length > 2 ? 2 : null });
  });

  it('answers an empty report for a prefix no community has', async () => {
    const report = await get('prefix=11');
    expect(report.page).toEqual({ offset: 0, limit: null, total: 0, nextOffset: null });
    expect(report.communities).toEqual([]);
    expect(report.town.communities).toBe(0);
  });

  it('scopes the map and the CSV export the same way', async () => {
    const prefix = codes[0].slice(0, 11);
    const fc = await (await call('GET', `/api/coverage-report/cells.geojson?prefix=${prefix}&limit=2`, undefined, planner)).json();
    const cells = await currentCells(codes.filter((c) => c.startsWith(prefix)).slice(0, 2));
    expect(fc.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(cells);
    const csv = await call('GET', `/api/coverage-report/export.csv?level=community&limit=3&offset=2`, undefined, planner);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(codes.slice(2, 5));
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=1001', 'query.limit'],
    ['offset=-1', 'query.offset'],
    ['prefix=3', 'query.prefix'],
    ['prefix=32a012', 'query.prefix'],
  ])('rejects %s with a 400 naming %s', async (query, field) => {
    const res = await call('GET', `/api/coverage-report?${query}`, undefined, planner);
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
