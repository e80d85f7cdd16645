/**
 * A long p-median search gives way to the API's reads: while a read is in flight it works 2 ms
 * and pauses 2 ms; with none it never pauses. Timed (vitest.config.ts): it measures wall time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API_READS, givingWayTo, readEnded, readStarted } from '../../../server/src/domain/solver/api-reads';

/** Busy work for `ms` of wall time, calling `giveWay` as the search does between nodes; answers the time spent working. */
function workFor(ms: number, giveWay: () => void): number {
  const start = performance.now();
  let worked = 0;
  for (;;) {
    const before = performance.now();
    if (before - start >= ms) return worked;
    let x = 0;
    for (let i = 0; i < 2000; i++) x += Math.sqrt(i + x);
    worked += performance.now() - before;
    giveWay();
  }
}

afterEach(() => Atomics.store(API_READS, 0, 0));

describe('a search on a solver thread', () => {
  it('never pauses while no read is in flight', () => {
    const worked = workFor(300, givingWayTo(API_READS));
    expect(worked).toBeGreaterThan(0.9 * 300);
  });

  it('works about half the time while a read is in flight, and all of it again once the read ends', () => {
    readStarted();
    const giveWay = givingWayTo(API_READS);
    const busy = workFor(300, giveWay);
    expect(busy).toBeLessThan(0.7 * 300);
    expect(busy).toBeGreaterThan(0.3 * 300);
    readEnded();
    expect(workFor(300, giveWay)).toBeGreaterThan(0.9 * 300);
  });
});
