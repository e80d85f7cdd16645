import { describe, expect, it } from 'vitest';
import { earliestYearIndex, isCompliant, requiredAreaSquareMetres } from '../../../server/src/domain/facility';

describe('requiredAreaSquareMetres', () => {
  it('never goes below the 300 m² minimum', () => {
    expect(requiredAreaSquareMetres(0)).toBe(300);
    expect(requiredAreaSquareMetres(1000)).toBe(300);
  });

  it('grows with 30 m² per 100 households above the minimum', () => {
    expect(requiredAreaSquareMetres(1500)).toBe(450);
    expect(requiredAreaSquareMetres(2300)).toBe(690);
  });

  it('honours custom settings', () => {
    expect(requiredAreaSquareMetres(2000, { minimumAreaM2: 800 })).toBe(800);
    expect(requiredAreaSquareMetres(2000, { perHundredHouseholdsM2: 50 })).toBe(1000);
  });
});

describe('isCompliant', () => {
  it('is compliant at exactly the required area and not one m² below', () => {
    expect(isCompliant(450, 450)).toBe(true);
    expect(isCompliant(449, 450)).toBe(false);
  });

  it('tolerates floating-point sums', () => {
    expect(isCompliant(0.1 + 0.2, 0.3)).toBe(true);
  });
});

describe('earliestYearIndex', () => {
  it('puts an option ready within the first 12 months in the first year', () => {
    expect([0, 3, 12].map(earliestYearIndex)).toEqual([0, 0, 0]);
  });

  it('puts 13–24 months in the second year and 25–36 in the third', () => {
    expect([13, 18, 24, 25, 36].map(earliestYearIndex)).toEqual([1, 1, 1, 2, 2]);
  });
});
