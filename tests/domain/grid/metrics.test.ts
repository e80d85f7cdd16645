import { describe, expect, it } from 'vitest';
import { planMetrics, polsbyPopper } from '../../../server/src/domain/grid/metrics';

describe('polsbyPopper', () => {
  it('is 1 for a disc and π/4 for a square', () => {
    expect(polsbyPopper(Math.PI * 100, 2 * Math.PI * 10)).toBeCloseTo(1, 10);
    expect(polsbyPopper(400, 80)).toBeCloseTo(Math.PI / 4, 10);
  });

  it('is 0 without a perimeter and throws on negative input', () => {
    expect(polsbyPopper(0, 0)).toBe(0);
    expect(() => polsbyPopper(-1, 10)).toThrow(RangeError);
  });
});

describe('planMetrics', () => {
  it('summarises households against the target and averages compactness', () => {
    const metrics = planMetrics(
      [
        { households: 320, areaM2: 400, perimeterM: 80 },
        { households: 480, areaM2: 400, perimeterM: 80 },
        { households: 400, areaM2: 800, perimeterM: 120 },
      ],
      400,
    );
    expect(metrics).toMatchObject({ cellCount: 3, minHouseholds: 320, maxHouseholds: 480, meanHouseholds: 400, maxDeviationPct: 20 });
    expect(metrics?.meanPolsbyPopper).toBeCloseTo((2 * (Math.PI / 4) + (4 * Math.PI * 800) / 14400) / 3, 10);
  });

  it('returns null for a plan without cells', () => {
    expect(planMetrics([], 400)).toBeNull();
  });
});
