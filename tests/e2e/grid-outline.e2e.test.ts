/**
 * A drawn outline in a real browser: the planner draws a rectangle around one building as a new
 * cell, the cell's edge on the map is the drawn line (not the building's atom), and the plan with
 * that cell is published keeping it. Screenshots: tests/e2e/screenshots/grid-outline-*.png.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { launchBrowser, type BrowserSession } from './helpers/browser';
import { waitForIdle, waitForMap } from './helpers/map';
import { drawNewCell, fitCorners, isolatedRectangle } from './helpers/outline';
import { REPO_ROOT, startServer, type RunningServer } from './helpers/server';

const SCREENSHOTS = path.join(REPO_ROOT, 'tests/e2e/screenshots');

interface Plan {
  id: number;
  status: string;
  version: number;
  cells: { label: string; households: number; buildingCodes: string[]; geometry: MultiPolygon | null }[];
  validation: { ok: boolean };
}
type Buildings = { features: { geometry: Polygon; properties: { code: string; households: number } }[] };

let server: RunningServer;
let browser: BrowserSession;

async function api<T>(page: Page, method: 'GET' | 'POST' | 'PATCH', url: string, data?: unknown): Promise<T> {
  const res = await page.request.fetch(server.url + url, { method, data, headers: { Origin: server.url } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

const signInAs = (page: Page, username: string) => api(page, 'POST', '/api/auth/login', { username, password: 'demo' });

async function currentPlan(page: Page): Promise<Plan> {
  return api<Plan>(page, 'GET', `/api/grid-plans/${await page.locator('[data-testid=plan-select]').inputValue()}`);
}

/** How far the cell strays from the drawn polygon: m² of each outside the other. */
function strayM2(cell: MultiPolygon, drawn: [number, number][]): number {
  const a = turf.multiPolygon(cell.coordinates);
  const b = turf.polygon([[...drawn, drawn[0]]]);
  const outside = (x: Feature<Polygon | MultiPolygon>, y: Feature<Polygon | MultiPolygon>) => {
    const d = turf.difference(turf.featureCollection([x, y]));
    return d ? turf.area(d) : 0;
  };
  return outside(a, b) + outside(b, a);
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const { page } = browser;
  await signInAs(page, 'admin');
  await page.goto(`${server.url}/#/grid`);
  await page.evaluate(() => localStorage.setItem('gridplan.signedIn', '1'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('drawing a cell outline', () => {
  it('keeps the drawn line as the new cell edge, and the plan publishes with it', async () => {
    const { page, errors } = browser;
    const community = (await api<{ code: string }[]>(page, 'GET', '/api/communities'))[0].code;
    await page.goto(`${server.url}/#/grid/${community}`);
    await page.reload();
    await waitForMap(page, 'grid-cells-fill');
    await page.getByRole('button', { name: '复制现行方案' }).click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('草稿');
    const plan = await currentPlan(page);
    const buildings = await api<Buildings>(page, 'GET', `/api/grid-plans/${plan.id}/buildings`);
    const { code, corners } = isolatedRectangle(plan.cells, buildings.features);
    const drawn = await drawNewCell(page, corners);
    await expect.poll(() => page.locator('[data-testid=cell-table] tbody tr').count(), { timeout: 20_000 }).toBe(plan.cells.length + 1);
    const after = await currentPlan(page);
    const fresh = after.cells.find((c) => !plan.cells.some((p) => p.label === c.label))!;
    expect(fresh.buildingCodes).toEqual([code]);
    // The cell is the drawn rectangle, to within a thin sliver along its edges.
    const area = turf.area(turf.polygon([[...drawn, drawn[0]]]));
    expect(strayM2(fresh.geometry!, drawn)).toBeLessThan(area * 0.01);
    await waitForIdle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-outline-drawn.png') });

    // The one-building cell is far below the range: the planner widens it, then the plan goes through.
    const widened = await api<Plan>(page, 'PATCH', `/api/grid-plans/${after.id}`, { version: after.version, minHouseholds: 1 });
    expect(widened.validation.ok).toBe(true);
    await page.reload();
    await waitForMap(page, 'grid-cells-fill');
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('已提交');
    await signInAs(page, 'official');
    const submitted = await api<Plan>(page, 'GET', `/api/grid-plans/${after.id}`);
    const approved = await api<Plan>(page, 'POST', `/api/grid-plans/${after.id}/approve`, { version: submitted.version });
    await api(page, 'POST', `/api/grid-plans/${after.id}/publish`, { version: approved.version });
    await page.reload();
    await waitForMap(page, 'grid-cells-fill');
    await page.locator('[data-testid=plan-select]').selectOption(String(after.id));
    await expect.poll(() => page.getByTestId('plan-status').textContent(), { timeout: 20_000 }).toBe('现行');
    const published = await currentPlan(page);
    const kept = published.cells.find((c) => c.buildingCodes.length === 1 && c.buildingCodes[0] === code)!;
    expect(strayM2(kept.geometry!, drawn)).toBeLessThan(area * 0.01);
    await fitCorners(page, corners);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grid-outline-published.png') });
    expect(errors).toEqual([]);
  });
});
