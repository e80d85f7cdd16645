/**
 * The demo loader's progress lines: one for each tenth of the communities, whatever the batches'
 * sizes, and one at the end.
 */
import { describe, expect, it } from 'vitest';
import { byTenths } from '../../data/load';

function reported(total: number, counts: number[]): number[] {
  const lines: number[] = [];
  const progress = byTenths((done) => lines.push(done));
  for (const done of counts) progress(done, total);
  return lines;
}

describe('demo load progress', () => {
  it('reports the first count past each tenth when batches step over the exact tenths', () => {
    // 10,000 communities in batches of 700 (atoms), then 1,300 (adjacency), counted as halves.
    const counts: number[] = [];
    let done = 0;
    while (done < 5000) counts.push((done = Math.min(5000, done + 350)));
    while (done < 10000) counts.push((done = Math.min(10000, done + 650)));
    expect(reported(10000, counts)).toEqual([1050, 2100, 3150, 4200, 5000, 6300, 7600, 8250, 9550, 10000]);
  });

  it('reports each tenth once when one batch crosses several, and the end once', () => {
    expect(reported(100, [5, 35, 36, 99, 100])).toEqual([35, 99, 100]);
  });

  it('reports a single community once, at the end', () => {
    expect(reported(1, [0, 1])).toEqual([1]);
  });
});
