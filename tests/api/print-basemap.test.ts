/**
 * Printed maps over the admin's basemap, against a tile server run by this test: the tiles under
 * the map frame are fetched once (then cached) and embedded under the data with the attribution
 * printed; a tile server that fails or hangs leaves the page as without a basemap, with a note;
 * over a GCJ-02 basemap the data is printed where gcoord moves it. The setting is changed inside a
 * transaction that is rolled back, so no other test sees it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/pool';
import { printData } from '../../server/src/db/print';
import { printCommunity, withPrintBasemap } from '../../server/src/data/print-basemap';
import { tileCorners } from '../../server/src/domain/print/basemap';
import { call, loginAs } from '../helpers/app';
import { testDb } from '../helpers/db';
import { withRollback } from '../helpers/rollback';

const dir = mkdtempSync(path.join(tmpdir(), 'print-basemap-'));
const ATTRIBUTION = '© 测试瓦片';
const TILE_PNG = new Resvg(
  '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#e0d8c0"/></svg>',
)
  .render()
  .asPng();

let tiles: Server;
let base: string;
/** Tile paths asked for, per tile server path prefix. */
const asked: string[] = [];
let community: string;

beforeAll(async () => {
  tiles = createServer((req, res) => {
    const url = req.url ?? '';
    asked.push(url);
    if (url.startsWith('/broken/')) res.writeHead(500).end('no');
    else if (url.startsWith('/hang/'))
      return; // never answers
    else res.writeHead(200, { 'Content-Type': 'image/png' }).end(TILE_PNG);
  });
  await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
  const db = await testDb();
  const { rows } = await db.withClient((c) =>
    c.query<{ code: string }>(
      `SELECT m.code FROM community m JOIN grid_plan p ON p.community_code = m.code AND p.status = 'published' ORDER BY m.code LIMIT 1`,
    ),
  );
  community = rows[0].code;
});

afterAll(async () => {
  tiles.closeAllConnections();
  await new Promise((resolve) => tiles.close(resolve));
});

/** Prints the community as a PDF with `basemap` set (rolled back afterwards); the file's text and embedded image count. */
async function printWith(basemap: unknown, name: string): Promise<{ words: string; images: number }> {
  const pdf = await withRollback(await testDb(), async (db: Db) => {
    await db.withClient((c) => c.query(`UPDATE setting SET value = $1::jsonb WHERE key = 'map.basemap'`, [JSON.stringify(basemap)]));
    return (await printCommunity(db, community, { format: 'pdf', size: 'A4', language: 'zh-CN' })).file.body;
  });
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // pdfimages lists a PNG's alpha channel as its own "smask" row: count the images themselves.
  const listed = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  const images = listed.filter((row) => row.trim().split(/\s+/)[2] === 'image').length;
  return { words: execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }), images };
}

const xyz = (prefix: string) => ({ kind: 'xyz', url: `${base}/${prefix}/{z}/{x}/{y}.png`, attribution: ATTRIBUTION });

