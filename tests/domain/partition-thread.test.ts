/** Large grid proposals are computed on their own thread: same cells as in place, and the event loop stays free. */
import { describe, expect, it } from 'vitest';
import { partition } from '../../server/src/domain/grid/partition';
import type { Edge, PartitionResult, Unit } from '../../server/src/domain/grid/types';
import { PARTITION_THREAD_MIN_UNITS, feasiblePartitions, partitionOffThread } from '../../server/src/threads/partition';
import { feasiblePartition } from '../../server/src/domain/grid/feasible';
import { householdsOf, row } from './grid/helpers';
import { eventLoopGap } from '../helpers/responsiveness';

/** A `width` × `height` block of buildings, each touching its four neighbours; every tenth row of edges crosses a road. */
function block(width: number, height: number): { units: Unit[]; edges: Edge[] } {
  const units: Unit[] = [];
  const edges: Edge[] = [];
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const k = j * width + i;
      units.push({ code: `B${j}_${i}`, households: 2 + ((i * 7 + j * 3) % 5), residents: 6, x: i * 20, y: j * 20, compoundId: null });
      if (i + 1 < width) edges.push({ a: k, b: k + 1, sharedMetres: 10, crossesRoad: false });
      if (j + 1 < height) edges.push({ a: k, b: k + width, sharedMetres: 10, crossesRoad: j % 10 === 9 });
    }
  }
  return { units, edges };
}

describe('partition on its own thread', { timeout: 120_000 }, () => {
  it('splits a hand-made row into the cells worked out by hand', async () => {
    const { units, edges } = row([30, 30, 30, 30, 30, 30]);
    const result = await partitionOffThread(units, edges, { minHouseholds: 50, maxHouseholds: 70 }, true);
    expect(result.feasible).toBe(true);
    expect(result.cells.map((cell) => [...cell].sort((a, b) => a - b)).sort((a, b) => a[0] - b[0])).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(result.cells.map((cell) => householdsOf(units, cell))).toEqual([60, 60, 60]);
  });

  it('reports misuse as the same error as in place', async () => {
    const { units, edges } = row([30, 30]);
    await expect(partitionOffThread(units, edges, { minHouseholds: 80, maxHouseholds: 70 }, true)).rejects.toThrow(
      'minHouseholds 80 exceeds maxHouseholds 70',
    );
  });

  it('gives a district the cells it gets in place while the event loop keeps running', async () => {
    const { units, edges } = block(120, 100);
    expect(units.length).toBeGreaterThanOrEqual(PARTITION_THREAD_MIN_UNITS);
    const options = { minHouseholds: 300, maxHouseholds: 500, seed: 7 };
    let offThread: PartitionResult | undefined;
    const { longestGapMs, elapsedMs } = await eventLoopGap(async () => {
      offThread = await partitionOffThread(units, edges, options);
    });
    expect(elapsedMs).toBeGreaterThan(300);
    expect(longestGapMs).toBeLessThan(100);
    expect(offThread).toEqual(partition(units, edges, options));
  });

  it('partitions many communities over several threads into the plans each gets in place, in the given order', async () => {
    // Blocks of different sizes, and one whose single compound of 560 households cannot make 300–500.
    const communities = [6, 9, 12, 15, 7, 20, 11].map((side) => block(side, side + 3));
    const big = block(8, 8);
    big.units.forEach((u) => {
      u.compoundId = 'C1';
      u.households = u.households > 0 ? 9 : u.households;
    });
    communities.splice(3, 0, big);
    const range = { min: 300, max: 500 };
    const inPlace = communities.map((c) => feasiblePartition(c.units, c.edges, range, 2008));
    expect(inPlace[3].max).toBeGreaterThan(500);
    expect(inPlace.filter((p) => p.result.cells.length > 1).length).toBeGreaterThan(3);
    const threaded = await feasiblePartitions(communities, range, 2008, { threads: 3 });
    expect(threaded).toEqual(inPlace);
  });
});
