/**
 * The count of reads in flight that a long p-median search gives way to
 * (server/src/domain/solver/api-reads.ts): a GET is counted while it is answered, a write is not
 * (a solve is asked for by a write that waits for it), and every answer, refusals and errors
 * included, takes its read off again, so a search never keeps pausing for a read long answered.
 */
import { describe, expect, it } from 'vitest';
import { API_READS } from '../../server/src/domain/solver/api-reads';
import { call, loginAs, testApp } from '../helpers/app';

const inFlight = () => Atomics.load(API_READS, 0);
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('reads in flight', () => {
  it('counts a GET while it is answered and not once it is', async () => {
    const app = await testApp();
    const cookie = await loginAs('planner');
    const answer = app.request('/api/coverage-report', { headers: { Cookie: cookie } });
    await turn();
    expect(inFlight()).toBe(1);
    expect((await answer).status).toBe(200);
    expect(inFlight()).toBe(0);
  });

  it('does not count a write', async () => {
    const app = await testApp();
    const answer = app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'planner', password: 'wrong password' }),
    });
    await turn();
    expect(inFlight()).toBe(0);
    expect((await answer).status).toBe(401);
  });

  it('takes every read off again: not found, refused, unauthorised and bad input', async () => {
    const worker = await loginAs('worker');
    const answers = await Promise.all([
      call('GET', '/api/no-such-thing'),
      call('GET', '/api/users', undefined, worker),
      call('GET', '/api/users'),
      call('GET', '/api/lookup?lng=abc&lat=1'),
      call('GET', '/api/tiles/communities/99/0/0.pbf'),
    ]);
    expect(answers.map((r) => r.status >= 400)).toEqual([true, true, true, true, true]);
    expect(inFlight()).toBe(0);
  });
});
