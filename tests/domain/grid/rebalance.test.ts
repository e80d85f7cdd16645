import { describe, expect, it } from 'vitest';
import { partition, rebalance } from '../../../server/src/domain/grid/partition';
import type { Edge, Unit } from '../../../server/src/domain/grid/types';
import { loadFixture } from './helpers';

const RANGE = { minHouseholds: 300, maxHouseholds: 500 };

/** Two rows of six 100-household buildings; column c holds units c and c + 6. */
function block(extra: Partial<Unit>[] = []): { units: Unit[]; edges: Edge[] } {
  const units: Unit[] = [];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 6; c++) {
      const i = r * 6 + c;
      units.push({
        code: `3210121000060${String(i + 1).padStart(4, '0')}`,
        households: 100,
        residents: 300,
        x: c * 20,
        y: -r * 20,
        compoundId: null,
        ...extra[i],
      });
    }
  }
  const edges: Edge[] = [];
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 5; c++) edges.push({ a: r * 6 + c, b: r * 6 + c + 1, sharedMetres: 10, crossesRoad: false });
  for (let c = 0; c < 6; c++) edges.push({ a: c, b: c + 6, sharedMetres: 10, crossesRoad: false });
  return { units, edges };
}

/** Cell id per unit from a column pattern such as 'aaabcc'. */
const byColumns = (pattern: string) => [...pattern, ...pattern];

describe('rebalance', () => {
  it('fixes an over-full and an under-full neighbour with one move and leaves the third cell alone', () => {
    const { units, edges } = block();
    const result = rebalance(units, edges, byColumns('aaabcc'), RANGE);
    expect(result.moves).toBe(1);
    expect(result.outOfRange).toEqual([]);
    const cells = byColumns('aaabcc').map((id, i) => [id, result.assignment[i]]);
    expect(cells.filter(([before]) => before === 'c').every(([, after]) => after === 'c')).toBe(true);
  });

  it('passes surplus through an in-range cell when the cells in trouble do not touch', () => {
    const { units, edges } = block();
    const result = rebalance(units, edges, byColumns('aaabbc'), RANGE);
    expect(result.outOfRange).toEqual([]);
    expect(result.moves).toBe(2);
  });

  it('moves a compound as a whole', () => {
    const { units, edges } = block([{}, {}, { compoundId: 'K' }, {}, {}, {}, {}, {}, { compoundId: 'K' }]);
    const result = rebalance(units, edges, byColumns('aaabcc'), RANGE);
    expect(result.outOfRange).toEqual([]);
    expect(result.assignment[2]).toBe(result.assignment[8]);
  });

  it('leaves a cell holding a locked building exactly as it is, fixing the others around it', () => {
    const { units, edges } = block([{}, {}, { lockedCell: 'a' }]);
    const result = rebalance(units, edges, byColumns('aaabcc'), RANGE);
    // 'a' (600) keeps all six buildings and is reported; 'b' (200) is filled from 'c' instead
    expect(result.assignment.filter((id) => id === 'a')).toHaveLength(6);
    expect(result.assignment[2]).toBe('a');
    expect(result.outOfRange).toEqual(['a']);
    expect(result.moves).toBe(1);
  });

  it('never moves buildings into a locked cell, even an under-full one', () => {
    const locked = { lockedCell: 'a' };
    const extra: Partial<Unit>[] = [];
    extra[0] = locked;
    extra[6] = locked;
    const { units, edges } = block(extra);
    const result = rebalance(units, edges, byColumns('abbbcc'), RANGE);
    expect(result.assignment.map((id, i) => (id === 'a' ? i : -1)).filter((i) => i >= 0)).toEqual([0, 6]);
    expect(result.outOfRange).toEqual(['a']);
    expect(result.moves).toBe(1);
  });

  it('reports cells it cannot fix', () => {
    const { units, edges } = block();
    const result = rebalance(units, edges, byColumns('aaaaab'), { minHouseholds: 300, maxHouseholds: 350 });
    expect(result.outOfRange.length).toBeGreaterThan(0);
  });

  it('changes nothing in a plan that is already in range', () => {
    const fixture = loadFixture('typical');
    const { cells } = partition(fixture.units, fixture.edges, fixture.options);
    const assignment = new Array<string>(fixture.units.length);
    cells.forEach((cell, c) => cell.forEach((i) => (assignment[i] = `cell-${c}`)));
    const result = rebalance(fixture.units, fixture.edges, assignment, fixture.options);
    expect(result).toEqual({ assignment, moves: 0, outOfRange: [] });
  });

  it('repairs a hand-damaged plan on a fixture with few moves', () => {
    const fixture = loadFixture('typical');
    const { cells } = partition(fixture.units, fixture.edges, fixture.options);
    const assignment = new Array<string>(fixture.units.length);
    cells.forEach((cell, c) => cell.forEach((i) => (assignment[i] = `cell-${c}`)));
    // Merge one free building of each cell's neighbour into it until some cell overflows.
    const damaged = [...assignment];
    let moved = 0;
    for (const { a, b } of fixture.edges) {
      if (moved === 3) break;
      const free = fixture.units[b].compoundId === null && damaged[a] === assignment[a] && damaged[b] === assignment[b];
      if (free && assignment[a] === 'cell-0' && assignment[b] !== 'cell-0') {
        damaged[b] = 'cell-0';
        moved++;
      }
    }
    const totals = new Map<string, number>();
    damaged.forEach((id, i) => totals.set(id, (totals.get(id) ?? 0) + fixture.units[i].households));
    expect(moved).toBe(3);
    expect([...totals.values()].some((h) => h < 300 || h > 500)).toBe(true);
    const result = rebalance(fixture.units, fixture.edges, damaged, fixture.options);
    expect(result.outOfRange).toEqual([]);
    expect(result.moves).toBeLessThanOrEqual(moved);
  });

  it('rejects an assignment of the wrong length', () => {
    const { units, edges } = block();
    expect(() => rebalance(units, edges, ['a'], RANGE)).toThrow(RangeError);
  });
});
