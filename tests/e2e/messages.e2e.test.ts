/**
 * Messages on the paths where English used to leak into the Chinese screens: a wrong password, a
 * generator refused for its household range, the siting defaults refused, and the phone lookup's
 * failed geolocation and failed network. Each shows the Chinese text of its code from the
 * catalogues, with its fields named in Chinese, and no word of ASCII letters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { asciiWords, filled, zh, zhMessages } from './helpers/catalogue';
import { launchBrowser, signInWithDialog, type BrowserSession } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const COMMUNITY = '321012100006';
const PHONE = { width: 360, height: 740 };

let server: RunningServer;
let browser: BrowserSession;
let messages: Record<string, string>;

beforeAll(async () => {
  messages = await zhMessages();
  server = await startServer();
  browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits for `element` to say `expected`, and checks it has no English word in it. */
async function says(element: Locator, expected: string): Promise<void> {
  await expect.poll(async () => (await element.textContent())?.trim(), { timeout: 30_000 }).toBe(expected);
  expect(asciiWords(expected)).toEqual([]);
}

describe('Chinese screens say what went wrong in Chinese', () => {
  it('a wrong username or password', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/map`);
    await signInWithDialog(page, 'planner', 'not the password');
    await says(page.getByRole('dialog').getByRole('alert'), messages['auth.wrong_credentials']);
    await page.getByRole('dialog').getByLabel('密码').fill('demo');
    await page.getByRole('dialog').getByRole('button', { name: '登录' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('a generator household range with the minimum above the maximum, naming both fields', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/grid/${COMMUNITY}`);
    await page.getByLabel(zh['grid.minHouseholds'], { exact: true }).fill('600');
    await page.getByLabel(zh['grid.maxHouseholds'], { exact: true }).fill('300');
    await page.getByTestId('generate').click();
    await says(
      page.getByTestId('notice'),
      filled(messages['field.min_over_max'], { field: zh['fieldName.minHouseholds'], other: zh['fieldName.maxHouseholds'] }),
    );
  });

  it('a generator minimum of 0', async () => {
    const { page } = browser;
    await page.getByLabel(zh['grid.minHouseholds'], { exact: true }).fill('0');
    await page.getByLabel(zh['grid.maxHouseholds'], { exact: true }).fill('500');
    await page.getByTestId('generate').click();
    await says(page.getByTestId('notice'), filled(messages['field.not_above'], { field: zh['fieldName.minHouseholds'], minimum: 0 }));
  });

  it('the siting defaults (2 sites while 22 existing facilities stay open)', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/facility`);
    await page.getByTestId('tab-siting').click();
    await page.getByTestId('siting-form').getByRole('button').click();
    await says(page.getByRole('alert'), filled(messages['siting.p_below_fixed'], { p: 2, fixed: 22 }));
  });

  it('a failed geolocation on the phone lookup', async () => {
    const phone = await browser.newPage(PHONE);
    // The phone refuses its position, as when the worker has not allowed it.
    await phone.addInitScript(() => {
      const denied = { code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'User denied Geolocation' };
      Object.defineProperty(navigator, 'geolocation', {
        value: { getCurrentPosition: (_ok: unknown, fail: (error: typeof denied) => void) => setTimeout(() => fail(denied), 50) },
      });
    });
    await phone.goto(`${server.url}/#/lookup`);
    await phone.getByTestId('lookup-locate').click();
    await says(phone.getByRole('alert'), zh['field.locate.denied']);
    await phone.getByTestId('lookup-retry').waitFor();
    await phone.close();
  });

  it('a failed network on the phone lookup', async () => {
    const phone = await browser.newPage(PHONE);
    await phone.goto(`${server.url}/#/lookup`);
    await phone.route('**/api/search**', (route) => route.abort('internetdisconnected'));
    await phone.getByTestId('lookup-query').fill('福星4幢');
    await phone.getByTestId('lookup-query').press('Enter');
    await says(phone.getByRole('alert'), zh['error.network']);
    await phone.close();
  });
});
