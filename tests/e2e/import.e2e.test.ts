/**
 * The import screen in a real browser against the real server (fresh embedded database, demo
 * town): a planner checks a DataV county file in GCJ-02 (a dry run), imports it and finds it in
 * the history; a community file read in the wrong coordinate system lists its problems by
 * feature, with the coordinate system that fits. Screenshots at desktop and phone width.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithDialog, type BrowserSession } from './helpers/browser';
import { REPO_ROOT, startServer, type RunningServer } from './helpers/server';

const SCREENSHOTS = process.env.GRIDPLAN_SHOTS ?? path.join(REPO_ROOT, 'tests/e2e/screenshots');
const fixture = (name: string) => path.join(REPO_ROOT, 'tests/fixtures/divisions', name);

let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('import screen', () => {
  it('is in the header for a planner; checks a DataV file, imports it and lists it in the history', async () => {
    const { page, errors } = browser;
    await page.goto(`${server.url}/#/map`);
    await expect.poll(() => page.getByRole('link', { name: '数据导入' }).count()).toBe(0);
    await signInWithDialog(page, 'planner');
    await page.getByRole('link', { name: '数据导入' }).click();

    await page.getByTestId('import-file').setInputFiles(fixture('310115.json'));
    await page.getByTestId('import-layer').selectOption('divisions');
    await page.getByTestId('import-crs').selectOption('gcj02');
    await expect.poll(() => page.getByTestId('import-run').isDisabled()).toBe(true);
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-counts').textContent(), { timeout: 30_000 }).toBe('1 条记录：新增 1，更新 0，不变 0');
    expect(await page.getByTestId('import-notes').textContent()).toContain('已忽略不属于 divisions 的列');
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-report').textContent(), { timeout: 30_000 }).toContain('已导入');
    const history = page.getByTestId('import-history');
    await expect.poll(() => history.locator('tbody tr').count(), { timeout: 30_000 }).toBe(1);
    const row = await history.locator('tbody tr').first().textContent();
    expect(row).toContain('planner');
    expect(row).toContain('行政区划');
    expect(row).toContain('310115.json');
    expect(row).toContain('gcj02');
    expect(errors).toEqual([]);
  });

  it('lists every problem by feature, with the coordinate system that fits, and writes nothing', async () => {
    const { page, errors } = browser;
    await page.getByTestId('import-file').setInputFiles(fixture('jiangdu-community.geojson'));
    await page.getByTestId('import-layer').selectOption('communities');
    await page.getByTestId('import-crs').selectOption('EPSG:4549');
    await page.getByTestId('import-check').click();
    const rows = page.getByTestId('import-problems').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(await rows.nth(0).textContent()).toContain('要素 0');
    expect(await rows.nth(0).textContent()).toContain('在中国范围之外');
    expect(await rows.nth(1).textContent()).toContain('若按 wgs84 读取，它会落在 321012100 仙女镇 之内');
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-desktop.png'), fullPage: true });

    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-phone.png'), fullPage: true });
    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(widest).toBeLessThanOrEqual(360);
    // the refused check is the only failed request: the browser logs its 400
    expect(errors).toEqual([expect.stringContaining('400 (Bad Request)')]);
  });
});
