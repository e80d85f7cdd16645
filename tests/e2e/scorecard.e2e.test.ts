/**
 * The scorecard and grading screens in a real browser against the real server (fresh embedded
 * database with the demo town): town progress, a community's page with entry, CSV import that
 * names bad rows, the map coloured by grade, the Excel and CSV exports (the .xlsx read back here),
 * and a grading round completed by a planner, confirmed by the official and exported. Screenshots at desktop and 360 px land in
 * tests/e2e/screenshots/ for a person to look at.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import writeXlsxFile from 'write-excel-file/node';
import { signInWithDialog } from './helpers/browser';
import { renderedFeatures, waitForIdle, waitForMap } from './helpers/map';
import { SCREENSHOTS, serverAndBrowser } from './helpers/suite';
import { readXlsx, type XlsxCell, type XlsxSheet } from './helpers/xlsx';

const suite = serverAndBrowser({ viewport: { width: 1440, height: 900 } });

/** Clicks an export button and reads the downloaded workbook back. */
async function downloadXlsx(page: Page, testId: string, fileName: string): Promise<XlsxSheet[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  expect(download.suggestedFilename()).toBe(fileName);
  return readXlsx(await readFile((await download.path())!));
}

const values = (row: (XlsxCell | null)[]) => row.map((cell) => cell?.value ?? null);

