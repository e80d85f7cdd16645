/**
 * The import screen's GeoPackage table choice and its scorecard section in a real browser
 * (fresh embedded database, demo town): a GeoPackage with two feature tables offers both, the
 * one chosen is read and checked; a scorecard sheet dropped on its section lists each value it
 * would change from what to what, a bad one lists its rows, and the clean one imports.
 * Screenshots at desktop and phone width.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlite } from '../../server/src/data/sqlite';
import { signInWithDialog } from './helpers/browser';
import { dropText } from './helpers/drop';
import { SCREENSHOTS, serverAndBrowser } from './helpers/suite';

const WAIT = { timeout: 30_000 };
const COMMUNITY = '321012100006';

const suite = serverAndBrowser({ viewport: { width: 1440, height: 900 } });

/** A GeoPackage (WGS84) with two point tables of facilities in 引江社区, one facility each. */
async function twoTableGeoPackage(): Promise<Buffer> {
  const g = new (await sqlite()).Database();
  g.exec(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT);
          INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84"]');
          CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER);
          CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);`);
  for (const [table, name, lng] of [
    ['现有用房', '引江社区活动室', 119.5297],
    ['规划用房', '引江社区新活动室', 119.5299],
  ] as const) {
    // GP, version 0, flags 0x01 (little-endian, no envelope), srs_id 4326, then a WKB point
    const blob = Buffer.alloc(8 + 21);
    blob.write('GP', 0, 'latin1');
    blob[3] = 0x01;
    blob.writeInt32LE(4326, 4);
    blob[8] = 1;
    blob.writeUInt32LE(1, 9);
    blob.writeDoubleLE(lng, 13);
    blob.writeDoubleLE(32.439, 21);
    g.exec(`INSERT INTO gpkg_contents VALUES ('${table}', 'features', '${table}', 4326);
            INSERT INTO gpkg_geometry_columns VALUES ('${table}', 'geom', 'POINT', 4326, 0, 0);
            CREATE TABLE "${table}" (fid INTEGER PRIMARY KEY, geom BLOB, 社区代码 TEXT, 名称 TEXT, 面积 REAL)`);
    g.run(`INSERT INTO "${table}" VALUES (1, ?, ?, ?, 80)`, [blob, COMMUNITY, name]);
  }
  const bytes = Buffer.from(g.export());
  g.close();
  return bytes;
}

describe('import screen: GeoPackage tables and the scorecard', () => {
  it('offers the tables of a GeoPackage and checks the one chosen', async () => {
    const { page, errors } = suite.browser;
    await page.goto(`${suite.server.url}/#/map`);
    await signInWithDialog(page, 'planner');
    await page.getByRole('link', { name: '数据导入' }).click();
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: '用房.gpkg', mimeType: 'application/geopackage+sqlite3', buffer: await twoTableGeoPackage() });
    const table = page.getByTestId('import-table');
    await expect.poll(() => table.inputValue(), WAIT).toBe('现有用房');
    expect(await table.locator('option').allTextContents()).toEqual(['现有用房（POINT，1 条）', '规划用房（POINT，1 条）']);
    expect(await page.getByTestId('import-tables-hint').textContent()).toContain('2 个表');
    await table.selectOption('规划用房');
    await expect.poll(() => page.getByTestId('import-table').inputValue(), WAIT).toBe('规划用房');
    await expect.poll(() => page.getByTestId('import-layer').inputValue(), WAIT).toBe('facilities');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-counts').textContent(), WAIT).toBe('1 条记录：新增 1，更新 0，不变 0');
    expect(await page.getByTestId('import-notes').textContent()).toContain('已读取 GeoPackage 表 规划用房 的要素');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-gpkg-tables.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('lists the bad rows of a scorecard sheet, then what a clean one changes, and imports it', async () => {
    const { page, errors } = suite.browser;
    const section = page.getByTestId('import-scorecard');
    await section.scrollIntoViewIfNeeded();
    await dropText(page, 'import-scorecard', '指标-错.csv', `community_code,service_items\n${COMMUNITY},许多\n321012999999,3\n`);
    const problems = section.getByTestId('import-problems').locator('tbody tr');
    await expect.poll(() => problems.count(), WAIT).toBe(2);
    expect(await problems.nth(0).textContent()).toContain('第 2 行');
    expect(await problems.nth(1).textContent()).toContain('第 3 行');
    expect(await section.getByTestId('import-scorecard-run').count()).toBe(0);
    // the refused check is the scorecard import's 400 with its rows, logged by the browser; nothing else went wrong
    expect(errors.splice(0).filter((e) => !e.includes('status of 400'))).toEqual([]);

    await dropText(page, 'import-scorecard', '指标.csv', `community_code,service_items\n${COMMUNITY},12\n`);
    await expect.poll(() => section.getByTestId('import-scorecard-file-name').textContent(), WAIT).toBe('指标.csv');
    await expect.poll(() => section.getByTestId('import-scorecard-summary').textContent(), WAIT).toContain('改动 1 项');
    const change = await section.getByTestId('import-scorecard-changes').locator('tbody tr').first().textContent();
    expect(change).toContain('引江社区');
    expect(change).toContain('12');
    // the layer import above is untouched by a file dropped here
    expect(await page.getByTestId('import-file-name').textContent()).toBe('用房.gpkg');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-scorecard-desktop.png'), fullPage: true });

    await page.setViewportSize({ width: 360, height: 740 });
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-scorecard-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await section.getByTestId('import-scorecard-run').click();
    await expect
      .poll(() => section.getByTestId('import-scorecard-done').textContent(), WAIT)
      .toMatch(/已导入 \d{4} 年 1 项，涉及 1 个社区/);
    // checked again, the same file now changes nothing
    await dropText(page, 'import-scorecard', '指标.csv', `community_code,service_items\n${COMMUNITY},12\n`);
    await expect.poll(() => section.getByTestId('import-scorecard-summary').textContent(), WAIT).toContain('改动 0 项，1 项不变');
    expect(await section.getByTestId('import-scorecard-run').isDisabled()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(errors).toEqual([]);
  });
});
