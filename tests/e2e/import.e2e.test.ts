/**
 * The import screen in a real browser against the real server (fresh embedded database, demo
 * town): a planner checks a DataV county file in GCJ-02 (a dry run), imports it and finds it in
 * the history; a community file read in the wrong coordinate system lists its problems by
 * feature, with the coordinate system that fits; a buildings sheet dropped on the page is guessed
 * as buildings, its unknown Chinese header mapped by hand, its records shown on the map with the
 * problem one zoomed to, and once fixed it imports with the progress bar reaching 100 %.
 * OpenStreetMap-style buildings in GCJ-02 numbers read as WGS84 are refused with crs=gcj02 named.
 * OpenStreetMap buildings imported, then the same file again: found by their ids, nothing changes.
 * Screenshots at desktop and phone width, in both languages.
 */
import path from 'node:path';
import gcoord from 'gcoord';
import type { FeatureCollection } from 'geojson';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInWithDialog } from './helpers/browser';
import { waitForIdle } from './helpers/map';
import { REPO_ROOT } from './helpers/server';
import { dropText } from './helpers/drop';
import { inDatum } from '../helpers/datum';

const osm = path.join(REPO_ROOT, 'tests/fixtures/osm/buildings-osm.geojson');
import { SCREENSHOTS, serverAndBrowser } from './helpers/suite';

const fixture = (name: string) => path.join(REPO_ROOT, 'tests/fixtures/divisions', name);
const WAIT = { timeout: 30_000 };

const suite = serverAndBrowser({ viewport: { width: 1440, height: 900 } });

/** Two buildings of 引江社区 as a survey office's sheet: 楼栋编号 is a header no alias knows. */
const square = (x: number, y: number) =>
  `"POLYGON((${x} ${y},${x + 0.0002} ${y},${x + 0.0002} ${y + 0.0001},${x} ${y + 0.0001},${x} ${y}))"`;
const sheet = (secondHouseholds: number) =>
  [
    '楼栋编号,名称,户数,层数,wkt',
    `32101210000690081,样例东楼,24,6,${square(119.5296, 32.4388)}`,
    `32101210000690082,样例西楼,${secondHouseholds},6,${square(119.5301, 32.4388)}`,
  ].join('\n');

const mapCenter = (page: Page) =>
  page.evaluate(() => {
    const map = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap;
    const c = map.getCenter();
    return { lng: c.lng, lat: c.lat, zoom: map.getZoom() };
  });

