/**
 * The admin's basemap in a real browser: the admin chooses an XYZ basemap served by this test
 * (a local tile server answering a PNG), and every map asks it for tiles and shows its
 * attribution; a bad 天地图 key is refused in Chinese; over a GCJ-02 basemap a known building is
 * drawn where gcoord moves it. Screenshots go to tests/e2e/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import gcoord from 'gcoord';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zh } from './helpers/catalogue';
import { launchBrowser, signInWithDialog, type BrowserSession } from './helpers/browser';
import { jumpTo, waitForIdle, waitForMap } from './helpers/map';
import { freePort, REPO_ROOT, startServer, type RunningServer } from './helpers/server';

const SCREENSHOTS = path.join(REPO_ROOT, 'tests/e2e/screenshots');
const PHONE = { width: 360, height: 740 };
const COMMUNITY = '321012100006';
const ATTRIBUTION = '© 测试瓦片';

let server: RunningServer;
let browser: BrowserSession;
let tiles: Server;
let tileUrl: string;
/** Paths the tile server was asked for, in order. */
const tileRequests: string[] = [];

// A pale street-grid tile, so screenshots show a basemap beneath the app's layers.
const TILE_PNG = new Resvg(
  `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
     <rect width="256" height="256" fill="#f2efe6"/>
     <path d="M0 64H256M0 192H256M64 0V256M192 0V256" stroke="#ffffff" stroke-width="10"/>
     <path d="M0 128H256M128 0V256" stroke="#f6d88f" stroke-width="14"/>
     <rect x="0.5" y="0.5" width="255" height="255" fill="none" stroke="#d9d3c2"/>
   </svg>`,
)
  .render()
  .asPng();

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const port = await freePort();
  tiles = createServer((req, res) => {
    tileRequests.push(req.url ?? '');
    // No caching: each map opened must ask again for the test to see it.
    res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
    res.end(TILE_PNG);
  });
  await new Promise<void>((resolve) => tiles.listen(port, '127.0.0.1', resolve));
  tileUrl = `http://127.0.0.1:${port}/{z}/{x}/{y}.png`;
  server = await startServer();
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => tiles?.close(resolve));
});

/** Waits until the tile server has been asked for more tiles than `before`. */
async function tilesAskedAfter(before: number): Promise<void> {
  await expect.poll(() => tileRequests.length, { timeout: 60_000 }).toBeGreaterThan(before);
}

async function openMap(page: Page, hash: string): Promise<void> {
  const before = tileRequests.length;
  await page.goto(`${server.url}/#${hash}`);
  await waitForMap(page);
  await tilesAskedAfter(before);
  await expect.poll(() => page.getByTestId('basemap-attribution').first().textContent()).toBe(ATTRIBUTION);
}

