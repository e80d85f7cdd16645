/**
 * How long a browser keeps the web app: the build's hashed assets for good, the shell never
 * without asking, and nothing under a name that does not exist.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { serveWebApp } from '../../server/src/server';
import { testDb } from '../helpers/db';

let webRoot: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  webRoot = await mkdtemp(path.join(os.tmpdir(), 'gridplan-web-cache-'));
  await mkdir(path.join(webRoot, 'assets'));
  await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>app</title><script src="/assets/index-3f9a1c.js"></script>');
  await writeFile(path.join(webRoot, 'assets', 'index-3f9a1c.js'), 'console.log(1);');
  app = createApp({ db: await testDb() });
  serveWebApp(app, webRoot);
});

afterAll(async () => {
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

describe('the web app in a browser’s cache', () => {
  it('keeps a hashed asset for a year, unchanged', async () => {
    const res = await app.request('/assets/index-3f9a1c.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1);');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
  });

  it('asks for the shell again each time, at its own address and at a screen’s', async () => {
    for (const url of ['/', '/index.html', '/grid/321012100006']) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(await res.text(), url).toContain('/assets/index-3f9a1c.js');
      expect(res.headers.get('Cache-Control'), url).toBe('no-cache');
    }
  });

  it('answers 404 for an asset that is not in the build, not the shell under its name', async () => {
    const res = await app.request('/assets/index-0000000.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('Cache-Control')).toBeNull();
  });

  it('leaves the API’s paths to the API: an unknown one is its 404, not the shell', async () => {
    const res = await app.request('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toContain('application/json');
    expect(res.headers.get('Cache-Control')).toBeNull();
  });
});
