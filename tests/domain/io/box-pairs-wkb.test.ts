/**
 * The box pairs of the building overlap check against a brute-force comparison of every box
 * with every other, and the WKB reader against geometries written byte by byte by hand.
 */
import { describe, expect, it } from 'vitest';
import { overlappingBoxes } from '../../../server/src/data/box-pairs';
import { polygonBounds, readWkb, WkbError, type Bounds } from '../../../server/src/data/wkb';

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('overlappingBoxes', () => {
  it('finds exactly the pairs a brute-force comparison finds, across grid cells, with touching boxes left out', () => {
    const r = random(7);
    const boxes: (Bounds | null)[] = Array.from({ length: 600 }, (_, k) => {
      if (k % 50 === 0) return null;
      const w = 119.5 + r() * 0.01;
      const s = 32.4 + r() * 0.01;
      return [w, s, w + r() * 0.0008, s + r() * 0.0008];
    });
    // two boxes that share an edge only, and one spanning several grid cells
    boxes.push([119.6, 32.5, 119.601, 32.501], [119.601, 32.5, 119.602, 32.501], [119.499, 32.399, 119.511, 32.411]);
    const expected: [number, number][] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a && b && a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) expected.push([i, j]);
      }
    expect(expected.length).toBeGreaterThan(600);
    expect(overlappingBoxes(boxes)).toEqual(expected);
  });
});

/** Bytes from hex written by hand. */
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const double = (n: number, little: boolean) => {
  const b = Buffer.alloc(8);
  if (little) b.writeDoubleLE(n);
  else b.writeDoubleBE(n);
  return b.toString('hex');
};

describe('readWkb', () => {
  it('reads a big-endian ISO polygon Z (type 1003), dropping z', () => {
    const ring = [
      [1, 2, 9],
      [3, 2, 9],
      [3, 4, 9],
      [1, 2, 9],
    ];
    const bytes = hex(`00 000003EB 00000001 00000004 ${ring.map((p) => p.map((n) => double(n, false)).join('')).join('')}`);
    expect(readWkb(bytes).geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [1, 2],
          [3, 2],
          [3, 4],
          [1, 2],
        ],
      ],
    });
  });

  it('reads a little-endian EWKB multipoint with its SRID, and the box of an EWKB polygon', () => {
    const pt = (x: number, y: number) => `01 01000000 ${double(x, true)}${double(y, true)}`;
    const bytes = hex(`01 04000020 E6100000 02000000 ${pt(119.5, 32.4)} ${pt(119.6, 32.5)}`);
    expect(readWkb(bytes)).toEqual({
      geometry: {
        type: 'MultiPoint',
        coordinates: [
          [119.5, 32.4],
          [119.6, 32.5],
        ],
      },
      srid: 4326,
      end: bytes.length,
    });
    const ring = [
      [119.5, 32.4],
      [119.7, 32.4],
      [119.6, 32.6],
      [119.5, 32.4],
    ];
    const polygon = `01 03000020 E6100000 01000000 04000000 ${ring.map(([x, y]) => double(x, true) + double(y, true)).join('')}`;
    expect(polygonBounds(polygon.replace(/\s/g, ''))).toEqual([119.5, 32.4, 119.7, 32.6]);
    expect(polygonBounds(Buffer.from(bytes).toString('hex'))).toBeNull();
  });

  it('refuses bytes that end early or claim more parts than they hold', () => {
    expect(() => readWkb(hex('01 03000000 01000000 05000000'))).toThrow(WkbError);
    expect(() => readWkb(hex('01 02000000 FFFFFF7F'))).toThrow(WkbError);
  });
});
