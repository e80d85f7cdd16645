/**
 * Search and map context in a real browser: a fuzzy query finds 福星新村4幢 with a suggestion
 * naming its community and distance and a point on the map; choosing it shows the building at
 * street scale with road, compound and building names around it, on a desktop and a phone.
 * Screenshots land in tests/e2e/screenshots/ for a person to look at.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderedFeatures, waitForIdle, waitForMap } from './helpers/map';
import { SCREENSHOTS, serverAndBrowser } from './helpers/suite';

// The demo town's 福星新村 4幢 and 福星小区 4幢 both answer "福星4幢".
const ADDRESS = '仙女镇仙城路487号福星新村4幢';

const suite = serverAndBrowser();

async function searchAndChoose(page: Page, shot: string, zoom: number): Promise<void> {
  await page.goto(`${suite.server.url}/#/map`);
  await waitForMap(page, 'communities-fill');
  await waitForIdle(page);
  await page.getByRole('combobox', { name: '搜索' }).fill('福星4幢');
  const option = page.getByRole('option').filter({ hasText: ADDRESS }).first();
  await option.waitFor();
  // The suggestion says where it is: its community and how far from the map centre.
  expect(await option.textContent()).toMatch(/社区 · [\d.]+ (米|公里)/);
  // Every suggestion is a point on the map, the first one larger.
  await expect.poll(async () => (await renderedFeatures(page, 'search-hits')).length).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}-suggestions.png`) });
  await option.click();
  await waitForIdle(page);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap.getZoom()))
    .toBeCloseTo(zoom, 0);
  // The box now shows the full address and the map only the chosen point.
  expect(await page.getByRole('combobox', { name: '搜索' }).inputValue()).toBe(ADDRESS);
  await expect.poll(async () => (await renderedFeatures(page, 'search-hits')).length).toBe(1);
  await waitForIdle(page);
}

describe('search and map context', () => {
  it('finds 福星新村4幢 from "福星4幢" and shows it among named roads, compounds and buildings (desktop)', async () => {
    const { page, errors } = suite.browser;
    await searchAndChoose(page, 'search-desktop', 17);
    await expect.poll(() => page.locator('.map-label.compounds').filter({ hasText: '福星新村' }).count()).toBe(1);
    await expect.poll(() => page.locator('.map-label.roads').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.map-label.buildings').filter({ hasText: '4幢' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-desktop-context.png') });
    expect(errors).toEqual([]);
  });

  it('does the same on a 360 × 740 phone', async () => {
    const phone = await suite.browser.newPage({ width: 360, height: 740 });
    // One zoom step further out than on a desktop: the strip above the details sheet is small.
    await searchAndChoose(phone, 'search-phone', 16);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'search-phone-context.png') });
    await expect.poll(() => phone.locator('.map-label.roads').count()).toBeGreaterThan(0);
    await phone.close();
  });
});
