/**
 * The facility screen in a real browser against the real server (fresh embedded database with the
 * demo town): the status board, solving a scenario as a planner and reading its chart, approving it
 * as an official (whoever solves a scenario does not approve it alone), and delivering a project until the community turns compliant. Screenshots land in
 * tests/e2e/screenshots/ for a person to look at.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInWithDialog, type BrowserSession } from './helpers/browser';
import { renderedFeatures, waitForIdle, waitForMap } from './helpers/map';
import { REPO_ROOT, startServer, type RunningServer } from './helpers/server';
import { readXlsx } from './helpers/xlsx';

const SCREENSHOTS = path.join(REPO_ROOT, 'tests/e2e/screenshots');

let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser({ viewport: { width: 1600, height: 1000 } });
});

/** The default scenario the planner solved, which the official approves. */
let defaultScenarioId: number;

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('facility screen', () => {
  it('signs in as the planner and shows the status board: 6 of 22 compliant', async () => {
    const { page, errors } = browser;
    await page.goto(`${server.url}/#/facility`);
    await signInWithDialog(page, 'planner');
    const totals = page.getByTestId('board-totals');
    await expect.poll(() => totals.textContent(), { timeout: 30_000 }).toContain('已达标6');
    expect(await totals.textContent()).toContain('未达标16');
    expect(await totals.textContent()).toContain('社区总数22');
    await expect.poll(() => page.getByTestId('board-table').locator('tbody tr').count()).toBe(22);
    expect(await page.getByTestId('board-table').getByText('未达标', { exact: true }).count()).toBe(16);
    await waitForMap(page, 'fac-communities-fill');
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'facility-board.png') });
    expect(errors).toEqual([]);
  });

  it('solves the default scenario and charts the compliant count 6 → … → 22', async () => {
    const { page, errors } = browser;
    await page.getByTestId('tab-scenarios').click();
    await page.getByTestId('run-scenario').click();
    const result = page.getByTestId('scenario-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('scenario-status').textContent()).toContain('最优方案');
    const bars = await page.getByTestId('compliant-chart').locator('text.value').allTextContents();
    expect(bars[0]).toBe('6');
    expect(bars.at(-1)).toBe('22');
    expect(Number(bars[1])).toBeGreaterThan(6);
    expect(Number(bars[1])).toBeLessThan(22);
    // Money reads as 万元 in Chinese, figures from the scenario the API stored.
    const [latest] = await (await page.request.get(`${server.url}/api/facility-plans?limit=1`)).json();
    const wan = (yuan: number) => `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(yuan / 10_000)} 万元`;
    expect(await page.getByTestId('total-cost').textContent()).toBe(wan(latest.totalCost));
    // Every year's spending is drawn next to its budget, both in 万元.
    const chartValues = await page.getByTestId('cost-chart').locator('text.value').allTextContents();
    expect(chartValues).toHaveLength(4);
    for (const value of chartValues) expect(value).toMatch(/万元$|^0 元$/);
    await waitForIdle(page);
    // The chosen options are drawn on the map (every community below standard needs at least one).
    expect((await renderedFeatures(page, 'fac-chosen-circle')).length).toBeGreaterThanOrEqual(16);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'facility-scenario.png') });
    expect(errors).toEqual([]);
  });

  it('explains in Chinese why communities miss the goal under a tiny budget', async () => {
    const { page, errors } = browser;
    const budgets = page.getByTestId('scenario-form').getByLabel(/年预算/);
    for (let i = 0; i < (await budgets.count()); i++) await budgets.nth(i).fill('1');
    await page.getByTestId('run-scenario').click();
    await expect.poll(() => page.getByTestId('scenario-status').textContent(), { timeout: 60_000 }).toContain('无法全部达标');
    const [partial, solvedBefore] = await (await page.request.get(`${server.url}/api/facility-plans?limit=2`)).json();
    const reasons = await page.getByTestId('infeasible-list').locator('li').allTextContents();
    expect(reasons).toHaveLength(partial.infeasibleCount);
    for (const reason of reasons) {
      expect(reason).toMatch(/预算缺口|可达到的最大面积|所需方案|无法达标/);
      expect(reason).not.toMatch(/budget|reachable|required/);
    }
    await page.getByTestId('infeasible-list').screenshot({ path: path.join(SCREENSHOTS, 'facility-reasons.png') });
    // The approval below is about the default scenario: open it again.
    defaultScenarioId = solvedBefore.id;
    await page.getByRole('button', { name: `#${solvedBefore.id} ` }).click();
    await expect.poll(() => page.getByTestId('scenario-status').textContent()).toContain('最优方案');
    expect(errors).toEqual([]);
  });

  it('approves the scenario as the official (not the planner who solved it); its options become planned projects', async () => {
    const { page, errors } = browser;
    const login = await page.request.post(`${server.url}/api/auth/login`, {
      data: { username: 'official', password: 'demo' },
      headers: { Origin: server.url },
    });
    expect(login.status()).toBe(200);
    await page.reload();
    await page.getByTestId('tab-scenarios').click();
    await page.getByRole('button', { name: `#${defaultScenarioId} ` }).click();
    await expect.poll(() => page.getByTestId('scenario-status').textContent()).toContain('最优方案');
    const chosen = await page.getByTestId('plan-table').locator('.choice').count();
    await page.getByRole('button', { name: '批准此方案' }).click();
    await page.getByTestId('approved-badge').waitFor();
    await page.getByTestId('tab-projects').click();
    const rows = page.getByTestId('projects-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(chosen);
    expect(await page.getByTestId('projects-table').getByText('计划中').count()).toBe(chosen);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'facility-projects.png') });
    expect(errors).toEqual([]);
  });

  it('starts and delivers a project; the delivered area counts on the status board', async () => {
    const { page, errors } = browser;
    const before = await (await page.request.get(`${server.url}/api/facilities/status`)).json();
    const row = page.getByTestId('projects-table').locator('tbody tr').first();
    const community = (await row.locator('td').first().textContent())!.trim();
    await row.getByRole('button', { name: '开工' }).click();
    await expect.poll(() => row.textContent()).toContain('实施中');
    await row.getByRole('button', { name: '交付' }).click();
    await expect.poll(() => page.getByTestId('projects-table').getByText('已交付').count()).toBe(1);
    const after = await (await page.request.get(`${server.url}/api/facilities/status`)).json();
    const was = before.communities.find((c: { name: string }) => c.name === community);
    const now = after.communities.find((c: { name: string }) => c.name === community);
    expect(now.currentAreaM2).toBeGreaterThan(was.currentAreaM2);
    expect(after.totals.compliant).toBeGreaterThanOrEqual(before.totals.compliant);
    await page.getByTestId('tab-board').click();
    await expect.poll(() => page.getByTestId('board-totals').textContent()).toContain(`已达标${after.totals.compliant}`);
    expect(errors).toEqual([]);
  });

  it('asks before cancelling a project, naming it, and keeps it listed as 已取消 with the reason', async () => {
    const { page, errors } = browser;
    await page.getByTestId('tab-projects').click();
    const table = page.getByTestId('projects-table');
    const row = table.locator('tbody tr[data-status="planned"]').first();
    const name = (await row.locator('td').nth(1).textContent())!;
    const total = await table.locator('tbody tr').count();
    await row.getByRole('button', { name: '取消' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    // Nothing changes until the user confirms with a reason.
    expect(await dialog.getByRole('heading').textContent()).toContain(name.split(/\s/)[0].slice(0, 4));
    expect(await dialog.textContent()).toContain('m²');
    expect(await dialog.getByTestId('confirm-ok').isDisabled()).toBe(true);
    expect(await table.locator('tbody tr[data-status="cancelled"]').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'facility-cancel-confirm.png') });
    await dialog.getByTestId('cancel-reason').fill('地块被收回');
    await dialog.getByTestId('confirm-ok').click();
    const cancelled = table.locator('tbody tr[data-status="cancelled"]');
    await expect.poll(() => cancelled.count()).toBe(1);
    expect(await cancelled.textContent()).toContain('已取消');
    expect(await cancelled.getByTestId('project-cancel-reason').textContent()).toContain('地块被收回');
    expect(await table.locator('tbody tr').count()).toBe(total);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'facility-cancelled.png') });
    expect(errors).toEqual([]);
  });

  it('exports the status board and the projects for the meeting as a workbook Excel opens', async () => {
    const { page, errors } = browser;
    const board = await (await page.request.get(`${server.url}/api/facilities/status`)).json();
    const projects = await (await page.request.get(`${server.url}/api/projects`)).json();
    await page.getByTestId('tab-board').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('board-export').click()]);
    expect(download.suggestedFilename()).toBe('facility-status.xlsx');
    const [status, tracked] = readXlsx(await readFile((await download.path())!));
    expect(status.name).toBe('达标总览');
    expect(status.rows[0].map((cell) => cell?.value)).toEqual(['社区', '社区编码', '户数', '应有面积', '现有面积', '缺口', '状态']);
    expect(status.rows.length).toBe(1 + board.communities.length);
    const compliant = status.rows.slice(1).filter((row) => row[6]?.value === '达标').length;
    expect(compliant).toBe(board.totals.compliant);
    expect(tracked.name).toBe('项目跟踪');
    expect(tracked.rows.length).toBe(1 + projects.length);
    const cancelled = tracked.rows.filter((row) => row[6]?.value === '已取消').map((row) => row[7]?.value);
    expect(cancelled).toContain('地块被收回');
    expect(errors).toEqual([]);
  });
});
