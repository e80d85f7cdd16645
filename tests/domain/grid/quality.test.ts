import { describe, expect, it } from 'vitest';
import { baselinePartition } from '../../helpers/grid/baseline';
import { partition } from '../../../server/src/domain/grid/partition';
import { partitionQuality } from '../../helpers/grid/quality';
import type { CommunityFixture } from '../../fixtures/partition/make';
import { coversOnce, loadFixture, row } from './helpers';

function score(fixture: CommunityFixture, cells: number[][]) {
  const { minHouseholds, maxHouseholds } = fixture.options;
  return partitionQuality(fixture.units, fixture.edges, cells, (minHouseholds + maxHouseholds) / 2, {
    minHouseholds,
    maxHouseholds,
    unitAreaM2: fixture.unitAreaM2,
    unitOuterBoundaryM: fixture.unitOuterBoundaryM,
  });
}

describe('partition against the capacitated k-means baseline', () => {
  for (const name of ['lattice-roads', 'ragged', 'giant-compound']) {
    it(`is at least as good on every figure for ${name}`, () => {
      const fixture = loadFixture(name);
      const base = baselinePartition(fixture.units, fixture.edges, fixture.options);
      expect(coversOnce(fixture.units.length, base)).toBe(true);
      const ours = score(fixture, partition(fixture.units, fixture.edges, fixture.options).cells);
      const theirs = score(fixture, base);
      expect(ours.maxDeviationPct).toBeLessThanOrEqual(theirs.maxDeviationPct);
      expect(ours.meanCompactnessProxy).toBeGreaterThanOrEqual(theirs.meanCompactnessProxy);
      expect(ours.compoundsSplitShare).toBeLessThanOrEqual(theirs.compoundsSplitShare);
      expect(ours.outOfRangeCells).toBeLessThanOrEqual(theirs.outOfRangeCells);
      expect(ours.nonContiguousCells).toBe(0);
    });
  }
});

describe('partitionQuality', () => {
  // Five buildings in a row, 10 m shared boundaries; the middle one belongs to compound K with its east neighbour.
  const { units, edges } = row([100, 200, 150, 150, 100], [{}, {}, { compoundId: 'K' }, { compoundId: 'K' }]);

  it('measures deviation, range, compound splits and contiguity', () => {
    const quality = partitionQuality(units, edges, [[0, 1, 2], [3], [4]], 400);
    expect(quality.maxDeviationPct).toBe(75);
    expect(quality.outOfRangeCells).toBe(2);
    expect(quality.compoundsSplitShare).toBe(1);
    expect(quality.nonContiguousCells).toBe(0);
    expect(
      partitionQuality(
        units,
        edges,
        [
          [0, 2],
          [1, 3, 4],
        ],
        400,
      ).nonContiguousCells,
    ).toBe(2);
  });

  it('uses the inside share of shared boundary as compactness without areas', () => {
    const quality = partitionQuality(
      units,
      edges,
      [
        [0, 1],
        [2, 3, 4],
      ],
      400,
    );
    // Cell 1: 10 m inside, 10 m cut; cell 2: 20 m inside, 10 m cut.
    expect(quality.meanCompactnessProxy).toBeCloseTo((10 / 20 + 20 / 30) / 2, 10);
  });

  it('computes Polsby-Popper from unit areas and outer boundary when given', () => {
    const quality = partitionQuality(units, edges, [[0, 1, 2, 3, 4]], 400, {
      unitAreaM2: [100, 100, 100, 100, 100],
      unitOuterBoundaryM: [30, 20, 20, 20, 30],
    });
    expect(quality.meanCompactnessProxy).toBeCloseTo((4 * Math.PI * 500) / 120 ** 2, 10);
  });
});
