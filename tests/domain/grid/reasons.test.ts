import { describe, expect, it } from 'vitest';
import { partition } from '../../../server/src/domain/grid/partition';
import { impossibility } from '../../../server/src/domain/grid/packing';
import { mulberry32 } from '../../../server/src/domain/random';
import type { Edge, Unit } from '../../../server/src/domain/grid/types';
import { coversOnce, householdsOf, isContiguous, row } from './helpers';

const RANGE = { minHouseholds: 300, maxHouseholds: 500 };
const BOUNDS = { min: 300, max: 500, target: 400 };

/** Whether `weights` can be grouped into cells of 300–500, by trying every assignment. */
function packsByBruteForce(weights: readonly number[]): boolean {
  const total = weights.reduce((s, w) => s + w, 0);
  for (let k = 1; k <= weights.length; k++) {
    const load = new Array<number>(k).fill(0);
    const place = (i: number): boolean => {
      if (i === weights.length) return load.every((l) => l >= BOUNDS.min && l <= BOUNDS.max);
      for (let c = 0; c < k; c++) {
        load[c] += weights[i];
        const ok = place(i + 1);
        load[c] -= weights[i];
        if (ok) return true;
      }
      return false;
    };
    if (k * BOUNDS.min <= total && total <= k * BOUNDS.max && place(0)) return true;
  }
  return false;
}

function grid(width: number, households: readonly number[], compoundOf: (i: number) => string | null): { units: Unit[]; edges: Edge[] } {
  const units = households.map((h, i) => ({
    code: `3210121000060${String(i + 1).padStart(4, '0')}`,
    households: h,
    residents: h * 3,
    x: (i % width) * 20,
    y: Math.floor(i / width) * 20,
    compoundId: compoundOf(i),
  }));
  const edges: Edge[] = [];
  units.forEach((_, i) => {
    if (i % width > 0) edges.push({ a: i - 1, b: i, sharedMetres: 10, crossesRoad: false });
    if (i >= width) edges.push({ a: i - width, b: i, sharedMetres: 10, crossesRoad: false });
  });
  return { units, edges };
}

describe('why a community cannot be cut into cells within the range', () => {
  it('says no cell count fits a community of 520 households in 300–500', () => {
    const { units, edges } = row([130, 130, 130, 130]);
    const result = partition(units, edges, RANGE);
    expect(result.feasible).toBe(false);
    expect(result.reasons[0]).toMatchObject({
      code: 'grid.partition.community_no_count',
      params: { households: 520, fewer: 1, fewerHold: 500, more: 2, moreNeed: 600 },
    });
  });

  it('names the connected group whose households fit no cell count', () => {
    const left = row([200, 200]);
    const right = row([260, 260]);
    const units = [...left.units, ...right.units.map((u, i) => ({ ...u, code: `3210121000060010${i}`, x: u.x + 1000 }))];
    const edges = [...left.edges, ...right.edges.map((e) => ({ ...e, a: e.a + 2, b: e.b + 2 }))];
    const result = partition(units, edges, RANGE);
    expect(result.reasons).toContainEqual(
      expect.objectContaining({
        code: 'grid.partition.group_no_count',
        params: {
          buildings: ['32101210000600100', '32101210000600101'],
          count: 2,
          households: 520,
          fewer: 1,
          fewerHold: 500,
          more: 2,
          moreNeed: 600,
        },
      }),
    );
    expect(result.reasons.filter((r) => r.code === 'grid.partition.group_no_count')).toHaveLength(1);
  });

  it('says which compounds cannot be packed when each must stay whole', () => {
    // Three compounds of 240 and 30 loose households: 750 needs two cells, one of them holds a
    // single compound (two would be 480, three 720) and at most 270 households.
    const { units, edges } = row(
      [120, 120, 30, 120, 120, 120, 120],
      [{ compoundId: 'A' }, { compoundId: 'A' }, {}, { compoundId: 'B' }, { compoundId: 'B' }, { compoundId: 'C' }, { compoundId: 'C' }],
    );
    const result = partition(units, edges, RANGE);
    expect(result.feasible).toBe(false);
    expect(result.reasons[0]).toMatchObject({
      code: 'grid.partition.compounds_do_not_pack',
      params: { items: ['A', 'B', 'C'], sizes: [240, 240, 240], rest: 30, cells: [2], min: 300, max: 500 },
    });
  });

  it('names a compound hemmed in so that no connected group with it is in range', () => {
    // X (100) touches only A (450): alone it is under 300, with A over 500. The households as
    // such would pack (450 | 450 | 100 + 100 + 100), so only the shape forbids it.
    const { units, edges } = row(
      [50, 50, 225, 225, 100, 100, 225, 225],
      [
        { compoundId: 'X' },
        { compoundId: 'X' },
        { compoundId: 'A' },
        { compoundId: 'A' },
        {},
        {},
        { compoundId: 'B' },
        { compoundId: 'B' },
      ],
    );
    const result = partition(units, edges, RANGE);
    expect(result.feasible).toBe(false);
    expect(result.reasons[0]).toEqual(
      expect.objectContaining({ code: 'grid.partition.hemmed_in', params: { item: 'X', households: 100, min: 300, max: 500 } }),
    );
    expect(result.reasons.some((r) => r.code === 'grid.partition.compounds_do_not_pack')).toBe(false);
  });

  it('gives no reason beyond the cell names when the range is met', () => {
    const { units, edges } = row([100, 100, 100, 100, 100, 100, 100, 100]);
    const result = partition(units, edges, RANGE);
    expect(result.feasible).toBe(true);
    expect(result.reasons).toEqual([]);
  });
});

describe('a compound over the maximum is cut where its neighbours need it', () => {
  it('keeps every cell in range beside a compound of 900 households (a shape the pre-cut pieces missed)', () => {
    // 3 rows of 4 buildings; all but the last belong to one compound of 900 households.
    const households = [110, 120, 120, 80, 80, 70, 80, 20, 90, 90, 40, 50];
    const { units, edges } = grid(4, households, (i) => (i < 11 ? 'K' : null));
    const result = partition(units, edges, RANGE);
    expect(coversOnce(units.length, result.cells)).toBe(true);
    for (const cell of result.cells) {
      expect(householdsOf(units, cell)).toBeGreaterThanOrEqual(300);
      expect(householdsOf(units, cell)).toBeLessThanOrEqual(500);
      expect(isContiguous(edges, cell)).toBe(true);
    }
    expect(result.feasible).toBe(true);
  });
});

describe('impossibility proofs agree with trying every grouping', () => {
  it('never claims a proof for weights that can be grouped, and finds one whenever all items are large', () => {
    const rng = mulberry32(7);
    let proofs = 0;
    for (let trial = 0; trial < 300; trial++) {
      const count = 3 + Math.floor(rng() * 4);
      const weights = Array.from({ length: count }, () => 110 + Math.floor(rng() * 30) * 10);
      const proof = impossibility(weights, BOUNDS);
      const packs = packsByBruteForce(weights);
      expect(proof !== null && packs, `proof for ${weights.join(', ')} that packs`).toBe(false);
      // Every weight exceeds half the range's width, so the proof treats them all exactly.
      const total = weights.reduce((s, w) => s + w, 0);
      expect(total).toBeGreaterThanOrEqual(BOUNDS.min);
      expect(proof !== null, `no proof for ${weights.join(', ')}`).toBe(!packs);
      if (proof) proofs++;
    }
    expect(proofs).toBeGreaterThan(20);
  });
});
