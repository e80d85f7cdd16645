// Sign-in hardening: equal work for unknown usernames, the shared failure throttle, audited
// failures, sliding and absolute session ends, the Secure cookie, and the security headers.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { serveWebApp } from '../../server/src/server';
import { createUser } from '../../server/src/db/users';
import { hashPassword } from '../../server/src/domain/auth/password';
import { call, testApp } from '../helpers/app';
import { checkResponses } from '../helpers/contract';
import { testDb } from '../helpers/db';

const PASSWORD = 'correct horse battery';
let serial = 0;
const uniqueName = (stem: string) => `${stem}-${process.pid}-${++serial}`;

/** An app that believes X-Forwarded-For / X-Forwarded-Proto, as behind a proxy with GRIDPLAN_TRUST_PROXY=1. */
let proxied: ReturnType<typeof createApp>;

beforeAll(async () => {
  await testApp();
  proxied = checkResponses(createApp({ db: await testDb(), trustProxy: true }));
});

async function newAccount(stem: string): Promise<string> {
  const username = uniqueName(stem);
  const passwordHash = await hashPassword(PASSWORD);
  await (await testDb()).withTransaction((q) => createUser(q, { username, role: 'worker', passwordHash }, null));
  return username;
}

async function login(username: string, password: string, from?: string): Promise<Response> {
  if (from === undefined) return call('POST', '/api/auth/login', { username, password });
  return proxied.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `${from}, 10.0.0.1` },
    body: JSON.stringify({ username, password }),
  });
}

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return (await (await testDb()).withClient((q) => q.query<T>(sql, params))).rows;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('POST /api/auth/login: account probing', () => {
  it('takes about as long for an unknown username as for a known one with a wrong password (within 2×)', async () => {
    // Four tries on each of three accounts (a fifth failure would lock one), each beside a try on an
    // unknown name, so load hits both alike and a pause of the machine moves one sample of twelve.
    const accounts = [await newAccount('timing'), await newAccount('timing'), await newAccount('timing')];
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 4; i++) {
      for (const known of accounts) {
        let started = performance.now();
        expect((await login(known, 'wrong password')).status).toBe(401);
        knownMs.push(performance.now() - started);
        started = performance.now();
        expect((await login(uniqueName('nobody'), 'wrong password')).status).toBe(401);
        unknownMs.push(performance.now() - started);
      }
    }
    const ratio = median(knownMs) / median(unknownMs);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe('POST /api/auth/login: throttling', () => {
  it('refuses the 6th try for one username within 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const username = await newAccount('locked');
    for (let i = 0; i < 5; i++) expect((await login(username, 'wrong password')).status).toBe(401);
    const res = await login(username, PASSWORD);
    expect(res.status).toBe(429);
    expect((await res.json()).error).toMatchObject({ code: 'auth.too_many_attempts', params: { minutes: 15 } });
    // The oldest of the five failures was seconds ago: the window frees in a little under 15 minutes.
    const retryAfter = Number(res.headers.get('Retry-After'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(15 * 60 - 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await rows('SELECT 1 FROM session WHERE username = $1', [username])).toEqual([]);
  });

  it('holds the limit when the tries arrive all at once: 5 are checked, the rest refused', async () => {
    const username = await newAccount('burst');
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => login(username, 'wrong password')))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it("resets the username's count after a success", async () => {
    const username = await newAccount('reset');
    for (let i = 0; i < 4; i++) expect((await login(username, 'wrong password')).status).toBe(401);
    expect((await login(username, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(username, 'wrong password')).status).toBe(401);
    expect((await login(username, PASSWORD)).status).toBe(200);
  });

  it('refuses an address after 50 failures in 15 minutes; a success in between does not reset it; other addresses still sign in', async () => {
    const address = '198.51.100.7';
    const username = await newAccount('crowd');
    for (let i = 0; i < 49; i++) expect((await login(uniqueName('guess'), 'wrong password', address)).status).toBe(401);
    expect((await login(username, PASSWORD, address)).status).toBe(200);
    expect((await login(uniqueName('guess'), 'wrong password', address)).status).toBe(401);
    const refused = await login(username, PASSWORD, address);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('auth.too_many_attempts');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await login(username, PASSWORD, '198.51.100.8')).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    const address = '198.51.100.9';
    for (let i = 0; i < 50; i++) expect((await login(uniqueName('guess'), 'wrong password', address)).status).toBe(401);
    const username = await newAccount('direct');
    const direct = await call('POST', '/api/auth/login', { username, password: PASSWORD }, undefined);
    expect(direct.status).toBe(200);
    const spoofed = await (
      await testApp()
    ).request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(spoofed.status).toBe(200);
  });
});

describe('POST /api/auth/login: audit', () => {
  it('audits failed sign-ins with the username tried, the address and the reason, never the password', async () => {
    const username = await newAccount('audited');
    const ghost = uniqueName('ghost');
    expect((await login(username, 'secret guess 1', '203.0.113.5')).status).toBe(401);
    expect((await login(ghost, 'secret guess 2', '203.0.113.5')).status).toBe(401);
    const audited = await rows<{ username: string | null; action: string; entity_id: string; after: Record<string, unknown> }>(
      "SELECT username, action, entity_id, after FROM audit_log WHERE action = 'login_failed' AND entity_id IN ($1, $2) ORDER BY id",
      [username, ghost],
    );
    expect(audited).toEqual([
      {
        username: null,
        action: 'login_failed',
        entity_id: username,
        after: { username, address: '203.0.113.5', reason: 'wrong_password' },
      },
      {
        username: null,
        action: 'login_failed',
        entity_id: ghost,
        after: { username: ghost, address: '203.0.113.5', reason: 'unknown_user' },
      },
    ]);
    expect(JSON.stringify(await rows('SELECT * FROM audit_log WHERE entity_id IN ($1, $2)', [username, ghost]))).not.toMatch(
      /secret guess/,
    );
  });

  it('audits a throttled try as too_many_attempts', async () => {
    const username = await newAccount('throttled');
    for (let i = 0; i < 6; i++) await login(username, 'wrong password');
    const reasons = await rows<{ reason: string }>(
      "SELECT after ->> 'reason' AS reason FROM audit_log WHERE action = 'login_failed' AND entity_id = $1 ORDER BY id",
      [username],
    );
    expect(reasons.map((r) => r.reason)).toEqual([...Array(5).fill('wrong_password'), 'too_many_attempts']);
  });
});

describe('sessions', () => {
  async function signedIn(): Promise<{ username: string; cookie: string }> {
    const username = await newAccount('session');
    const res = await login(username, PASSWORD);
    expect(res.status).toBe(200);
    return { username, cookie: res.headers.get('set-cookie')!.split(';')[0] };
  }
  const me = (cookie: string) => call('GET', '/api/auth/me', undefined, cookie);
  const setSession = (username: string, sql: string) => rows(`UPDATE session SET ${sql} WHERE username = $1`, [username]);

  it('ends 7 days after sign-in at the latest', async () => {
    const { username, cookie } = await signedIn();
    const [row] = await rows<{ days: number }>(
      'SELECT extract(epoch FROM expires_at - created_at)::float8 / 86400 AS days FROM session WHERE username = $1',
      [username],
    );
    expect(row.days).toBeCloseTo(7, 5);
    await setSession(username, "created_at = now() - interval '7 days 1 minute', expires_at = now() - interval '1 minute'");
    expect((await me(cookie)).status).toBe(401);
  });

  it('ends after 12 hours without use, and each use slides that end', async () => {
    const { username, cookie } = await signedIn();
    await setSession(username, "last_seen_at = now() - interval '11 hours 59 minutes'");
    expect((await me(cookie)).status).toBe(200);
    const [slid] = await rows<{ ago: number }>(
      'SELECT extract(epoch FROM now() - last_seen_at)::float8 AS ago FROM session WHERE username = $1',
      [username],
    );
    expect(slid.ago).toBeLessThan(60);
    await setSession(username, "last_seen_at = now() - interval '12 hours 1 minute'");
    expect((await me(cookie)).status).toBe(401);
  });

  it('writes the last-seen time at most once a minute', async () => {
    const { username, cookie } = await signedIn();
    await setSession(username, "last_seen_at = now() - interval '30 seconds'");
    const [before] = await rows<{ seen: string }>('SELECT last_seen_at::text AS seen FROM session WHERE username = $1', [username]);
    expect((await me(cookie)).status).toBe(200);
    const [after] = await rows<{ seen: string }>('SELECT last_seen_at::text AS seen FROM session WHERE username = $1', [username]);
    expect(after.seen).toBe(before.seen);
  });

  it('purges expired sessions when someone signs in', async () => {
    const idle = await signedIn();
    const old = await signedIn();
    await setSession(idle.username, "last_seen_at = now() - interval '13 hours'");
    await setSession(old.username, "expires_at = now() - interval '1 second'");
    await signedIn();
    expect(await rows('SELECT 1 FROM session WHERE username IN ($1, $2)', [idle.username, old.username])).toEqual([]);
  });
});

describe('the session cookie', () => {
  async function cookieFlags(app: ReturnType<typeof createApp>, url: string, headers: Record<string, string> = {}): Promise<string> {
    const username = await newAccount('cookie');
    const res = await app.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!;
  }

  it('is Secure over HTTPS and not over plain HTTP', async () => {
    const app = await testApp();
    expect(await cookieFlags(app, 'https://gridplan.example/api/auth/login')).toMatch(/;\s*Secure/i);
    expect(await cookieFlags(app, 'http://gridplan.example/api/auth/login')).not.toMatch(/Secure/i);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    const forwarded = { 'X-Forwarded-Proto': 'https' };
    expect(await cookieFlags(proxied, 'http://gridplan.example/api/auth/login', forwarded)).toMatch(/;\s*Secure/i);
    expect(await cookieFlags(await testApp(), 'http://gridplan.example/api/auth/login', forwarded)).not.toMatch(/Secure/i);
  });
});

describe('security headers', () => {
  let webRoot: string;
  let withWeb: ReturnType<typeof createApp>;

  beforeAll(async () => {
    webRoot = await mkdtemp(path.join(os.tmpdir(), 'gridplan-web-'));
    await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(path.join(webRoot, 'app.js'), 'console.log(1);');
    withWeb = createApp({ db: await testDb() });
    serveWebApp(withWeb, webRoot);
  });
  afterAll(async () => {
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  function expectSecure(res: Response): string {
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
    return csp;
  }

  it('are on API answers, errors and refusals', async () => {
    const ok = await call('GET', '/api/health');
    expect(ok.status).toBe(200);
    expectSecure(ok);
    const missing = await call('GET', '/api/no-such-thing');
    expect(missing.status).toBe(404);
    expectSecure(missing);
    const refused = await call('GET', '/api/users');
    expect(refused.status).toBe(401);
    expectSecure(refused);
  });

  it('are on static files and the app shell', async () => {
    const script = await withWeb.request('/app.js');
    expect(script.status).toBe(200);
    expectSecure(script);
    const shell = await withWeb.request('/grid/some-screen');
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<title>app</title>');
    expectSecure(shell);
  });
});
