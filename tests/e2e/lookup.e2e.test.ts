/**
 * The grid worker's lookup page on a 360×740 phone against the real server and demo town:
 * search by address, tap a building, use the phone's location, masked numbers for visitors and
 * call links for the worker of the cell. Screenshots go to tests/e2e/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './helpers/browser';
import { pointOnRenderedFeature, waitForIdle, waitForMap } from './helpers/map';
import { REPO_ROOT, startServer, type RunningServer } from './helpers/server';

const SCREENSHOTS = path.join(REPO_ROOT, 'tests/e2e/screenshots');
const PHONE = { width: 360, height: 740 };

interface Chain {
  building: { code: string; address: string; centroid: [number, number] };
  community: { name: string };
  cell: { code: string; label: string } | null;
  people: { name: string; phone: string | null }[];
  partyChain: { name: string; level: string }[];
}

let server: RunningServer;
let browser: BrowserSession;

const api = async <T>(p: string, cookie?: string): Promise<T> =>
  (await fetch(`${server.url}${p}`, { headers: cookie ? { Cookie: cookie } : {} })).json() as Promise<T>;
/** The whole buildings layer is for signed-in users: a planner's session to pick test buildings with. */
async function plannerCookie(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ username: 'planner', password: 'demo' }),
  });
  return res.headers.get('set-cookie')!.split(';')[0];
}
const card = (page: Page) => page.getByTestId('lookup-result');