describe('scorecard screen', () => {
  it('shows the town’s progress for 2008: the housing standard is met by 6 of 22 communities', async () => {
    const { page, errors } = suite.browser;
    await page.goto(`${suite.server.url}/#/scorecard`);
    await signInWithDialog(page, 'planner');
    const housing = page.getByTestId('target-bars').locator('li[data-key="housing_standard"]');
    await expect.poll(() => housing.textContent(), { timeout: 30_000 }).toContain('6/22 个社区达标');
    expect(await housing.textContent()).toContain('未达标');
    expect(await page.getByTestId('target-bars').locator('li').count()).toBe(14);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-progress.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('lists every community and opens one; staff enter a value and it is scored', async () => {
    const { page, errors } = suite.browser;
    await page.getByRole('tab', { name: '各社区' }).click();
    const table = page.getByTestId('scorecard-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(22);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-communities.png') });
    // The printable page: no app header or buttons, a title line with the year.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-only').isVisible()).toBe(true);
    expect(await page.getByTestId('scorecard-export').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await table.getByRole('link', { name: '引江社区' }).click();
    const view = page.getByTestId('community-scorecard');
    await view.waitFor();
    await page.getByTestId('edit-indicators').click();
    await page.getByTestId('indicator-form').locator('input[name="service_items"]').fill('17');
    await page.getByRole('button', { name: '保存' }).click();
    const row = view.locator('tr[data-key="service_items"]');
    await expect.poll(() => row.textContent()).toContain('17');
    expect(await row.textContent()).toContain('达标');
    // Only the edited value is sent and counted.
    expect(await view.getByRole('status').textContent()).toBe('已保存 1 项');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-community.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('imports nothing from a file with a bad row and names the row', async () => {
    const { page } = suite.browser;
    await page.goto(`${suite.server.url}/#/scorecard`);
    await page.getByRole('tab', { name: '导入' }).click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('community_code,service_items\n321012100006,18\n999999999999,12\n'),
    });
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('第 3 行');
    expect(await problems.textContent()).toContain('没有社区 999999999999');
    // The refused import is the only failed request the browser reports.
    expect(suite.browser.errors).toEqual([expect.stringContaining('400 (Bad Request)')]);
    suite.browser.errors.length = 0;
  });

  it('imports an Excel sheet like a CSV file: a code typed as a number, a rate formatted as a percentage', async () => {
    const { page, errors } = suite.browser;
    // As staff keep it in Excel: the community code entered as a number, satisfaction 86.3 % stored as 0.863.
    const sheet = await writeXlsxFile([
      ['community_code', 'service_items', 'resident_satisfaction'],
      [321012100006, 18, { value: 0.863, format: '0.0%' }],
    ]).toBuffer();
    await page.getByTestId('import-file').setInputFiles({
      name: 'indicators.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: sheet,
    });
    await expect.poll(() => page.getByTestId('import-panel').getByRole('status').textContent()).toBe('已导入 2 项，涉及 1 个社区');
    const card = await (await page.request.get(`${suite.server.url}/api/scorecard?year=2008`)).json();
    const yinjiang = card.communities.find((c: { code: string }) => c.code === '321012100006');
    expect(yinjiang.indicators.service_items).toMatchObject({ value: 18, source: 'entered', met: true });
    expect(yinjiang.indicators.resident_satisfaction).toMatchObject({ value: 86.3, source: 'entered', met: true });
    expect(errors).toEqual([]);
  });

  it('colours the map by grade and exports the table as CSV with a BOM', async () => {
    const { page, errors } = suite.browser;
    await page.getByRole('tab', { name: '地图' }).click();
    await waitForMap(page, 'sc-communities-fill');
    await waitForIdle(page);
    expect((await renderedFeatures(page, 'sc-communities-fill')).length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-map.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('scorecard-export').click()]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(23);
    expect(errors).toEqual([]);
  });

  it('exports an Excel workbook: the town targets sheet and the communities sheet, Chinese headers, numbers as numbers', async () => {
    const { page, errors } = suite.browser;
    const [town, communities] = await downloadXlsx(page, 'scorecard-export-xlsx', 'scorecard-2008.xlsx');
    expect(town.name).toBe('2008年全镇目标');
    expect(values(town.rows[0])).toEqual(['指标', '方向', '目标', '全镇平均', '达标社区数', '要求达标社区数', '社区总数', '全镇结果']);
    // 14 targets of the plan, one row each.
    expect(town.rows).toHaveLength(15);
    // PRODUCT §6: 6 of 22 communities meet the housing standard, which every community must meet.
    const housing = town.rows.find((row) => row[0]?.value === '社区用房达标')!;
    expect(values(housing)).toEqual(['社区用房达标', '=', 1, 6 / 22, 6, 22, 22, '未达标']);
    expect(housing[2]?.format).toBe('"是";"是";"否"');
    // Service items: at least 15 (the plan), needed in every community.
    const service = town.rows.find((row) => row[0]?.value === '服务项目（个）')!;
    expect(values(service).slice(1, 3)).toEqual(['≥', 15]);

    expect(communities.name).toBe('2008年各社区指标');
    expect(communities.rows).toHaveLength(23);
    const header = values(communities.rows[0]);
    expect(header.slice(0, 3)).toEqual(['社区', '社区代码', '等级']);
    expect(header).toContain('社区用房达标');
    expect(header.at(-1)).toBe('达标项数');
    const column = (name: string) => header.indexOf(name);
    // The community imported in the earlier step: code kept as text, 18 service items as a number.
    const yinjiang = communities.rows.find((row) => row[0]?.value === '引江社区')!;
    expect(yinjiang[1]).toEqual({ value: '321012100006' });
    expect(yinjiang[column('服务项目（个）')]).toEqual({ value: 18, format: '#,##0' });
    const housingValues = communities.rows.slice(1).map((row) => row[column('社区用房达标')]?.value);
    expect(housingValues.filter((v) => v === 1)).toHaveLength(6);
    expect(housingValues.filter((v) => v === 0)).toHaveLength(16);
    expect(errors).toEqual([]);
  });

  it('fits a 360 px phone', async () => {
    const phone = await suite.browser.newPage({ width: 360, height: 740 });
    await phone.goto(`${suite.server.url}/#/scorecard`);
    await phone.getByTestId('target-bars').waitFor({ timeout: 30_000 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-phone.png'), fullPage: true });
    await phone.goto(`${suite.server.url}/#/scorecard/321012100006`);
    await phone.getByTestId('community-scorecard').waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-community-phone.png'), fullPage: true });
    await phone.goto(`${suite.server.url}/#/grading`);
    await phone.getByTestId('grading-table').waitFor();
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'grading-phone.png') });
    await phone.close();
  });
});

