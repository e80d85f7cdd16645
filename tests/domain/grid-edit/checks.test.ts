import { describe, expect, it } from 'vitest';
import { checkLine, checkPolygonRings, MAX_VERTICES } from '../../../server/src/domain/grid-edit/outline';
import { cellCountFor, checkRange } from '../../../server/src/domain/grid-edit/feasibility';
import { comparePlans } from '../../../server/src/domain/grid-edit/compare';

describe('checkPolygonRings', () => {
  const square = [
    [119.5, 32.4],
    [119.51, 32.4],
    [119.51, 32.41],
    [119.5, 32.4],
  ];
  it('accepts a closed ring', () => {
    expect(checkPolygonRings([square])).toEqual({ valid: true });
  });
  it('names an unclosed ring, a short ring, a missing ring and where', () => {
    expect(checkPolygonRings([square.slice(0, 3).concat([[119.5, 32.41]])])).toMatchObject({
      reason: 'ring_not_closed',
      where: 'coordinates[0]',
      params: { field: 'coordinates[0]', start: [119.5, 32.4], end: [119.5, 32.41] },
    });
    expect(checkPolygonRings([[square[0], square[1], square[0]]])).toMatchObject({ reason: 'ring_too_short', params: { positions: 3 } });
    expect(checkPolygonRings([])).toMatchObject({ reason: 'too_few_rings' });
  });
  it('names a non-finite or out-of-range position', () => {
    expect(checkPolygonRings([[square[0], [NaN, 32.4], square[2], square[0]]])).toMatchObject({
      reason: 'not_finite',
      where: 'coordinates[0][1]',
    });
    expect(checkPolygonRings([[square[0], [Infinity, 32.4], square[2], square[0]]])).toMatchObject({ reason: 'not_finite' });
    expect(checkPolygonRings([[square[0], [200, 32.4], square[2], square[0]]])).toMatchObject({ reason: 'out_of_range' });
  });
  it('caps the number of vertices', () => {
    const ring = Array.from({ length: MAX_VERTICES + 1 }, (_, i) => [119.5 + Math.cos(i) / 100, 32.4 + Math.sin(i) / 100]);
    ring.push(ring[0]);
    expect(checkPolygonRings([ring])).toMatchObject({
      reason: 'too_many_vertices',
      params: { vertices: MAX_VERTICES + 2, max: MAX_VERTICES },
    });
  });
  it('wants two positions on a line', () => {
    expect(checkLine([[119.5, 32.4]])).toMatchObject({ reason: 'line_too_short' });
    expect(checkLine(square)).toEqual({ valid: true });
  });
});

describe('checkRange', () => {
  it('finds the smallest cell count that fits', () => {
    expect(cellCountFor(3000, 300, 500)).toBe(6);
    expect(cellCountFor(550, 300, 500)).toBeNull();
    expect(cellCountFor(200, 300, 500)).toBeNull();
  });
  it('explains a range no plan can meet', () => {
    const buildings = [
      { code: 'b1', households: 200 },
      { code: 'b2', households: 350 },
    ];
    const apart = checkRange(buildings, [[0, 1]], 300, 500);
    expect(apart.feasible).toBe(false);
    // 550 households: one cell holds at most 500, two need at least 600.
    expect(apart.reasons).toEqual([
      expect.objectContaining({
        code: 'grid.range.community_no_count',
        params: { households: 550, fewer: 1, fewerHold: 500, more: 2, moreNeed: 600 },
      }),
    ]);
    expect(checkRange(buildings, [[0, 1]], 100, 300).reasons[0]).toMatchObject({
      code: 'grid.range.building_over_max',
      params: { building: 'b2', households: 350, max: 300 },
    });
    // Two groups apart: the 200-household one alone is under a minimum of 250.
    expect(checkRange(buildings, [[0], [1]], 250, 400).reasons).toEqual([
      expect.objectContaining({
        code: 'grid.range.group_under_min',
        params: { group: 1, building: 'b1', others: 0, households: 200, min: 250 },
      }),
    ]);
    expect(checkRange(buildings, [[0, 1]], 200, 600)).toEqual({ feasible: true, reasons: [] });
  });
});

describe('comparePlans', () => {
  it('matches cells by shared households and lists what moves', () => {
    const households = new Map([
      ['b1', 100],
      ['b2', 100],
      ['b3', 50],
      ['b4', 10],
    ]);
    const a = new Map([
      ['b1', '001'],
      ['b2', '001'],
      ['b3', '002'],
      ['b4', '002'],
    ]);
    const b = new Map([
      ['b1', 'A'],
      ['b2', 'A'],
      ['b3', 'A'],
      ['b4', 'B'],
    ]);
    const result = comparePlans(a, b, households);
    expect(result.matches.map((m) => [m.a, m.b])).toEqual([
      ['001', 'A'],
      ['002', 'B'],
    ]);
    expect(result.moved).toEqual([{ building: 'b3', households: 50, from: '002', to: 'A' }]);
    expect(result.movedHouseholds).toBe(50);
  });
});
