/**
 * Field-ready screens against the real server and demo town. On a 360×740 phone: the bottom tab
 * bar with 查楼 first, a grid worker landing on 查楼, no screen wider than the phone, and the grid
 * editor saying it needs a larger screen. On a desktop: the 待办 inbox of an official. Then, on the
 * phone again, a long confirmation dialog and the inbox, also from the keyboard.
 * Screenshots go to tests/e2e/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, signInWithDialog, type BrowserSession } from './helpers/browser';
import { REPO_ROOT, startServer, type RunningServer } from './helpers/server';

const SCREENSHOTS = path.join(REPO_ROOT, 'tests/e2e/screenshots');
const PHONE = { width: 360, height: 740 };

let server: RunningServer;
let browser: BrowserSession;

async function signIn(page: Page, username: string): Promise<void> {
  // Leave the app first so the open screen does not ask anything between the two sessions.
  await page.goto('about:blank');
  await page.request.post(`${server.url}/api/auth/logout`, { headers: { Origin: server.url } });
  const login = await page.request.post(`${server.url}/api/auth/login`, {
    data: { username, password: 'demo' },
    headers: { Origin: server.url },
  });
  expect(login.status()).toBe(200);
  await page.goto(`${server.url}/`);
  await page.evaluate(() => localStorage.setItem('gridplan.signedIn', '1'));
  // A new hash alone does not reload the app: reload so it asks who is signed in now, and wait for
  // that answer so the next navigation does not race the reloaded page's own start.
  const me = page.waitForResponse((r) => r.url().endsWith('/api/auth/me'));
  await page.reload();
  await me;
}

/** How far the page, or any box inside it that scrolls sideways, reaches past the phone's width. */
async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > window.innerWidth) found.push(`document ${root.scrollWidth}px`);
    for (const el of document.querySelectorAll<HTMLElement>('main *, header *')) {
      const style = getComputedStyle(el);
      const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
      // A wide data table may scroll inside its own box (the page stays put); nothing else may.
      const tableBox = el.children.length === 1 && el.firstElementChild!.tagName === 'TABLE';
      if (scrolls && el.scrollWidth > el.clientWidth + 1 && !tableBox && !el.closest('.maplibregl-map')) {
        found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.scrollWidth}px > ${el.clientWidth}px`);
      }
    }
    return found;
  });
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer();
  browser = await launchBrowser({ viewport: PHONE });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a grid worker signing in on a phone, in a fresh browser each time', () => {
  /**
   * Keeps, from the page's first script on, every route the address takes (the router replaces
   * the hash without a hashchange event) and whether the town map's page was ever in the DOM.
   */
  function recordRoutes(): void {
    const seen: string[] = [];
    const note = () => {
      if (location.hash && seen[seen.length - 1] !== location.hash) seen.push(location.hash);
    };
    for (const name of ['pushState', 'replaceState'] as const) {
      const original = history[name].bind(history);
      history[name] = (...args: Parameters<History['pushState']>) => {
        original(...args);
        note();
      };
    }
    addEventListener('hashchange', note);
    const state = { seen, townMap: false };
    new MutationObserver(() => {
      if (document.querySelector('main .map-area')) state.townMap = true;
    }).observe(document, { childList: true, subtree: true });
    (window as unknown as { routesSeen: typeof state }).routesSeen = state;
  }
  const routesSeen = (page: Page) =>
    page.evaluate(() => (window as unknown as { routesSeen: { seen: string[]; townMap: boolean } }).routesSeen);

  // No delay, then /api/auth/me held back longer than the map takes to appear.
  for (const delayMs of [0, 0, 400, 1500, 3000]) {
    it(`lands on 查楼 first, /api/auth/me answering after ${delayMs} ms`, async () => {
      const fresh = await launchBrowser({ viewport: PHONE });
      try {
        const { page, context, errors } = fresh;
        // Map tiles are not what this is about: empty ones, so five fresh browsers asking for the
        // town's tiles do not keep the embedded database busy for the tests after these.
        await context.route('**/api/tiles/**', (route) => route.fulfill({ status: 200, contentType: 'application/x-protobuf', body: '' }));
        await context.route('**/api/auth/me', async (route) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          await route.continue();
        });
        await page.goto(`${server.url}/`);
        // A cold server may take a few seconds over the first page and the sign-in.
        const hash = () => page.evaluate(() => location.hash);
        await expect.poll(hash, { timeout: 15_000 }).toBe('#/map');
        await signInWithDialog(page, 'worker');
        await expect.poll(hash, { timeout: 15_000 }).toBe('#/lookup');
        await page.getByTestId('lookup-query').waitFor();

        // Opened again, signed in: the first screen rendered is 查楼, and the town map never shows.
        await context.addInitScript(recordRoutes);
        const again = await fresh.newPage();
        await again.goto(`${server.url}/`);
        await again.getByTestId('lookup-query').waitFor();
        expect(await routesSeen(again)).toEqual({ seen: ['#/lookup'], townMap: false });
        expect(errors).toEqual([]);
      } finally {
        await fresh.close();
      }
    });
  }
});

describe('the app on a 360×740 phone', () => {
  it('lands a grid worker on 查楼 with 查楼 as the first tab', async () => {
    const { page, errors } = browser;
    await signIn(page, 'worker');
    // Opened from elsewhere, so the app starts afresh: the signed-in page may still be moving to
    // its own screen, and a navigation to its own address then need not load the app again.
    await page.goto('about:blank');
    // The app chooses the screen once /api/auth/me has answered: on a cold page that answer can
    // come late, so wait for it rather than for a fixed time.
    const me = page.waitForResponse((r) => r.url().endsWith('/api/auth/me'));
    await page.goto(`${server.url}/`);
    expect((await me).status()).toBe(200);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/lookup');
    await page.getByTestId('lookup-query').waitFor();
    const tabs = page.getByTestId('phone-tabs');
    const first = tabs.locator('a').first();
    expect(await first.textContent()).toBe('查楼');
    expect(await first.isVisible()).toBe(true);
    const box = (await first.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    // The header nav is gone at phone width; nothing in the header scrolls sideways.
    expect(await page.locator('header nav').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-worker-lookup.png') });
    // Away and back by the tab.
    await tabs.getByText('地图').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/map');
    await first.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/lookup');
    await page.getByTestId('lookup-query').waitFor();
    expect(errors).toEqual([]);
  });

  it('opens the other screens from 更多', async () => {
    const { page } = browser;
    await page.getByTestId('phone-tabs-more').click();
    const sheet = page.getByTestId('phone-tabs-sheet');
    await sheet.getByText('网格划分').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/grid');
    expect(await sheet.count()).toBe(0);
  });

  it('says the grid editor needs a larger screen', async () => {
    const { page } = browser;
    // The community picker fits a phone; a community's editor does not.
    const [first] = (await (await page.request.get(`${server.url}/api/communities`)).json()) as { code: string }[];
    await page.goto(`${server.url}/#/grid/${first.code}`);
    await page.getByTestId('large-screen-notice').waitFor();
    expect(await page.getByTestId('large-screen-notice').textContent()).toContain('网格划分需要更大的屏幕');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-grid-notice.png') });
    await page.getByTestId('large-screen-notice').getByRole('link').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/lookup');
  });

  it('fits every screen into 360 px for an admin', async () => {
    const { page, errors } = browser;
    await signIn(page, 'admin');
    const communities = (await (await page.request.get(`${server.url}/api/communities`)).json()) as { code: string }[];
    const community = communities[0].code;
    const screens = [
      '/map',
      '/lookup',
      '/coverage',
      `/coverage/${community}`,
      `/responsibility/${community}`,
      '/facility',
      '/scorecard',
      `/scorecard/${community}`,
      '/grading',
      `/roster/${community}`,
      '/disputes',
      '/admin',
    ];
    const problems: string[] = [];
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400)
        failed.push(`${response.status()} ${new URL(response.url()).pathname}${new URL(response.url()).search}`);
    });
    const check = async (name: string) => {
      await page.waitForFunction(() => !/加载中|查询中|正在/.test(document.querySelector('main')!.textContent ?? ''));
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SCREENSHOTS, `phone-${name}.png`) });
      for (const overflow of await sidewaysOverflow(page)) problems.push(`${name}: ${overflow}`);
    };
    for (const screen of screens) {
      await page.goto(`${server.url}/#${screen}`);
      await check(screen.split('/').filter(Boolean).join('-'));
    }
    // The facility planner's tabs, the status board first.
    await page.goto(`${server.url}/#/facility`);
    for (const tab of ['board', 'options', 'scenarios', 'projects', 'siting']) {
      await page.getByTestId(`tab-${tab}`).click();
      await check(`facility-${tab}`);
    }
    expect(problems).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('the 待办 inbox', () => {
  it('shows an official the plan a planner submitted, with a count badge and a link to it', async () => {
    const planner = await browser.newPage();
    await signIn(planner, 'planner');
    const communities = (await (await planner.request.get(`${server.url}/api/communities`)).json()) as { code: string; name: string }[];
    // The first community whose published plan passes every check can be copied and submitted at once.
    let submitted: { id: number; community: { code: string; name: string } } | null = null;
    for (const community of communities) {
      const draft = await planner.request.post(`${server.url}/api/communities/${community.code}/grid-plans`, {
        data: { from: 'published' },
        headers: { Origin: server.url },
      });
      if (draft.status() !== 201) continue;
      const plan = (await draft.json()) as { id: number; version: number };
      const submit = await planner.request.post(`${server.url}/api/grid-plans/${plan.id}/submit`, {
        data: { version: plan.version },
        headers: { Origin: server.url },
      });
      if (submit.status() === 200) {
        submitted = { id: plan.id, community };
        break;
      }
    }
    expect(submitted, 'a community with a valid published plan').not.toBeNull();
    await planner.close();

    const page = await browser.newPage({ width: 1440, height: 900 });
    await signIn(page, 'official');
    await page.goto(`${server.url}/#/map`);
    await expect.poll(() => page.getByTestId('inbox-count').textContent(), { timeout: 15_000 }).toMatch(/^[1-9]\d*$/);
    await page.getByTestId('inbox-button').click();
    const item = page.getByTestId('inbox-item').filter({ hasText: submitted!.community.name });
    expect(await item.textContent()).toContain('待审批');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-official.png') });
    await item.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/grid/${submitted!.community.code}`);
    await page.close();
  });
});

/** Whether `box` lies wholly inside the phone's screen. */
const onScreen = (box: { x: number; y: number; width: number; height: number } | null) =>
  !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height;

describe('dialogs and the inbox on a 360×740 phone, and from the keyboard', () => {
  it('keeps a long approval confirmation on the screen with finger-sized buttons, and Escape closes it', async () => {
    const page = await browser.newPage(PHONE);
    // Solving takes a while on a busy machine: the requests get the test's own time.
    const post = (url: string, data: object) =>
      page.request.post(`${server.url}${url}`, { data, headers: { Origin: server.url }, timeout: 120_000 });
    await signIn(page, 'planner');
    const first = (await (await post('/api/facility-plans', {})).json()) as {
      id: number;
      version: number;
      communities: { options: { id: string }[] }[];
    };
    // A second plan that may not use most of the first one's sites: approving it cancels their projects.
    const chosen = first.communities.flatMap((c) => c.options.map((o) => o.id));
    const second = (await (await post(`/api/facility-plans/${first.id}/override`, { forbid: chosen.slice(0, 12) })).json()) as {
      id: number;
    };
    await signIn(page, 'official');
    expect((await post(`/api/facility-plans/${first.id}/approve`, { version: first.version })).status()).toBe(200);

    await page.goto(`${server.url}/#/facility`);
    await page.getByTestId('tab-scenarios').click();
    await page.getByRole('button', { name: `#${second.id} ` }).click();
    await page.getByRole('button', { name: '批准此方案' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.getByTestId('approve-cancelled').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-approve-confirm.png') });
    expect(onScreen(await dialog.boundingBox())).toBe(true);
    for (const button of ['confirm-back', 'confirm-ok']) {
      const box = await dialog.getByTestId(button).boundingBox();
      expect(onScreen(box), button).toBe(true);
      expect(box!.height, button).toBeGreaterThanOrEqual(44);
    }
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);

    // 待办 opens with the focus inside its list; Escape closes it and gives the focus back.
    await page.getByTestId('inbox-button').click();
    const panel = page.getByTestId('inbox-panel');
    await panel.waitFor();
    expect(onScreen(await panel.boundingBox())).toBe(true);
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="inbox-panel"]'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await panel.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('inbox-button');
    await page.close();
  }, 300_000);
});
