// The case life cycle, default deadlines, photo checks and name masking, against the rules as written.
import { describe, expect, it } from 'vitest';
import { checkTransition, isClosed } from '../../../server/src/domain/disputes/transitions';
import { defaultDeadline } from '../../../server/src/domain/disputes/deadlines';
import { checkPhoto } from '../../../server/src/domain/disputes/photo';
import { maskName, maskNamesIn } from '../../../server/src/domain/disputes/mask';
import { DISPUTE_STATUSES, type DisputeStatus } from '../../../server/src/contract/disputes';
import { DomainError } from '../../../server/src/domain/errors';

const allowed: [DisputeStatus, DisputeStatus][] = [
  ['reported', 'accepted'],
  ['reported', 'referred'],
  ['accepted', 'mediating'],
  ['accepted', 'referred'],
  ['mediating', 'resolved'],
  ['mediating', 'failed'],
  ['mediating', 'referred'],
];

describe('checkTransition', () => {
  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(() => checkTransition(from, to)).not.toThrow();
  });

  it('refuses every other move, naming the allowed ones', () => {
    const key = (a: string, b: string) => `${a}>${b}`;
    const ok = new Set(allowed.map(([a, b]) => key(a, b)));
    const refused = DISPUTE_STATUSES.flatMap((from) =>
      DISPUTE_STATUSES.filter((to) => !ok.has(key(from, to))).map((to) => [from, to] as const),
    );
    // 6 × 6 pairs, 7 allowed.
    expect(refused).toHaveLength(29);
    for (const [from, to] of refused) {
      try {
        checkTransition(from, to);
        expect.unreachable(`${from} → ${to} was allowed`);
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe('dispute.invalid_transition');
        expect((err as DomainError).kind).toBe('conflict');
      }
    }
  });

  it('reported → resolved skips mediation and is refused with the allowed moves', () => {
    expect(() => checkTransition('reported', 'resolved')).toThrow(/allowed: accepted, referred/);
  });

  it('treats resolved, failed and referred as closed', () => {
    expect(DISPUTE_STATUSES.filter(isClosed)).toEqual(['resolved', 'failed', 'referred']);
  });
});

describe('defaultDeadline', () => {
  it('adds the category days, across a month end', () => {
    expect(defaultDeadline('hazard', 'fire', '2026-01-30')).toBe('2026-02-02');
    expect(defaultDeadline('dispute', 'neighbour', '2026-12-20')).toBe('2027-01-04');
    expect(defaultDeadline('dispute', 'land_housing', '2026-03-01')).toBe('2026-04-30');
  });
});

describe('checkPhoto', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  it('accepts JPEG and PNG whose bytes match the declared type', () => {
    expect(checkPhoto(jpeg, 'image/jpeg')).toEqual({ valid: true, contentType: 'image/jpeg' });
    expect(checkPhoto(png, 'image/png; charset=binary')).toEqual({ valid: true, contentType: 'image/png' });
  });
  it('refuses a mislabelled, foreign, empty or oversized photo', () => {
    expect(checkPhoto(png, 'image/jpeg')).toEqual({ valid: false, reason: 'photo_type' });
    expect(checkPhoto(new TextEncoder().encode('GIF89a'), 'image/gif')).toEqual({ valid: false, reason: 'photo_type' });
    expect(checkPhoto(new Uint8Array(), 'image/png')).toEqual({ valid: false, reason: 'photo_empty' });
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(checkPhoto(big, 'image/jpeg')).toEqual({ valid: false, reason: 'photo_too_large' });
    expect(checkPhoto(big.subarray(0, 2 * 1024 * 1024), 'image/jpeg')).toEqual({ valid: true, contentType: 'image/jpeg' });
  });
});

describe('masking names', () => {
  it('keeps the surname only', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('欧阳秀英')).toBe('欧**');
    expect(maskName('李')).toBe('*');
  });
  it('masks every mention of a party in a text', () => {
    expect(maskNamesIn('王建国与王建国之妻和李秀兰争执', ['王建国', '李秀兰'])).toBe('王**与王**之妻和李**争执');
  });
});
