/**
 * The grid editor in a real browser against the real server: paint a building from one cell to
 * another and see both counts change, draw an outline that becomes a new cell, generate a
 * proposal, take a plan through submit → approve → publish, and read the server's problems and
 * refusals in either language. Screenshots go to
 * tests/e2e/screenshots/grid-*.png for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MultiPolygon, Polygon } from 'geojson';
import { launchBrowser, type BrowserSession } from './helpers/browser';
import { jumpTo, pointOnRenderedFeature, waitForIdle, waitForMap } from './helpers/map';
import { drawNewCell, isolatedRectangle } from './helpers/outline';
import { REPO_ROOT, startServer, type RunningServer } from './helpers/server';

const SCREENSHOTS = path.join(REPO_ROOT, 'tests/e2e/screenshots');

interface Plan {
  id: number;
  status: string;
  version: number;
  cells: { label: string; code: string | null; households: number; buildingCodes: string[]; geometry: MultiPolygon | null }[];
  validation: {
    ok: boolean;
    counts: Record<string, number>;
    problems: { kind: string; buildings?: string[]; households?: number; params?: Record<string, unknown> }[];
  };
}

let server: RunningServer;
let browser: BrowserSession;
let community: string;

async function api<T>(page: Page, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const res =
    method === 'GET'
      ? await page.request.get(server.url + url)
      : await page.request.post(server.url + url, { data, headers: { Origin: server.url } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Households per cell label as the cell table shows them. */
async function counts(page: Page): Promise<Record<string, number>> {
  const rows = await page.$$eval('[data-testid=cell-table] tbody tr', (trs) =>
    trs.map((tr) => [
      tr.getAttribute('data-cell') ?? '',
      (tr.querySelector('[data-testid=households] .num')?.textContent ?? '').replace(/[^0-9]/g, ''),
    ]),
  );
  return Object.fromEntries(rows.map(([label, n]) => [label, Number(n)]));
}

/** Code and swatch colour per cell label as the cell table shows them. */
async function identities(page: Page): Promise<Record<string, { code: string; colour: string }>> {
  const rows = await page.$$eval('[data-testid=cell-table] tbody tr', (trs) =>
    trs.map((tr) => ({
      label: tr.getAttribute('data-cell') ?? '',
      code: tr.querySelector('.code')?.textContent ?? '',
      colour: getComputedStyle(tr.querySelector('.swatch')!).backgroundColor,
    })),
  );
  return Object.fromEntries(rows.map(({ label, code, colour }) => [label, { code, colour }]));
}

async function openEditor(page: Page): Promise<void> {
  await page.goto(`${server.url}/#/grid/${community}`);
  await waitForMap(page, 'grid-cells-fill');
  await waitForIdle(page);
}

async function signInAs(page: Page, username: string): Promise<void> {
  await api(page, 'POST', '/api/auth/login', { username, password: 'demo' });
}

