/**
 * A browser-test file's fixture: a fresh server (embedded database, demo town) and a headless
 * Chromium, started before the file's tests and stopped after them, and the folder the
 * screenshots go to.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type BrowserSession, type LaunchOptions } from './browser';
import { REPO_ROOT, startServer, type RunningServer } from './server';

export const SCREENSHOTS = process.env.GRIDPLAN_SHOTS ?? path.join(REPO_ROOT, 'tests/e2e/screenshots');

export interface Suite {
  readonly server: RunningServer;
  readonly browser: BrowserSession;
}

/** Starts the server and the browser before the file's tests and stops both after them. */
export function serverAndBrowser(options?: LaunchOptions): Suite {
  let server: RunningServer | undefined;
  let browser: BrowserSession | undefined;
  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser(options);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(thing: T | undefined, name: string): T => {
    if (thing === undefined) throw new Error(`the ${name} is used before the file's beforeAll started it`);
    return thing;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
