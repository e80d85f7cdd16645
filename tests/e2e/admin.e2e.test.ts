/**
 * The accounts screen in a real browser against the real server (fresh embedded database with
 * the demo town): an admin adds an account, the new account can sign in, the admin disables it
 * (after confirming) and it can no longer sign in. Screenshots at desktop and phone width land in
 * tests/e2e/screenshots/.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInWithDialog } from './helpers/browser';
import { SCREENSHOTS, serverAndBrowser } from './helpers/suite';

const PASSWORD = 'new clerk passphrase';

async function canLogIn(username: string, password: string): Promise<number> {
  const res = await fetch(`${suite.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

const suite = serverAndBrowser({ viewport: { width: 1440, height: 900 } });

describe('accounts screen', () => {
  it('is in the header for an admin and lists the accounts', async () => {
    const { page, errors } = suite.browser;
    await page.goto(`${suite.server.url}/#/lookup`);
    await expect.poll(() => page.getByRole('link', { name: '账号管理' }).count()).toBe(0);
    await signInWithDialog(page, 'admin');
    await page.getByRole('link', { name: '账号管理' }).click();
    await expect.poll(() => page.getByTestId('user-row').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
  });

  it('adds an account that can then sign in', async () => {
    const { page, errors } = suite.browser;
    const form = page.getByTestId('add-user');
    await form.getByLabel('用户名').fill('clerk1');
    await form.getByLabel('姓名').fill('王小明');
    await form.getByLabel('角色').selectOption('worker');
    await form.getByLabel('初始密码').fill(PASSWORD);
    await form.getByRole('button', { name: '创建' }).click();
    const row = page.locator('[data-testid="user-row"][data-username="clerk1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('正常');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-desktop.png'), fullPage: true });
    expect(await canLogIn('clerk1', PASSWORD)).toBe(200);
    expect(errors).toEqual([]);
  });

  it('gives it a data scope (a town from the choices), which its session then reports', async () => {
    const { page, errors } = suite.browser;
    const row = page.locator('[data-testid="user-row"][data-username="clerk1"]');
    const town = (await (await fetch(`${suite.server.url}/api/communities`)).json())[0].code.slice(0, 9) as string;
    await row.getByLabel('数据范围 clerk1').fill(town);
    await row.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => row.getByRole('button', { name: '保存' }).count()).toBe(0);
    const signIn = await fetch(`${suite.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'clerk1', password: PASSWORD }),
    });
    const me = await fetch(`${suite.server.url}/api/auth/me`, { headers: { Cookie: signIn.headers.get('set-cookie')!.split(';')[0] } });
    expect((await me.json()).scopeCode).toBe(town);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-scope-desktop.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('disables it after confirmation; it can no longer sign in', async () => {
    const { page, errors } = suite.browser;
    const row = page.locator('[data-testid="user-row"][data-username="clerk1"]');
    await row.getByRole('button', { name: '停用' }).click();
    // Nothing changes until the confirmation.
    expect(await canLogIn('clerk1', PASSWORD)).toBe(200);
    await row.getByRole('button', { name: '确认停用' }).click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    expect(await canLogIn('clerk1', PASSWORD)).toBe(401);
    expect(errors).toEqual([]);
  });

  it('in a tablet-wide window, shows the accounts tab and fades the edge where more tabs lie', async () => {
    const tablet = await suite.browser.newPage({ width: 800, height: 900 });
    await tablet.goto(`${suite.server.url}/#/admin`);
    await tablet.getByTestId('user-row').first().waitFor({ timeout: 30_000 });
    const nav = tablet.locator('header nav');
    const box = async (selector: string) => (await tablet.locator(selector).boundingBox())!;
    // The last tab, the active one, is scrolled into the header; the tabs before it are cut off.
    const tab = await box('header nav a[aria-current="page"]');
    const strip = await box('header nav');
    expect(await tablet.locator('header nav a[aria-current="page"]').textContent()).toBe('账号管理');
    expect(tab.x).toBeGreaterThanOrEqual(strip.x - 1);
    expect(tab.x + tab.width).toBeLessThanOrEqual(strip.x + strip.width + 1);
    await expect.poll(() => nav.getAttribute('class')).toMatch(/\bmore-left\b/);
    expect(await nav.getAttribute('class')).not.toMatch(/\bmore-right\b/);
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await tablet.screenshot({ path: path.join(SCREENSHOTS, 'header-tablet-end.png'), clip: { x: 0, y: 0, width: 800, height: 120 } });
    // Scrolled back to the first tab, the fade moves to the other edge.
    await nav.evaluate((el) => el.scrollTo({ left: 0 }));
    await expect.poll(() => nav.getAttribute('class')).toMatch(/\bmore-right\b/);
    expect(await nav.getAttribute('class')).not.toMatch(/\bmore-left\b/);
    await tablet.screenshot({ path: path.join(SCREENSHOTS, 'header-tablet-start.png'), clip: { x: 0, y: 0, width: 800, height: 120 } });
    await tablet.close();
  });

  it('fits a 360 px phone', async () => {
    const phone = await suite.browser.newPage({ width: 360, height: 740 });
    await phone.goto(`${suite.server.url}/#/admin`);
    await phone.getByTestId('user-row').first().waitFor({ timeout: 30_000 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'admin-phone.png'), fullPage: true });
    await phone.close();
  });
});
