/** The HTTP app over the shared test database, and sign-in helpers for `app.request()` tests. */
import { createApp } from '../../server/src/app';
import { testDb } from './db';
import { checkResponses } from './contract';

export type TestApp = ReturnType<typeof createApp>;

let app: TestApp | undefined;

export async function testApp(): Promise<TestApp> {
  app ??= checkResponses(createApp({ db: await testDb() }));
  return app;
}

const cookies = new Map<string, string>();

/** Signs in a demo account (password `demo`) and returns its Cookie header value. */
export async function loginAs(username: 'admin' | 'planner' | 'official' | 'worker'): Promise<string> {
  const cached = cookies.get(username);
  if (cached) return cached;
  const res = await (
    await testApp()
  ).request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  cookies.set(username, cookie);
  return cookie;
}

/** JSON request helper: `call('PATCH', '/api/x', body, cookie)`. */
export async function call(method: string, path: string, body?: unknown, cookie?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  // Like the web client: writes are JSON (a body-less POST without it would look like a
  // cross-site form post to the CSRF guard).
  if (body !== undefined || method !== 'GET') headers['Content-Type'] = 'application/json';
  if (cookie) headers.Cookie = cookie;
  return (await testApp()).request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