describe('basemap chosen by the admin', () => {
  it('is set on the admin screen as an XYZ template with an attribution', async () => {
    const { page, errors } = browser;
    await page.goto(`${server.url}/#/admin`);
    await signInWithDialog(page, 'admin');
    const form = page.getByTestId('basemap-form');
    await form.waitFor();
    await form.getByLabel(zh['admin.basemap.kind.xyz']).check();
    await form.getByLabel(zh['admin.basemap.url']).fill(tileUrl);
    const before = tileRequests.length;
    await form.getByLabel(zh['admin.basemap.attribution']).fill(ATTRIBUTION);
    // Before saving, the preview beside the form shows the choice under the communities: its
    // tiles come through the server from the tile server, with the attribution.
    const preview = page.getByTestId('basemap-preview');
    await tilesAskedAfter(before);
    await expect.poll(() => preview.getByTestId('basemap-attribution').textContent()).toBe(ATTRIBUTION);
    await expect.poll(() => preview.locator('.map-label.community').count()).toBeGreaterThan(0);
    expect(await preview.getByTestId('basemap-preview-caption').textContent()).toBe(zh['admin.basemap.preview.caption']);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'basemap-admin-preview.png') });
    expect((await (await page.request.get(`${server.url}/api/settings/public`)).json()).basemap).toBeNull();
    await form.getByRole('button', { name: zh['admin.save'] }).click();
    await page.getByText(zh['admin.basemap.saved']).waitFor();
    await form.screenshot({ path: path.join(SCREENSHOTS, 'basemap-admin-form.png') });
    // The page's CSP was fixed when it loaded: the notice offers the reload that brings the new one.
    await page.getByRole('button', { name: zh['admin.basemap.reload'] }).click();
    await page.getByTestId('basemap-form').waitFor();
    expect(errors).toEqual([]);
  });

  it('refuses a bad 天地图 key in Chinese, naming the field', async () => {
    const { page } = browser;
    const form = page.getByTestId('basemap-form');
    await form.getByLabel(zh['admin.basemap.kind.tianditu']).check();
    await form.getByLabel(zh['admin.basemap.key']).fill('abc');
    await form.getByRole('button', { name: zh['admin.save'] }).click();
    const message = page.getByTestId('basemap-error');
    await expect.poll(() => message.textContent()).toBe(zh['admin.basemap.bad.key']);
    // The preview says the choice is not valid and keeps the last good basemap.
    await expect.poll(() => page.getByTestId('basemap-preview-caption').textContent()).toBe(zh['admin.basemap.preview.refused']);
    // The browser logs the refused requests (the save and the preview) itself; nothing else went wrong.
    expect(browser.errors.length).toBeGreaterThan(0);
    expect(browser.errors.every((error) => error.includes('400 (Bad Request)'))).toBe(true);
    browser.errors.splice(0);
    // Back to the saved XYZ choice for the maps below.
    await form.getByLabel(zh['admin.basemap.kind.xyz']).check();
  });

  it.each([['/map'], [`/grid/${COMMUNITY}`], ['/lookup'], [`/coverage/${COMMUNITY}`], ['/facility'], ['/disputes']])(
    'is drawn beneath the map of %s, which asks the tile server for tiles',
    async (hash) => {
      const { page, errors } = browser;
      await openMap(page, hash);
      // The CSP names the tile server, so the browser reports no refused image.
      expect(errors).toEqual([]);
      if (hash === '/map') await page.screenshot({ path: path.join(SCREENSHOTS, 'basemap-map-desktop.png') });
    },
  );

  it('shows on a 360 px phone too', async () => {
    const page = await browser.newPage(PHONE);
    await openMap(page, '/lookup');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'basemap-lookup-phone.png') });
    await page.goto(`${server.url}/#/admin`);
    const form = page.getByTestId('basemap-form');
    await expect.poll(() => form.getByLabel(zh['admin.basemap.kind.xyz']).isChecked()).toBe(true);
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'basemap-admin-phone.png') });
    // The form fits the phone: nothing in it is wider than the screen.
    const right = await form.evaluate((el) =>
      Math.max(...[...el.querySelectorAll('*')].map((child) => child.getBoundingClientRect().right)),
    );
    expect(right).toBeLessThanOrEqual(PHONE.width);
    await page.close();
  });

  it('over a GCJ-02 basemap draws a known building where gcoord moves it', async () => {
    const { page, errors } = browser;
    await page.goto(`${server.url}/#/admin`);
    const form = page.getByTestId('basemap-form');
    await form.getByLabel(zh['admin.basemap.kind.gcj02']).check();
    await form.getByLabel(zh['admin.basemap.url']).fill(tileUrl);
    await form.getByRole('button', { name: zh['admin.save'] }).click();
    await page.getByRole('button', { name: zh['admin.basemap.reload'] }).click();
    await page.getByTestId('basemap-form').waitFor();

    const answer = await fetch(`${server.url}/api/layers/buildings.geojson?bbox=119.545,32.425,119.555,32.435`);
    expect(answer.status).toBe(200);
    const [feature] = ((await answer.json()) as FeatureCollection<Polygon | MultiPolygon>).features;
    // The middle of a building's outer ring (the demo's buildings are convex blocks).
    const ring = (feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0][0]).slice(0, -1);
    const middle: [number, number] = [0, 1].map((i) => ring.reduce((sum, p) => sum + p[i], 0) / ring.length) as [number, number];
    const building = { code: String(feature.properties!.code), centroid: middle };
    const shifted = gcoord.transform(building.centroid, gcoord.WGS84, gcoord.GCJ02) as [number, number];

    await page.goto(`${server.url}/#/map`);
    // The map frames the town once its communities are drawn; move the camera only after that.
    await waitForMap(page, 'communities-fill');
    await waitForIdle(page);
    await jumpTo(page, shifted, 18);
    const codesAt = (at: [number, number]) =>
      page.evaluate((lngLat) => {
        const map = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap;
        const { x, y } = map.project(lngLat);
        return map.queryRenderedFeatures([x, y], { layers: ['buildings-fill'] }).map((f) => f.properties.code);
      }, at);
    await expect.poll(() => codesAt(shifted), { timeout: 30_000 }).toContain(building.code);
    // Where the unshifted centroid falls on screen (hundreds of metres away) it is not drawn.
    expect(await codesAt(building.centroid)).not.toContain(building.code);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'basemap-gcj02-map.png') });
    expect(errors).toEqual([]);
  });
});