async function currentPlan(page: Page): Promise<Plan> {
  const id = Number(await page.locator('[data-testid=plan-select]').inputValue());
  return api<Plan>(page, 'GET', `/api/grid-plans/${id}`);
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const { page } = browser;
  // Admin edits and submits; approving takes someone else (the official, below).
  await signInAs(page, 'admin');
  await page.goto(`${server.url}/#/grid`);
  await page.evaluate(() => localStorage.setItem('gridplan.signedIn', '1'));
  await page.reload();
  // A community whose automatic proposal passes every check (so it can be published).
  const all = await api<{ code: string }[]>(page, 'GET', '/api/communities');
  for (const c of all) {
    const plan = await api<Plan>(page, 'POST', `/api/communities/${c.code}/grid-plans/generate`, {
      minHouseholds: 300,
      maxHouseholds: 500,
    });
    await page.request.delete(`${server.url}/api/grid-plans/${plan.id}?version=1`, { headers: { Origin: server.url } });
    if (plan.validation.ok) {
      community = c.code;
      break;
    }
  }
  expect(community).toBeDefined();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('grid editor', () => {
  it('paints a building from one cell to another and both counts change', async () => {
    const { page, errors } = browser;
    await openEditor(page);
    await page.getByRole('button', { name: '复制现行方案' }).click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 15_000 }).toBe('草稿');
    const plan = await currentPlan(page);
    const [from, to] = plan.cells;
    const before = await counts(page);
    expect(before[from.label]).toBe(from.households);
    const known = await identities(page);
    expect(Object.keys(known).length).toBe(plan.cells.length);
    for (const cell of plan.cells) expect(known[cell.label].code).toBe(cell.code!.slice(-3));
    expect(new Set(Object.values(known).map((x) => x.colour)).size).toBeGreaterThan(1);

    // A building of `from` with households, painted into `to`.
    const fc = await api<{ features: { properties: { code: string; households: number; point: [number, number] } }[] }>(
      page,
      'GET',
      `/api/grid-plans/${plan.id}/buildings`,
    );
    const building = fc.features.find((f) => from.buildingCodes.includes(f.properties.code) && f.properties.households > 0)!.properties;
    // Keyboard: B picks the paint tool; a focused cell row is chosen with Enter.
    await page.locator('body').press('b');
    expect(await page.getAttribute('[data-tool=paint]', 'aria-pressed')).toBe('true');
    await page.focus(`[data-cell="${to.label}"]`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute(`[data-cell="${to.label}"]`, 'aria-selected')).toBe('true');
    await jumpTo(page, building.point, 18.5);
    const hit = await pointOnRenderedFeature(page, 'grid-buildings-fill', { match: { property: 'code', value: building.code } });
    expect(hit).not.toBeNull();
    await page.mouse.click(hit!.x, hit!.y);
    await expect.poll(() => counts(page).then((c) => c[to.label])).toBe(before[to.label] + building.households);
    const after = await counts(page);
    expect(after[from.label]).toBe(before[from.label] - building.households);
    // Every cell keeps its code and colour: painting renumbers and recolours nothing.
    expect(await identities(page)).toEqual(known);
    // Compared with the published plan, exactly the painted building changes cell.
    await page.getByTestId('compare').click();
    await expect.poll(() => page.getByTestId('comparison').locator('li').count()).toBe(1);
    expect(await page.getByTestId('comparison').textContent()).toContain(building.code.slice(-5));
    expect(await page.getByTestId('comparison').textContent()).toContain(`1 幢楼、${building.households} 户换了网格`);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-paint.png') });

    // Ctrl+Z puts it back, Ctrl+Shift+Z paints it again, the undo button takes it back once more.
    await page.locator('body').press('Control+z');
    await expect.poll(() => counts(page).then((c) => c[to.label])).toBe(before[to.label]);
    await page.locator('body').press('Control+Shift+z');
    await expect.poll(() => counts(page).then((c) => c[to.label])).toBe(before[to.label] + building.households);
    await page.getByTestId('undo').click();
    await expect.poll(() => counts(page).then((c) => c[to.label])).toBe(before[to.label]);
    await expect.poll(() => page.getByTestId('comparison').locator('li').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('draws an outline whose buildings become a new cell', async () => {
    const { page } = browser;
    const plan = await currentPlan(page);
    const cellsBefore = plan.cells.length;
    // A rectangle around one building: a drawn outline may not cut through a building.
    const buildings = await api<{ features: { geometry: Polygon; properties: { code: string; households: number } }[] }>(
      page,
      'GET',
      `/api/grid-plans/${plan.id}/buildings`,
    );
    const { code, corners } = isolatedRectangle(plan.cells, buildings.features);
    await drawNewCell(page, corners);
    await expect.poll(() => page.locator('[data-testid=cell-table] tbody tr').count(), { timeout: 20_000 }).toBe(cellsBefore + 1);
    const drawn = await currentPlan(page);
    expect(drawn.validation).toBeDefined();
    const fresh = drawn.cells.find((c) => !plan.cells.some((p) => p.label === c.label))!;
    expect(fresh.buildingCodes).toEqual([code]);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-draw.png') });
  });

  it('generates a proposal for a household range', async () => {
    const { page, errors } = browser;
    await page.click('[data-tool=select]');
    const options = await page.locator('[data-testid=plan-select] option').count();
    const previous = await page.locator('[data-testid=plan-select]').inputValue();
    await page.getByTestId('generate').click();
    await expect.poll(() => page.locator('[data-testid=plan-select] option').count(), { timeout: 30_000 }).toBe(options + 1);
    await expect.poll(() => page.locator('[data-testid=plan-select]').inputValue()).not.toBe(previous);
    const plan = await currentPlan(page);
    await expect.poll(() => counts(page).then((c) => Object.keys(c).sort())).toEqual(plan.cells.map((c) => c.label).sort());
    expect(plan.status).toBe('draft');
    const shown = await counts(page);
    expect(Object.keys(shown).sort()).toEqual(plan.cells.map((c) => c.label).sort());
    for (const cell of plan.cells) expect(shown[cell.label]).toBe(cell.households);
    await expect.poll(() => page.getByTestId('integrity').textContent()).toContain('全部通过');

    await page.evaluate(() => (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap.zoomOut());
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-generate.png') });
    expect(errors).toEqual([]);
  });

  it('submits, approves and publishes the proposal', async () => {
    const { page, errors } = browser;
    // Each step runs every integrity check (publishing rebuilds outlines too): seconds on a busy machine.
    const plan = await currentPlan(page);
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('已提交');
    // Whoever submitted a plan cannot approve it: the official approves and publishes.
    await signInAs(page, 'official');
    await openEditor(page);
    await page.locator('[data-testid=plan-select]').selectOption(String(plan.id));
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('已提交');
    // Approving asks first, naming the plan.
    await page.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('confirm-dialog').textContent()).toContain(`${plan.cells.length} 个网格`);
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('已批准');

    // Publishing asks first and says what will change; going back changes nothing.
    const { version } = await currentPlan(page);
    await page.getByTestId('publish').click();
    const preview = page.getByTestId('publish-preview');
    const expected = await api<{ movedBuildings: number; movedHouseholds: number; closingCells: unknown[] }>(
      page,
      'GET',
      `/api/grid-plans/${plan.id}/publish-preview`,
    );
    await expect.poll(() => preview.count(), { timeout: 20_000 }).toBe(1);
    expect((await page.getByTestId('preview-moved').textContent())?.trim()).toBe(
      `${expected.movedBuildings} 幢楼（${expected.movedHouseholds} 户）换到另一个网格。`,
    );
    expect((await page.getByTestId('preview-closing').textContent())?.trim()).toMatch(
      expected.closingCells.length === 0 ? /^没有现行网格关闭/ : new RegExp(`^${expected.closingCells.length} 个现行网格将关闭`),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-publish-confirm.png') });
    await page.getByTestId('confirm-back').click();
    await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(0);
    expect(await page.getByTestId('plan-status').textContent()).toBe('已批准');
    expect(await api<Plan>(page, 'GET', `/api/grid-plans/${plan.id}`)).toMatchObject({ status: 'approved', version });

    // Confirmed, it publishes.
    await page.getByTestId('publish').click();
    await expect.poll(() => preview.count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('现行');
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/已发布/);
    expect(await page.getByTestId('publish-report').locator('li').count()).toBeGreaterThan(0);
    const published = await api<Plan>(page, 'GET', `/api/grid-plans/${plan.id}`);
    expect(published.status).toBe('published');
    expect(published.cells.every((c) => c.code && c.code.startsWith(community))).toBe(true);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-publish.png') });
    await signInAs(page, 'admin');
    expect(errors).toEqual([]);
  });

  it('names a cell in the table, and English labels read "Cell N"', async () => {
    const { page, errors } = browser;
    await openEditor(page);
    await page.getByRole('button', { name: '复制现行方案' }).click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('草稿');
    const draft = await currentPlan(page);
    const row = page.locator(`[data-testid=cell-table] tr[data-cell="${draft.cells[0].label}"]`);
    // The chosen row offers to name its cell.
    await row.click();
    await row.getByTestId('cell-rename').click();
    await row.getByTestId('cell-name-input').fill('福星新村片');
    await row.getByTestId('cell-name-input').press('Enter');
    await expect.poll(() => row.getByTestId('cell-name').textContent(), { timeout: 20_000 }).toBe('福星新村片');
    expect((await currentPlan(page)).cells.find((c) => c.label === draft.cells[0].label)).toMatchObject({ name: '福星新村片' });
    expect(await row.locator('b').textContent()).toBe(draft.cells[0].label);

    await page.evaluate(() => localStorage.setItem('gridplan.locale', 'en'));
    await page.reload();
    await waitForMap(page, 'grid-cells-fill');
    const number = draft.cells[0].label.replace(/[^0-9]/g, '');
    await expect.poll(() => row.locator('b').textContent()).toBe(`Cell ${number}`);
    expect(await page.getByTestId('cell-table').textContent()).not.toMatch(/Cell 第/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-cell-name-en.png') });

    // Deleting the draft asks first, naming it and what goes with it.
    await page.getByTestId('delete').click();
    await expect
      .poll(() => page.getByTestId('confirm-dialog').textContent())
      .toContain(`Its ${draft.cells.length} cells and its edit history (1)`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-delete-confirm-en.png') });
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.locator(`[data-testid=plan-select] option[value="${draft.id}"]`).count(), { timeout: 20_000 }).toBe(0);
    await page.evaluate(() => localStorage.setItem('gridplan.locale', 'zh-CN'));
    await page.reload();
    expect(errors).toEqual([]);
  });

  it('the community picker shows where each community’s plans stand', async () => {
    const { page, errors } = browser;
    const draft = await api<Plan>(page, 'POST', `/api/communities/${community}/grid-plans`, { from: 'published' });
    const statuses = await api<{ communityCode: string; drafts: number; publishedPlanId: number | null }[]>(
      page,
      'GET',
      '/api/grid-plans/status',
    );
    await page.goto(`${server.url}/#/grid`);
    const cards = page.locator('.cards a.card');
    await expect.poll(() => cards.locator('[data-testid=plan-badges]').count()).toBe(statuses.length);
    const ours = statuses.find((s) => s.communityCode === community)!;
    const card = page.locator(`.cards a.card[href$="/grid/${community}"]`);
    expect(await card.locator('[data-kind=published]').textContent()).toBe('已发布');
    expect(ours.drafts).toBeGreaterThan(0);
    expect(await card.locator('[data-kind=drafts]').textContent()).toBe(`${ours.drafts} 个草稿`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-picker.png') });

    // The picker fits a phone (the editor itself does not), in either language.
    const phone = await browser.newPage({ width: 360, height: 740 });
    try {
      await phone.goto(`${server.url}/#/grid`);
      const phoneCard = phone.locator(`.cards a.card[href$="/grid/${community}"]`);
      await expect.poll(() => phoneCard.locator('[data-kind=drafts]').textContent(), { timeout: 20_000 }).toBe(`${ours.drafts} 个草稿`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await phone.screenshot({ path: path.join(SCREENSHOTS, 'grid-picker-phone.png') });
      await phone.evaluate(() => localStorage.setItem('gridplan.locale', 'en'));
      await phone.reload();
      await expect
        .poll(() => phoneCard.locator('[data-kind=drafts]').textContent(), { timeout: 20_000 })
        .toBe(`${ours.drafts} draft${ours.drafts === 1 ? '' : 's'}`);
      await phone.screenshot({ path: path.join(SCREENSHOTS, 'grid-picker-phone-en.png') });
      await page.reload();
      await expect.poll(() => card.locator('[data-kind=published]').textContent(), { timeout: 20_000 }).toBe('Published');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-picker-en.png') });
    } finally {
      await phone.evaluate(() => localStorage.setItem('gridplan.locale', 'zh-CN'));
      await phone.close();
      await page.reload();
    }
    await page.request.delete(`${server.url}/api/grid-plans/${draft.id}?version=${draft.version}`, { headers: { Origin: server.url } });
    expect(errors).toEqual([]);
  });

  it("shows the server's problems and refusals in the active language", async () => {
    const { page, errors } = browser;
    await openEditor(page);
    // The editor opens a draft of its own first: wait for the new empty one to be the open plan.
    await expect.poll(() => page.locator('[data-testid=plan-select]').inputValue(), { timeout: 20_000 }).not.toBe('');
    const opened = await page.locator('[data-testid=plan-select]').inputValue();
    await page.getByRole('button', { name: '空白草稿' }).click();
    await expect.poll(() => page.locator('[data-testid=plan-select]').inputValue(), { timeout: 20_000 }).not.toBe(opened);
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('草稿');
    const empty = await currentPlan(page);
    const first = empty.validation.problems.find((p) => p.kind === 'unassigned')!;
    const [building, households] = [String(first.params!.address), first.households!];
    // One folded line for all unassigned buildings; opened, each is named by its address.
    const folded = page.locator('[data-testid=integrity] [data-kind=unassigned] summary');
    await expect.poll(() => folded.textContent()).toBe(`${empty.validation.counts.unassigned} 幢楼未分配`);
    await folded.click();
    await expect.poll(() => page.getByTestId('integrity').innerText()).toContain(`${building}（${households} 户）不在任何网格`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-problems.png') });
    // Rebalancing a plan without cells changes nothing: refused with the reason, in Chinese.
    await page.getByRole('button', { name: '最少移动平衡' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toBe('方案里还没有网格可平衡：请先自动生成，或把楼幢刷入网格');

    await page.evaluate(() => localStorage.setItem('gridplan.locale', 'en'));
    await page.reload();
    await waitForMap(page);
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('Draft');
    await expect.poll(() => page.getByTestId('integrity').textContent()).toContain(`${building} (${households} households) is in no cell`);
    await page.getByRole('button', { name: 'Rebalance (fewest moves)' }).click();
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toBe('There are no cells to rebalance yet: generate a proposal or paint buildings into cells first');

    await page.evaluate(() => localStorage.setItem('gridplan.locale', 'zh-CN'));
    await page.request.delete(`${server.url}/api/grid-plans/${empty.id}?version=${empty.version}`, { headers: { Origin: server.url } });
    // The browser logs the two refusals this test asked for, and nothing else.
    const refused = errors.splice(0).filter((e) => !e.includes('status of 422'));
    expect(refused).toEqual([]);
  });
});
