/**
 * Headless Chromium for browser tests: Debian's /usr/bin/chromium through playwright-core, with
 * SwiftShader WebGL so MapLibre renders without a GPU. Console errors and page errors are
 * collected so a test can assert that a screen loads cleanly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.GRIDPLAN_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far, as text. */
  errors: string[];
  /** Open another page in the same context (same cookies), also watched for errors. */
  newPage: (viewport?: { width: number; height: number }) => Promise<Page>;
  close: () => Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /** BCP-47 locale of the browser (the app itself defaults to zh-CN regardless). */
  locale?: string;
}

function watch(page: Page, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
}

/** Launch Chromium with a fresh profile in a temporary directory. */
export async function launchBrowser({
  viewport = { width: 1440, height: 900 },
  locale = 'zh-CN',
}: LaunchOptions = {}): Promise<BrowserSession> {
  const profile = await mkdtemp(path.join(tmpdir(), 'gridplan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    locale,
  });
  const errors: string[] = [];
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page, errors);
  return {
    context,
    page,
    errors,
    async newPage(size) {
      const next = await context.newPage();
      if (size) await next.setViewportSize(size);
      watch(next, errors);
      return next;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the header's 登录 dialog, as a user would (demo password unless given). */
export async function signInWithDialog(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('dialog').getByRole('button', { name: '登录' }).click();
}