describe('import screen', () => {
  it('is in the header for a planner; checks a DataV file, imports it and lists it in the history', async () => {
    const { page, errors } = suite.browser;
    await page.goto(`${suite.server.url}/#/map`);
    await expect.poll(() => page.getByRole('link', { name: '数据导入' }).count()).toBe(0);
    await signInWithDialog(page, 'planner');
    await page.getByRole('link', { name: '数据导入' }).click();

    await page.getByTestId('import-file').setInputFiles(fixture('310115.json'));
    // guessed from its columns (adcode, name, level)
    await expect.poll(() => page.getByTestId('import-layer').inputValue(), WAIT).toBe('divisions');
    expect(await page.getByTestId('import-crs-guess').textContent()).toContain('经纬度');
    await page.getByTestId('import-crs').selectOption('gcj02');
    await expect.poll(() => page.getByTestId('import-run').isDisabled()).toBe(true);
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-counts').textContent(), WAIT).toBe('1 条记录：新增 1，更新 0，不变 0');
    expect(await page.getByTestId('import-notes').textContent()).toContain('已忽略不属于 divisions 的列');
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-report').textContent(), WAIT).toContain('已导入');
    const history = page.getByTestId('import-history');
    await expect.poll(() => history.locator('tbody tr').count(), WAIT).toBe(1);
    const row = await history.locator('tbody tr').first().textContent();
    expect(row).toContain('planner');
    expect(row).toContain('行政区划');
    expect(row).toContain('310115.json');
    expect(row).toContain('gcj02');
    expect(errors).toEqual([]);
  });

  it('lists every problem by feature, with the coordinate system that fits, and writes nothing', async () => {
    const { page, errors } = suite.browser;
    await page.getByTestId('import-file').setInputFiles(fixture('jiangdu-community.geojson'));
    await expect.poll(() => page.getByTestId('import-layer').inputValue(), WAIT).toBe('communities');
    await page.getByTestId('import-crs').selectOption('EPSG:4549');
    await page.getByTestId('import-check').click();
    const rows = page.getByTestId('import-problems').locator('tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBeGreaterThanOrEqual(2);
    expect(await rows.nth(0).textContent()).toContain('要素 0');
    expect(await rows.nth(0).textContent()).toContain('在中国范围之外');
    expect(await rows.nth(1).textContent()).toContain('若按 wgs84 读取，它会落在 321012100 仙女镇 之内');
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    // a refused check is a finished job, not a failed request
    expect(errors).toEqual([]);
  });

  it('refuses OpenStreetMap-style buildings in GCJ-02 numbers read as WGS84, naming crs=gcj02, on desktop and phone', async () => {
    const { page, errors } = suite.browser;
    // a community deep inside the town, as a web map's export gives it: outlines only, GCJ-02 numbers
    const exported = (await page.evaluate(async () =>
      (await fetch('/api/export/buildings?community=321012100012')).json(),
    )) as FeatureCollection;
    const osm = inDatum(
      {
        type: 'FeatureCollection',
        features: exported.features.map((f, i) => ({ ...f, properties: { '@id': `way/${i + 1}`, building: 'yes' } })),
      },
      gcoord.GCJ02,
    );
    await dropText(page, 'import-drop', 'osm-buildings.geojson', JSON.stringify(osm), 'application/geo+json');
    await expect.poll(() => page.getByTestId('import-file-name').textContent(), WAIT).toBe('osm-buildings.geojson');
    await expect.poll(() => page.getByTestId('import-layer').inputValue(), WAIT).toBe('buildings');
    await page.getByTestId('import-check').click();
    const mixUp = page.getByTestId('import-problems').locator('tbody tr', { hasText: '请以坐标系 crs=gcj02 导入该文件' });
    await expect.poll(() => mixUp.count(), WAIT).toBe(1);
    expect(await mixUp.textContent()).toContain('要素 0');
    expect(await mixUp.textContent()).toContain('压在已有道路上或与已有楼幢部分重叠');
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    await mixUp.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-datum-clashes-desktop.png') });
    await page.setViewportSize({ width: 360, height: 740 });
    await waitForIdle(page);
    await mixUp.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-datum-clashes-phone.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(errors).toEqual([]);
  });

  it('takes a dropped sheet: guesses buildings, maps a Chinese header, shows the records on the map and zooms to the problem', async () => {
    const { page, errors } = suite.browser;
    await dropText(page, 'import-drop', '测绘楼栋.csv', sheet(-5));
    await expect.poll(() => page.getByTestId('import-file-name').textContent(), WAIT).toBe('测绘楼栋.csv');
    await expect.poll(() => page.getByTestId('import-layer').inputValue(), WAIT).toBe('buildings');
    // 名称、户数、层数 are known Chinese headers; 楼栋编号 is not, so it starts unmapped
    expect(await page.getByTestId('import-map-户数').inputValue()).toBe('households');
    expect(await page.getByTestId('import-map-名称').inputValue()).toBe('name');
    expect(await page.getByTestId('import-map-楼栋编号').inputValue()).toBe('');
    await page.getByTestId('import-map-楼栋编号').selectOption('code');

    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-percent').textContent(), WAIT).toBe('100 %');
    await expect.poll(() => page.getByTestId('import-preview-count').textContent(), WAIT).toContain('地图显示 2 / 2 个要素');
    expect(await page.getByTestId('import-preview-count').textContent()).toContain('1 个有问题');
    await waitForIdle(page);
    const drawn = await page.evaluate(() => {
      const map = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap;
      return map.queryRenderedFeatures({ layers: ['import-preview-fill'] }).map((f) => f.properties.problem);
    });
    expect([...new Set(drawn)].sort()).toEqual([false, true]);

    const problem = page.getByTestId('import-problems').locator('tbody tr').first();
    expect(await problem.textContent()).toContain('第 3 行');
    expect(await problem.textContent()).toContain('户数');
    const before = await mapCenter(page);
    await problem.getByTestId('import-zoom').click();
    await waitForIdle(page);
    const after = await mapCenter(page);
    // framed on the second building (119.5301–119.5303 E, 32.4388–32.4389 N), closer than both together
    expect(after.zoom).toBeGreaterThan(before.zoom);
    expect(after.lng).toBeGreaterThan(119.5301);
    expect(after.lng).toBeLessThan(119.5303);
    expect(after.lat).toBeGreaterThan(32.4388);
    expect(after.lat).toBeLessThan(32.4389);
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('remembers the mapping for the same headers, imports the fixed sheet with progress to 100 % and lists it', async () => {
    const { page, errors } = suite.browser;
    await dropText(page, 'import-drop', '测绘楼栋-修正.csv', sheet(30));
    await expect.poll(() => page.getByTestId('import-file-name').textContent(), WAIT).toBe('测绘楼栋-修正.csv');
    await expect.poll(() => page.getByTestId('import-map-楼栋编号').inputValue(), WAIT).toBe('code');
    expect(await page.getByTestId('import-mapping').textContent()).toContain('已采用上次为这组表头保存的对应关系');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-counts').textContent(), WAIT).toBe('2 条记录：新增 2，更新 0，不变 0');
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-report').textContent(), WAIT).toContain('已导入');
    expect(await page.getByTestId('import-percent').textContent()).toBe('100 %');
    expect(await page.getByTestId('import-stage').textContent()).toBe('导入完成');
    const history = page.getByTestId('import-history');
    await expect.poll(() => history.locator('tbody tr').count(), WAIT).toBe(2);
    const row = await history.locator('tbody tr').first().textContent();
    expect(row).toContain('测绘楼栋-修正.csv');
    expect(row).toContain('楼栋');
    expect(row).toContain('新增 2');
    expect(errors).toEqual([]);
  });

  it('fits a phone and reads in English', async () => {
    const { page, errors } = suite.browser;
    await dropText(page, 'import-drop', '测绘楼栋.csv', sheet(-5));
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-preview-count').textContent(), WAIT).toContain('1 个有问题');
    expect(await page.getByTestId('import-stage').textContent()).toBe('有问题，未写入');
    await waitForIdle(page);
    await page.setViewportSize({ width: 360, height: 740 });
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.evaluate(() => localStorage.setItem('gridplan.locale', 'en'));
    await page.reload();
    await expect.poll(() => page.locator('h1').first().textContent(), WAIT).toBe('Import data');
    await dropText(page, 'import-drop', 'survey-buildings.csv', sheet(-5));
    await expect.poll(() => page.getByTestId('import-layer').inputValue(), WAIT).toBe('buildings');
    await page.getByTestId('import-check').click();
    await expect.poll(() => page.getByTestId('import-preview-count').textContent(), WAIT).toContain('Map shows 2 of 2 features');
    expect(await page.getByTestId('import-problems').textContent()).toContain('Row 3');
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-phone-en.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1440, height: 900 });
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-desktop-en.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('imports OpenStreetMap buildings, and the same file again finds them by their ids and changes nothing', async () => {
    const { page, errors } = suite.browser;
    /** Chooses the OSM file, checks it (a dry run) and waits for the counts the check gives. */
    const checkOsm = async (counts: string) => {
      await page.getByTestId('import-file').setInputFiles(osm);
      await expect.poll(() => page.getByTestId('import-layer').inputValue(), WAIT).toBe('buildings');
      await page.getByTestId('import-check').click();
      await expect.poll(() => page.getByTestId('import-counts').textContent(), WAIT).toBe(counts);
    };
    await checkOsm('3 records: 3 new, 0 updated, 0 unchanged');
    await page.getByTestId('import-run').click();
    await expect.poll(() => page.getByTestId('import-report').textContent(), WAIT).toContain('Imported');

    await checkOsm('3 records: 0 new, 0 updated, 3 unchanged');
    expect(await page.getByTestId('import-notes').textContent()).toContain('3 building(s) already stored found by their source id');
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-again-desktop-en.png'), fullPage: true });

    await page.evaluate(() => localStorage.setItem('gridplan.locale', 'zh-CN'));
    await page.reload();
    await expect.poll(() => page.locator('h1').first().textContent(), WAIT).toBe('导入数据');
    await page.setViewportSize({ width: 360, height: 740 });
    await checkOsm('3 条记录：新增 0，更新 0，不变 3');
    expect(await page.getByTestId('import-notes').textContent()).toContain('按来源编号（osm_id、@id）找到 3 栋已入库的楼幢');
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-again-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
  });
});