/** Nothing on the lookup screen is wider than the phone (no sideways scrolling of the page). */
async function fitsThePhone(page: Page): Promise<void> {
  const widest = await page.evaluate(() =>
    Math.max(...[...document.querySelectorAll('.page *')].map((el) => el.getBoundingClientRect().right)),
  );
  expect(widest).toBeLessThanOrEqual(PHONE.width);
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser({ viewport: PHONE });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('lookup page on a phone', () => {
  it('finds a building by its address and masks the numbers for a visitor', async () => {
    const { page, errors } = browser;
    const fc = await api<{ features: { properties: { code: string; address: string; cell_code: string | null } }[] }>(
      '/api/layers/buildings.geojson',
      await plannerCookie(),
    );
    const target = fc.features.find((f) => f.properties.cell_code && f.properties.address)!;
    const chain = await api<Chain>(`/api/buildings/${target.properties.code}/coverage`);
    await page.goto(`${server.url}/#/lookup`);
    await page.getByTestId('lookup-query').fill(target.properties.code);
    await page.getByTestId('lookup-query').press('Enter');
    await expect.poll(() => page.getByTestId('lookup-cell').textContent()).toContain(chain.cell!.code);
    expect(await page.getByTestId('lookup-community').textContent()).toContain(chain.community.name);
    // Visitors see masked numbers and no call links.
    expect(await card(page).locator('a[href^="tel:"]').count()).toBe(0);
    if (chain.people.some((p) => p.phone)) expect(await card(page).textContent()).toMatch(/\d{3}\*{4}\d{4}/);
    // The general branch closes the party chain.
    const general = chain.partyChain.at(-1);
    if (general) expect(await page.getByTestId('lookup-party').textContent()).toContain(general.name);
    // An address search lists the building (or goes straight to it when it is the only hit).
    await page.getByTestId('lookup-query').fill(target.properties.address);
    await page.getByTestId('lookup-query').press('Enter');
    await expect
      .poll(async () => (await page.getByTestId('lookup-hits').count()) + (await page.getByTestId('lookup-building').count()), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lookup-phone-visitor.png') });
    expect(errors).toEqual([]);
  });

  it('answers a tap on a building of the map', async () => {
    const { page, errors } = browser;
    await waitForMap(page, 'lookup-buildings');
    await waitForIdle(page);
    const hit = await pointOnRenderedFeature(page, 'lookup-buildings');
    expect(hit, 'a building is drawn on the map').not.toBeNull();
    await page.mouse.click(hit!.x, hit!.y);
    await expect.poll(() => page.getByTestId('lookup-building').count()).toBe(1);
    await expect.poll(() => card(page).textContent()).toContain(String(hit!.properties.code));
    expect(errors).toEqual([]);
  });

  it('clears the card when a search finds nothing or a lookup fails, and retries on request', async () => {
    const { page, errors } = browser;
    // The tap of the previous test left a building's card on screen.
    expect(await card(page).count()).toBe(1);
    const code = (await card(page).textContent())!.match(/\d{17}/)![0];
    await page.getByTestId('lookup-query').fill('没有这个地址');
    await page.getByTestId('lookup-query').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('没有找到匹配的楼栋');
    expect(await card(page).count()).toBe(0);
    expect(await page.locator('a[href^="tel:"]').count()).toBe(0);

    // A lookup that cannot reach the server: a Chinese message, a retry button and still no card.
    await page.route('**/api/buildings/*/coverage', (route) => route.abort('failed'));
    await page.getByTestId('lookup-query').fill(code);
    await page.getByTestId('lookup-query').press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('无法连接服务器');
    expect(await card(page).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lookup-phone-failed.png') });
    await page.unroute('**/api/buildings/*/coverage');
    await page.getByTestId('lookup-retry').click();
    await expect.poll(() => card(page).textContent()).toContain(code);
    expect(await page.getByRole('alert').count()).toBe(0);
    // The aborted request is logged by the browser; it is the failure this test caused.
    const caused = errors.filter((e) => /ERR_FAILED/.test(e));
    for (const e of caused) errors.splice(errors.indexOf(e), 1);
    expect(errors).toEqual([]);
  });

  it('answers a refused location in Chinese without keeping the previous card', async () => {
    const { page, context } = browser;
    expect(await card(page).count()).toBe(1);
    await context.clearPermissions();
    await page.getByTestId('lookup-locate').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('没有定位权限：请在浏览器设置中允许本网站使用位置');
    expect(await card(page).count()).toBe(0);
  });

  it('uses the phone location and shows the worker of the cell full numbers with call links', async () => {
    const { page, context, errors } = browser;
    const login = await page.request.post(`${server.url}/api/auth/login`, {
      data: { username: 'worker', password: 'demo' },
      headers: { Origin: server.url },
    });
    expect(login.status()).toBe(200);
    const me = await (await page.request.get(`${server.url}/api/auth/me`)).json();
    const fc = await api<{ features: { properties: { code: string; cell_code: string | null } }[] }>(
      '/api/layers/buildings.geojson',
      await plannerCookie(),
    );
    const mine = fc.features.find((f) => f.properties.cell_code === me.cells[0])!;
    const chain = await api<Chain>(`/api/buildings/${mine.properties.code}/coverage`);
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ longitude: chain.building.centroid[0], latitude: chain.building.centroid[1], accuracy: 10 });
    await page.goto(`${server.url}/#/lookup`);
    await page.evaluate(() => localStorage.setItem('gridplan.signedIn', '1'));
    await page.reload();
    await page.getByTestId('lookup-locate').click();
    await expect.poll(() => page.getByTestId('lookup-cell').textContent()).toContain(me.cells[0]);
    expect(await card(page).textContent()).toContain(mine.properties.code);
    const calls = card(page).locator('a[href^="tel:"]');
    expect(await calls.count()).toBeGreaterThan(0);
    expect(await calls.first().getAttribute('href')).toMatch(/^tel:\d{11}$/);
    expect(await card(page).textContent()).not.toMatch(/\*{4}/);
    await waitForIdle(page);
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lookup-phone-worker.png') });
    await page.locator('.results').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'lookup-phone-worker-bottom.png') });
    expect(errors).toEqual([]);
  });

  it('says how far it searched when the location is far from any building', async () => {
    const { page, context } = browser;
    await context.setGeolocation({ longitude: 119.0, latitude: 32.0 });
    await page.getByTestId('lookup-locate').click();
    // The server's message code reaches the screen in the active language (Chinese by default), not as the English fallback.
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/120 米内没有楼栋/);
    expect(await card(page).count()).toBe(0);
    // The browser logs the 404 of that lookup itself; it is the answer this test expects.
    const expected = browser.errors.filter((e) => /404/.test(e));
    expect(expected.length).toBe(1);
    browser.errors.splice(browser.errors.indexOf(expected[0]), 1);
  });

  it('prints the community roster from the card link', async () => {
    const { page, errors } = browser;
    // The deep link of the last building shown brings its card back.
    await page.reload();
    const community = await card(page).getByTestId('lookup-community').textContent();
    await card(page).locator('a.roster-link').click();
    await page.getByTestId('roster').waitFor();
    expect(await page.getByTestId('roster').locator('h1').textContent()).toContain(community!.trim());
    expect(await page.getByTestId('roster').locator('section').count()).toBeGreaterThan(0);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.tools').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'roster-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });
});
