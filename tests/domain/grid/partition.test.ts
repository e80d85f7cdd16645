import { describe, expect, it } from 'vitest';
import { partition } from '../../../server/src/domain/grid/partition';
import { FIXTURE_NAMES, compoundSpread, coversOnce, householdsOf, isContiguous, loadFixture, row } from './helpers';

const RANGE = { minHouseholds: 300, maxHouseholds: 500 };

describe('partition on the fixtures', () => {
  for (const name of FIXTURE_NAMES) {
    describe(name, () => {
      const fixture = loadFixture(name);
      const result = partition(fixture.units, fixture.edges, fixture.options);

      it('assigns every building to exactly one cell', () => {
        expect(coversOnce(fixture.units.length, result.cells)).toBe(true);
      });

      it('keeps every cell within the household range', () => {
        expect(result.feasible).toBe(true);
        for (const cell of result.cells) {
          const households = householdsOf(fixture.units, cell);
          expect(households).toBeGreaterThanOrEqual(fixture.options.minHouseholds);
          expect(households).toBeLessThanOrEqual(fixture.options.maxHouseholds);
        }
      });

      it('makes every cell contiguous', () => {
        for (const cell of result.cells) expect(isContiguous(fixture.edges, cell)).toBe(true);
      });

      it('keeps compounds whole unless they exceed the maximum', () => {
        const households = new Map<string, number>();
        for (const unit of fixture.units) {
          if (unit.compoundId !== null) households.set(unit.compoundId, (households.get(unit.compoundId) ?? 0) + unit.households);
        }
        for (const [id, spread] of compoundSpread(fixture.units, result.cells)) {
          if ((households.get(id) ?? 0) <= fixture.options.maxHouseholds) expect(spread, `compound ${id}`).toBe(1);
        }
      });
    });
  }

  it('splits a compound above the maximum into contiguous in-range pieces and says so', () => {
    const fixture = loadFixture('giant-compound');
    const result = partition(fixture.units, fixture.edges, fixture.options);
    const giant = fixture.units.map((u, i) => (u.compoundId === 'C1' ? i : -1)).filter((i) => i >= 0);
    const pieces = result.cells.map((cell) => cell.filter((i) => giant.includes(i))).filter((piece) => piece.length > 0);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(isContiguous(fixture.edges, piece)).toBe(true);
      expect(householdsOf(fixture.units, piece)).toBeLessThanOrEqual(fixture.options.maxHouseholds);
    }
    expect(result.reasons).toContainEqual(
      expect.objectContaining({
        code: 'grid.partition.compound_split',
        params: expect.objectContaining({ compound: 'C1', cells: pieces.length }),
      }),
    );
  });

  it('follows roads: few cells straddle the road of the lattice fixture', () => {
    const fixture = loadFixture('lattice-roads');
    const result = partition(fixture.units, fixture.edges, fixture.options);
    const cellOf = new Map<number, number>();
    result.cells.forEach((cell, c) => cell.forEach((i) => cellOf.set(i, c)));
    const roadEdges = fixture.edges.filter((e) => e.crossesRoad);
    const kept = roadEdges.filter((e) => cellOf.get(e.a) === cellOf.get(e.b)).length;
    expect(kept / roadEdges.length).toBeLessThan(0.15);
  });
});

describe('partition determinism', () => {
  it('returns identical results for the same input and seed', () => {
    const fixture = loadFixture('ragged');
    const first = partition(fixture.units, fixture.edges, { ...fixture.options, seed: 42 });
    const second = partition(structuredClone(fixture.units), structuredClone(fixture.edges), { ...fixture.options, seed: 42 });
    expect(second).toEqual(first);
  });
});

describe('partition on hand-made cases', () => {
  it('throws a RangeError when the minimum exceeds the maximum', () => {
    const { units, edges } = row([100, 100]);
    expect(() => partition(units, edges, { minHouseholds: 600, maxHouseholds: 500 })).toThrow(RangeError);
  });

  it('throws a RangeError for an edge pointing outside the units', () => {
    const { units } = row([100, 100]);
    expect(() => partition(units, [{ a: 0, b: 5, sharedMetres: 10, crossesRoad: false }], RANGE)).toThrow(RangeError);
  });

  it('returns no cells for a community without buildings', () => {
    expect(partition([], [], RANGE)).toEqual({ cells: [], feasible: true, reasons: [] });
  });

  it('makes one flagged cell when the whole community is below the minimum', () => {
    const { units, edges } = row([50, 60, 40]);
    const result = partition(units, edges, RANGE);
    expect(result.cells).toEqual([[0, 1, 2]]);
    expect(result.feasible).toBe(false);
    expect(result.reasons[0]).toMatchObject({
      code: 'grid.partition.community_under_min',
      params: { households: 150, min: RANGE.minHouseholds },
    });
  });

  it('puts a building above the maximum in a cell of its own and flags it', () => {
    const { units, edges } = row([150, 200, 640, 150, 200]);
    const result = partition(units, edges, RANGE);
    expect(result.cells).toEqual([[0, 1], [2], [3, 4]]);
    expect(result.feasible).toBe(false);
    expect(result.reasons).toContainEqual(
      expect.objectContaining({
        code: 'grid.partition.unit_over_max',
        params: { buildings: ['32101210000600003'], count: 1, households: 640, max: RANGE.maxHouseholds },
      }),
    );
  });

  it('partitions each connected group of a disconnected graph on its own', () => {
    const left = row([100, 100, 100, 100, 100, 100, 100, 100]);
    const right = row([120, 120, 120]);
    const units = [...left.units, ...right.units.map((u) => ({ ...u, x: u.x + 1000 }))];
    const edges = [...left.edges, ...right.edges.map((e) => ({ ...e, a: e.a + 8, b: e.b + 8 }))];
    const result = partition(units, edges, RANGE);
    expect(result.feasible).toBe(true);
    expect(result.cells.map((c) => householdsOf(units, c))).toEqual([400, 400, 360]);
    for (const cell of result.cells) expect(isContiguous(edges, cell)).toBe(true);
    expect(result.reasons).toContainEqual(expect.objectContaining({ code: 'grid.partition.disconnected', params: { count: 2 } }));
  });

  it('leaves locked cells exactly as locked and partitions the rest around them', () => {
    const fixture = loadFixture('typical');
    const locked = new Set([0, 1, 2, 10, 11, 12]);
    const units = fixture.units.map((u, i) => (locked.has(i) ? { ...u, compoundId: null, lockedCell: 'kept' } : u));
    const result = partition(units, fixture.edges, fixture.options);
    expect(result.cells).toContainEqual([0, 1, 2, 10, 11, 12]);
    expect(coversOnce(units.length, result.cells)).toBe(true);
    for (const cell of result.cells) expect(isContiguous(fixture.edges, cell)).toBe(true);
  });

  it('flags a locked cell that is out of range without changing it', () => {
    const { units, edges } = row([100, 100, 100, 100, 100, 100, 100, 100], [{ lockedCell: 'x' }, { lockedCell: 'x' }]);
    const result = partition(units, edges, RANGE);
    expect(result.cells[0]).toEqual([0, 1]);
    expect(result.feasible).toBe(false);
    expect(result.reasons).toContainEqual(
      expect.objectContaining({ code: 'grid.partition.cell_out_of_range', params: { cell: 'x', households: 200, min: 300, max: 500 } }),
    );
  });
});
