import { describe, expect, it } from 'vitest';
import { spreadByLongestEdge } from '../../../server/src/domain/grid-edit/spread';

// Owned items: x1 in cell X, y1 in cell Y. Pending: p (touches X for 3 m and Y for 5 m),
// q (touches only p), r (touches nothing).
const owner = (item: string) => ({ x1: 'X', y1: 'Y' })[item];
const edges = [
  { a: 'p', b: 'x1', metres: 3 },
  { a: 'p', b: 'y1', metres: 5 },
  { a: 'q', b: 'p', metres: 2 },
];

describe('spreadByLongestEdge', () => {
  it('gives each item to the owner it shares the most metres with, spreading inwards', () => {
    expect(Object.fromEntries(spreadByLongestEdge(['p', 'q', 'r'], owner, edges))).toEqual({ p: 'Y', q: 'Y' });
  });

  it('skips the excluded owner, and breaks ties by the smaller owner name', () => {
    expect(Object.fromEntries(spreadByLongestEdge(['p'], owner, edges, 'Y'))).toEqual({ p: 'X' });
    const tied = [
      { a: 'p', b: 'y1', metres: 4 },
      { a: 'p', b: 'x1', metres: 4 },
    ];
    expect(Object.fromEntries(spreadByLongestEdge(['p'], owner, tied))).toEqual({ p: 'X' });
  });
});
