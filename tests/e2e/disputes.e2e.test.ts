/**
 * Disputes in the browser against the real server and demo town: a grid worker reports a case
 * from the lookup card on a 360×740 phone (a refused photo type, then a PNG), moves it on in the
 * register with a confirmation, and a visitor reads a community's public page with nothing
 * personal on it. Screenshots go to tests/e2e/screenshots/ (phone and desktop).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser } from './helpers/browser';
import { waitForIdle, waitForMap } from './helpers/map';
import { SCREENSHOTS, serverAndBrowser } from './helpers/suite';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1440, height: 900 };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PARTIES = ['甄士隐', '贾雨村'];
// Screens load data after they appear; give them time on a shared machine.
const WAIT = { timeout: 20_000 };

let caseId: number;
let building: { code: string; cell: string };

async function fitsThe(page: Page, width: number, selector: string): Promise<void> {
  const widest = await page.evaluate(
    (sel) => Math.max(...[...document.querySelectorAll(`${sel} *`)].map((el) => el.getBoundingClientRect().right)),
    selector,
  );
  expect(widest).toBeLessThanOrEqual(width);
}

const suite = serverAndBrowser({ viewport: PHONE });

describe('a grid worker reports from the lookup on a phone', () => {
  it('opens the report form with the building preselected, refuses a GIF, and routes the report to the cell', async () => {
    const { page, errors } = suite.browser;
    const login = await page.request.post(`${suite.server.url}/api/auth/login`, {
      data: { username: 'worker', password: 'demo' },
      headers: { Origin: suite.server.url },
    });
    expect(login.status()).toBe(200);
    const me = await (await page.request.get(`${suite.server.url}/api/auth/me`)).json();
    const fc = await (await page.request.get(`${suite.server.url}/api/layers/buildings.geojson`)).json();
    const mine = fc.features.find(
      (f: { properties: { cell_code: string | null; address: string } }) => f.properties.cell_code === me.cells[0] && f.properties.address,
    );
    building = { code: mine.properties.code, cell: me.cells[0] };
    await page.goto(`${suite.server.url}/#/lookup/${building.code}`);
    await page.evaluate(() => localStorage.setItem('gridplan.signedIn', '1'));
    await page.reload();
    await page.getByTestId('lookup-report').click();
    const form = page.getByTestId('report-form');
    await expect.poll(async () => form.textContent(), WAIT).toContain(mine.properties.address);
    await page.getByTestId('report-parties').fill(PARTIES.join('，'));
    await page.getByTestId('report-description').fill('楼上漏水，甄士隐与贾雨村协商未果');
    await page.getByTestId('report-photo').setInputFiles({ name: 'scan.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    expect(await page.getByTestId('report-photo-problem').textContent()).toContain('JPEG 或 PNG');
    expect(await page.getByTestId('report-submit').isDisabled()).toBe(true);
    await page.getByTestId('report-photo').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PNG });
    await fitsThe(page, PHONE.width, '[data-testid="report-form"]');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'disputes-report-phone.png') });
    await page.getByTestId('report-submit').click();
    const done = page.getByTestId('report-done');
    await expect.poll(async () => done.textContent(), WAIT).toContain(building.cell);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'disputes-reported-phone.png') });
    const list = await (await page.request.get(`${suite.server.url}/api/disputes?cellCode=${building.cell}&status=reported`)).json();
    const created = list.find(
      (c: { buildingCode: string; parties: string[] }) => c.buildingCode === building.code && c.parties.join() === PARTIES.join(),
    );
    expect(created).toMatchObject({
      kind: 'dispute',
      category: 'neighbour',
      cellCode: building.cell,
      hasPhoto: true,
      reportedBy: 'worker',
    });
    caseId = created.id;
    expect(errors).toEqual([]);
  });

  it('moves the case on in the register after a confirmation with a note', async () => {
    const { page, errors } = suite.browser;
    await page.goto(`${suite.server.url}/#/disputes`);
    await expect.poll(async () => page.getByTestId('dispute-row').count(), WAIT).toBeGreaterThan(0);
    await fitsThe(page, PHONE.width, '.page');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'disputes-register-phone.png') });
    await page.goto(`${suite.server.url}/#/disputes/${caseId}`);
    expect(await page.getByTestId('dispute-parties').textContent()).toBe(PARTIES.join('、'));
    await page.getByTestId('move-accepted').click();
    await page.getByTestId('move-yes').click();
    // No note: refused on the spot.
    expect(await page.getByTestId('move-confirm').textContent()).toContain('请填写处理说明');
    await page.getByTestId('move-note').fill('已受理，上门了解情况');
    await page.getByTestId('move-yes').click();
    await expect.poll(async () => page.getByTestId('dispute-status').textContent(), WAIT).toBe('已受理');
    expect(await page.getByTestId('dispute-detail').textContent()).toContain('已受理，上门了解情况');
    await fitsThe(page, PHONE.width, '.page');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'disputes-case-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows the register beside a map of open cases on a desktop', async () => {
    const { errors } = suite.browser;
    const page = await suite.browser.newPage(DESKTOP);
    await page.goto(`${suite.server.url}/#/disputes`);
    await expect.poll(async () => page.getByTestId('dispute-row').count(), WAIT).toBeGreaterThan(0);
    await waitForMap(page, 'disputes-open-points');
    await waitForIdle(page);
    // The worker's own cells' rates fold out under the town's line.
    await page.getByTestId('rates-table').locator('summary').click();
    await expect.poll(async () => page.getByTestId('rates-table').locator('tbody tr').count(), WAIT).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'disputes-register-desktop.png') });
    await page.close();
    expect(errors).toEqual([]);
  });
});

describe('the public community page', () => {
  it('shows cells, grid workers and the office phone to a visitor, and no personal data', async () => {
    const visitor = await launchBrowser({ viewport: PHONE });
    try {
      const page = visitor.page;
      const community = building.cell.slice(0, 12);
      const data = await (await fetch(`${suite.server.url}/api/public/communities/${community}`)).json();
      await page.goto(`${suite.server.url}/#/public/${community}`);
      await expect.poll(async () => page.getByTestId('public-cells').locator('li').count(), WAIT).toBe(data.cells.features.length);
      expect(await page.getByTestId('public-office-phone').textContent()).toBe(data.officePhone);
      const text = (await page.getByTestId('public-page').textContent())!;
      expect(text).toContain(data.cells.features[0].properties.gridWorkers[0]);
      expect(PARTIES.filter((name) => text.includes(name))).toEqual([]);
      expect(text).not.toMatch(/1[3-9]\d{9}/);
      // The plan year's 14 targets with the community's own figures; the housing standard is its compliance.
      const scorecard = page.getByTestId('public-scorecard');
      expect(await scorecard.locator('li').count()).toBe(14);
      expect(await scorecard.textContent()).toContain(`达标 ${data.scorecard.targetsMet} 项，共 14 项目标`);
      expect(await scorecard.locator('li[data-key="housing_standard"] .badge').textContent()).toBe(
        data.facility.compliant ? '达标' : '未达标',
      );
      await waitForIdle(page);
      await fitsThe(page, PHONE.width, '[data-testid="public-page"]');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'public-community-phone.png') });
      await page.getByTestId('public-page').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'public-community-phone-bottom.png') });
      // The English switch reaches this page too.
      await page.evaluate(() => localStorage.setItem('gridplan.locale', 'en'));
      await page.reload();
      await expect.poll(async () => page.locator('h1').textContent(), WAIT).toContain('public notice');
      expect(await page.getByTestId('public-scorecard').textContent()).toContain(`${data.scorecard.targetsMet} of 14 targets met`);
      await page.getByTestId('public-scorecard').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'public-community-phone-en.png') });
      const wide = await visitor.newPage(DESKTOP);
      await wide.goto(`${suite.server.url}/#/public/${community}`);
      await expect.poll(async () => wide.getByTestId('public-cells').locator('li').count(), WAIT).toBe(data.cells.features.length);
      await waitForIdle(wide);
      await wide.screenshot({ path: path.join(SCREENSHOTS, 'public-community-desktop.png'), fullPage: true });
      await wide.getByTestId('public-scorecard').scrollIntoViewIfNeeded();
      await wide.screenshot({ path: path.join(SCREENSHOTS, 'public-community-desktop-scorecard.png') });
      expect(visitor.errors).toEqual([]);
    } finally {
      await visitor.close();
    }
  });
});
