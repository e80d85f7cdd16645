/**
 * Deleting a candidate option in a real browser: it asks first, naming the option, its community
 * and what it would have given; going back changes nothing; confirming removes it from the
 * register. Screenshot: tests/e2e/screenshots/facility-option-delete-confirm.png.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInWithDialog } from './helpers/browser';
import { SCREENSHOTS, serverAndBrowser } from './helpers/suite';

const suite = serverAndBrowser({ viewport: { width: 1600, height: 1000 } });

describe('facility options', () => {
  it('asks before deleting an option, naming it; 返回 keeps it and 确认删除 removes it', async () => {
    const { page, errors } = suite.browser;
    await page.goto(`${suite.server.url}/#/facility`);
    await signInWithDialog(page, 'planner');
    await page.getByTestId('tab-options').click();
    const rows = page.getByTestId('options-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const total = await rows.count();
    // An option with no project yet is the kind that can be deleted.
    const row = rows.filter({ has: page.getByRole('button', { name: '删除' }) }).first();
    const code = (await row.locator('td').nth(0).locator('small').textContent())!;
    const name = (await row.locator('td').nth(1).textContent())!;
    const status = async () => (await page.request.get(`${suite.server.url}/api/facility-options/${encodeURIComponent(code)}`)).status();
    expect(await status()).toBe(200);

    await row.getByRole('button', { name: '删除' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe(`删除候选方案「${name}」？`);
    const body = (await dialog.textContent())!;
    expect(body).toContain(code);
    expect(body).toContain('将从候选清单中删除');
    expect(body).toContain('m²');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'facility-option-delete-confirm.png') });

    // Going back changes nothing.
    await dialog.getByTestId('confirm-back').click();
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    expect(await rows.count()).toBe(total);
    expect(await status()).toBe(200);

    // Confirmed, the option leaves the register.
    await row.getByRole('button', { name: '删除' }).click();
    await dialog.getByTestId('confirm-ok').click();
    await expect.poll(() => rows.count()).toBe(total - 1);
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    expect(await page.getByTestId('options-table').getByText(code, { exact: true }).count()).toBe(0);
    expect(await status()).toBe(404);
    expect(errors).toEqual([]);
  });
});