describe('printed map over the basemap', () => {
  it('embeds one image per tile covering the community, prints the attribution, and asks only once', async () => {
    const before = asked.length;
    const { words, images } = await printWith(xyz('ok'), 'xyz');
    const requested = asked.slice(before);
    expect(requested.length).toBeGreaterThan(0);
    expect(images).toBe(requested.length);
    expect(words).toContain(`底图：${ATTRIBUTION}`);
    expect(words).not.toContain('底图瓦片未能获取');

    // The tiles asked for are of one zoom and together cover the community's outline.
    const keys = requested.map((url) =>
      url
        .split('/')
        .slice(2)
        .map((n) => parseInt(n, 10)),
    );
    expect(new Set(keys.map(([z]) => z)).size).toBe(1);
    const data = await (await testDb()).withClient((c) => printData(c, community));
    const corners = keys.map(([z, x, y]) => tileCorners({ z, x, y }));
    const covered = ([lng, lat]: number[]) => corners.some(([[w, n], [e, s]]) => lng >= w && lng <= e && lat >= s && lat <= n);
    const outline =
      data.community.geometry.type === 'Polygon' ? data.community.geometry.coordinates : data.community.geometry.coordinates.flat();
    expect(outline.flat().every(covered)).toBe(true);

    // A second print of the same page comes from the cache.
    const again = asked.length;
    expect((await printWith(xyz('ok'), 'xyz-again')).images).toBe(requested.length);
    expect(asked.length).toBe(again);
  });

  it('prints as without a basemap, with a note, when the tile server fails', async () => {
    const { words, images } = await printWith(xyz('broken'), 'broken');
    expect(images).toBe(0);
    expect(words).toContain('底图瓦片未能获取，本图未印底图');
    expect(words).not.toContain(ATTRIBUTION);
  });

  it('gives up on a tile server that does not answer within the time limit', async () => {
    const data = await (await testDb()).withClient((c) => printData(c, community));
    const started = performance.now();
    const shown = await withPrintBasemap(
      data,
      'A4',
      { kind: 'xyz', url: `${base}/hang/{z}/{x}/{y}.png`, subdomains: 'abc', attribution: '', maxZoom: 18 },
      300,
    );
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(shown.basemap).toEqual({ failed: true });
    expect(shown.data).toBe(data);
  });

  it('prints nothing extra with no basemap set', async () => {
    const { words, images } = await printWith({ kind: 'none' }, 'none');
    expect(images).toBe(0);
    expect(words).not.toContain('底图');
  });

  it('draws the data shifted to GCJ-02 over a GCJ-02 basemap, as the screen does', async () => {
    const data = await (await testDb()).withClient((c) => printData(c, community));
    const shown = await withPrintBasemap(data, 'A4', {
      kind: 'gcj02',
      url: `${base}/ok/{z}/{x}/{y}.png`,
      subdomains: 'abc',
      attribution: ATTRIBUTION,
      maxZoom: 18,
    });
    expect(shown.basemap).toMatchObject({ attribution: ATTRIBUTION });
    const vertex = (d: typeof data) =>
      d.community.geometry.type === 'Polygon' ? d.community.geometry.coordinates[0][0] : d.community.geometry.coordinates[0][0][0];
    const [lng, lat] = gcoord.transform(vertex(data) as [number, number], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    expect(vertex(shown.data)[0]).toBeCloseTo(lng, 9);
    expect(vertex(shown.data)[1]).toBeCloseTo(lat, 9);
    // The offset is hundreds of metres in this part of China, not a rounding error.
    expect(Math.abs(vertex(shown.data)[0] - vertex(data)[0]) * 94_000).toBeGreaterThan(100);
    expect(shown.data.cells[0].labelPoint).not.toEqual(data.cells[0].labelPoint);
  });
});

describe('GET /api/settings/basemap-preview', () => {
  it('resolves an unsaved choice with its tiles fetched through the server', async () => {
    const value = { kind: 'tianditu', key: '0123456789abcdef0123456789abcdef' };
    const res = await call(
      'GET',
      `/api/settings/basemap-preview?value=${encodeURIComponent(JSON.stringify(value))}`,
      undefined,
      await loginAs('admin'),
    );
    expect(res.status).toBe(200);
    const { basemap } = await res.json();
    // 天地图 is its vector map and its annotation, two layers, each asked for through the preview tiles.
    expect(basemap).toMatchObject({ kind: 'tianditu', crs: 'wgs84', attribution: '© 天地图' });
    expect(basemap.layers.map((l: { tiles: string[] }) => l.tiles)).toEqual(
      [0, 1].map((i) => [`/api/settings/basemap-preview/${i}/{z}/{x}/{y}?value=${encodeURIComponent(JSON.stringify(value))}`]),
    );
  });
});

describe('GET /api/settings/basemap-preview/{layer}/{z}/{x}/{y}', () => {
  const preview = async (value: unknown, who: 'admin' | 'planner' = 'admin', tile = '0/14/13716/6506') =>
    call('GET', `/api/settings/basemap-preview/${tile}?value=${encodeURIComponent(JSON.stringify(value))}`, undefined, await loginAs(who));

  it('gives the admin a tile of an unsaved choice, fetched by the server from the template', async () => {
    const before = asked.length;
    const res = await preview(xyz('preview'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(TILE_PNG)).toBe(true);
    expect(asked.slice(before)).toEqual(['/preview/14/13716/6506.png']);
  });

  it('answers 503 naming the tile when the tile server fails, 400 naming the value for a bad choice, 403 for a planner', async () => {
    const broken = await preview(xyz('broken'), 'admin', '0/14/1/2');
    expect(broken.status).toBe(503);
    expect((await broken.json()).error).toMatchObject({ code: 'basemap.tile_unreachable', params: { tile: '14/1/2' } });
    const bad = await preview({ kind: 'xyz', url: 'ftp://nowhere/{z}/{x}/{y}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toContainEqual(expect.objectContaining({ field: 'query.value.url' }));
    expect((await preview({ kind: 'none' })).status).toBe(404);
    expect((await preview(xyz('preview'), 'planner')).status).toBe(403);
  });
});