describe('grading screen', () => {
  it('a planner completes the 2008 scores; the round then proposes a grade for every community', async () => {
    const { page, errors } = suite.browser;
    await page.goto(`${suite.server.url}/#/grading`);
    const table = page.getByTestId('grading-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBe(22);
    expect(await page.getByTestId('round-completeness').textContent()).toContain('评分未齐');
    const empty = table.locator('input[type="number"]');
    const n = await empty.count();
    for (let i = 0; i < n; i++) {
      const input = empty.nth(i);
      if ((await input.inputValue()) === '') await input.fill('82');
    }
    await page.getByTestId('save-scores').click();
    await expect.poll(() => page.getByTestId('round-completeness').textContent()).toContain('评分已齐');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grading-scores.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('the official confirms it after a dialog naming the changes', async () => {
    const { page, errors } = suite.browser;
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await signInWithDialog(page, 'official');
    await page.getByTestId('confirm-round').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('确认 2008 年考评结果');
    expect(await dialog.locator('li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grading-confirm.png') });
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.locator('.status .badge').textContent()).toBe('已确认');
    expect(await page.getByTestId('grading-round').locator('option:checked').textContent()).toContain('2008');
    expect(errors).toEqual([]);
  });

  it('exports the confirmed round to Excel: weighted scores and grades follow the default rules', async () => {
    const { page, errors } = suite.browser;
    const [sheet] = await downloadXlsx(page, 'grading-export', 'grading-2008.xlsx');
    expect(sheet.name).toBe('2008年分类晋级考评');
    expect(values(sheet.rows[0])).toEqual([
      '社区',
      '社区代码',
      '自评',
      '考评',
      '互评',
      '居民代表评议',
      '加权得分',
      '上年等级',
      '建议等级',
      '变动',
      '奖励（元）',
    ]);
    expect(sheet.rows).toHaveLength(23);
    // Default rules (settings): equal weights, so the weighted score is the mean of the four; bands
    // A1 ≥ 95, A2 ≥ 90, A3 ≥ 85, B1 ≥ 80, B2 ≥ 75, B3 ≥ 70, C1 ≥ 65, C2 ≥ 60, else C3.
    const bands: [string, number][] = [
      ['A1', 95],
      ['A2', 90],
      ['A3', 85],
      ['B1', 80],
      ['B2', 75],
      ['B3', 70],
      ['C1', 65],
      ['C2', 60],
      ['C3', 0],
    ];
    for (const row of sheet.rows.slice(1)) {
      const scores = row.slice(2, 6).map((cell) => cell?.value);
      expect(scores.every((v) => typeof v === 'number')).toBe(true);
      const mean = (scores as number[]).reduce((a, b) => a + b, 0) / 4;
      expect(row[6]?.value as number).toBeCloseTo(mean, 6);
      expect(row[8]?.value).toBe(bands.find(([, min]) => mean >= min - 1e-9)![0]);
      expect(typeof row[10]?.value).toBe('number');
    }
    expect(errors).toEqual([]);
  });

  it('speaks English after the switch', async () => {
    const { page, errors } = suite.browser;
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Community grading (ABC × 3)');
    expect(await page.locator('.status .badge').textContent()).toBe('Confirmed');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grading-en.png') });
    await page.goto(`${suite.server.url}/#/scorecard`);
    const housing = page.getByTestId('target-bars').locator('li[data-key="housing_standard"]');
    await expect.poll(() => housing.textContent()).toContain('6/22 communities meet it');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scorecard-progress-en.png') });
    // The workbook follows the language: English sheet names, headers and status format.
    const [town, communities] = await downloadXlsx(page, 'scorecard-export-xlsx', 'scorecard-2008.xlsx');
    expect(town.name).toBe('2008 town targets');
    expect(values(town.rows[0])).toEqual([
      'Indicator',
      'Direction',
      'Target',
      'Town average',
      'Communities meeting',
      'Communities required',
      'Communities',
      'Town result',
    ]);
    const housingRow = town.rows.find((row) => row[0]?.value === 'Facility space meets the standard')!;
    expect(housingRow[2]?.format).toBe('"Yes";"Yes";"No"');
    expect(housingRow[7]?.value).toBe('Not met');
    expect(communities.name).toBe('2008 communities');
    expect(values(communities.rows[0]).slice(0, 3)).toEqual(['Community', 'Community code', 'Grade']);
    expect(communities.rows).toHaveLength(23);
    // The same screens in English on a 360 px phone: nothing wider than the screen.
    const phone = await suite.browser.newPage({ width: 360, height: 740 });
    for (const [route, ready, shot] of [
      ['/scorecard', 'target-bars', 'scorecard-phone-en.png'],
      ['/scorecard/321012100006', 'community-scorecard', 'scorecard-community-phone-en.png'],
      ['/grading', 'grading-table', 'grading-phone-en.png'],
    ]) {
      await phone.goto(`${suite.server.url}/#${route}`);
      await phone.getByTestId(ready).waitFor({ timeout: 30_000 });
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), route).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: path.join(SCREENSHOTS, shot) });
    }
    await phone.close();
    expect(errors).toEqual([]);
  });
});
