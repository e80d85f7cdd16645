// The town's calendar: dates and years in a time zone, at hand-picked instants.
import { afterEach, describe, expect, it } from 'vitest';
import { dateIn, now, setClock, yearIn } from '../../server/src/domain/time';
import { isTimeZone } from '../../server/src/contract/settings';

afterEach(() => setClock(null));

describe('dateIn / yearIn', () => {
  it('at 2026-01-01T23:30Z it is already 2 January 2026 (07:30) in Shanghai, still 1 January in UTC', () => {
    const at = new Date('2026-01-01T23:30:00Z');
    expect(dateIn('Asia/Shanghai', at)).toBe('2026-01-02');
    expect(dateIn('UTC', at)).toBe('2026-01-01');
  });

  it('turns the year at 16:00 UTC on 31 December in Shanghai', () => {
    expect(yearIn('Asia/Shanghai', new Date('2025-12-31T15:59:59Z'))).toBe(2025);
    expect(yearIn('Asia/Shanghai', new Date('2025-12-31T16:00:00Z'))).toBe(2026);
    expect(yearIn('UTC', new Date('2025-12-31T16:00:00Z'))).toBe(2025);
  });

  it('follows a zone west of Greenwich too (New York is 5 h behind in January)', () => {
    expect(dateIn('America/New_York', new Date('2026-01-02T03:00:00Z'))).toBe('2026-01-01');
  });

  it('reads the injected clock', () => {
    setClock(() => new Date('2026-01-01T23:30:00Z'));
    expect(now().toISOString()).toBe('2026-01-01T23:30:00.000Z');
    expect(dateIn('Asia/Shanghai')).toBe('2026-01-02');
    expect(yearIn('Asia/Shanghai')).toBe(2026);
  });
});

describe('isTimeZone', () => {
  it('accepts IANA names and refuses others', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Beijing')).toBe(false);
    expect(isTimeZone('not a zone')).toBe(false);
  });
});
