// Mediation and success rates on hand-worked case sets (definitions in domain/disputes/rates.ts).
import { describe, expect, it } from 'vitest';
import { mediationRates, mediationRatesBy, type RateCase } from '../../../server/src/domain/disputes/rates';

const c = (status: RateCase['status'], reachedMediating = false): RateCase => ({ status, reachedMediating });

describe('mediationRates', () => {
  it('counts mediated as reached mediating or beyond, referred only after mediation', () => {
    // 8 reported; mediated: mediating, 2 resolved, failed, referred-after-mediating = 5; resolved 2.
    const cases = [
      c('reported'),
      c('accepted'),
      c('mediating', true),
      c('resolved', true),
      c('resolved', true),
      c('failed', true),
      c('referred', false),
      c('referred', true),
    ];
    expect(mediationRates(cases)).toEqual({ reported: 8, mediated: 5, resolved: 2, mediationRate: 5 / 8, successRate: 2 / 5 });
  });

  it('meets the plan targets exactly at 49 of 50 mediated and 45 of 50 resolved', () => {
    const cases = [...Array(45).fill(c('resolved', true)), ...Array(4).fill(c('failed', true)), c('reported')];
    const rates = mediationRates(cases);
    expect(rates.mediationRate).toBe(0.98);
    expect(rates.successRate).toBeCloseTo(45 / 49, 12);
  });

  it('has no rate without a denominator', () => {
    expect(mediationRates([])).toEqual({ reported: 0, mediated: 0, resolved: 0, mediationRate: null, successRate: null });
    expect(mediationRates([c('reported'), c('referred')])).toEqual({
      reported: 2,
      mediated: 0,
      resolved: 0,
      mediationRate: 0,
      successRate: null,
    });
  });

  it('groups by a key', () => {
    const cases = [
      { ...c('resolved', true), cell: 'A' },
      { ...c('reported'), cell: 'A' },
      { ...c('failed', true), cell: 'B' },
    ];
    const byCell = mediationRatesBy(cases, (x) => x.cell);
    expect(byCell.get('A')).toEqual({ reported: 2, mediated: 1, resolved: 1, mediationRate: 0.5, successRate: 1 });
    expect(byCell.get('B')).toEqual({ reported: 1, mediated: 1, resolved: 0, mediationRate: 1, successRate: 0 });
  });
});
