import { describe, expect, it } from 'vitest';
import { distance, point } from '@turf/turf';
import { RoadCrossings, sharedBoundaries, type AtomOutline } from '../../../server/src/domain/grid/atom-adjacency';

// About 10 m east-west and 11 m north-south at 32° N.
const DX = 0.0001;
const DY = 0.0001;
const X0 = 119.5;
const Y0 = 32.4;

/** A rectangle atom from (x1, y1) to (x2, y2), its ring starting at the south-west corner; `extra` points are put on its edges in ring order. */
function box(code: string, x1: number, y1: number, x2: number, y2: number, extra: number[][] = []): AtomOutline {
  const ring = [[x1, y1], [x2, y1], ...extra.filter(([x]) => x === x2), [x2, y2], [x1, y2], [x1, y1]];
  return { code, coordinates: [[ring]] };
}

const metres = (from: number[], to: number[]) => distance(point(from), point(to), { units: 'meters' });

describe('sharedBoundaries', () => {
  it('measures a shared edge in metres and lists each pair once, in code order', () => {
    const west = box('b2', X0, Y0, X0 + DX, Y0 + DY);
    const east = box('b1', X0 + DX, Y0, X0 + 2 * DX, Y0 + DY);
    const pairs = sharedBoundaries([west, east], 0.5);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 'b1', b: 'b2' });
    // A sphere's distance differs from the ellipsoid's by under half a per cent.
    const edge = metres([X0 + DX, Y0], [X0 + DX, Y0 + DY]);
    expect(Math.abs(pairs[0].metres - edge) / edge).toBeLessThan(0.005);
  });

  it('counts an edge in full when one side has a vertex on it that the other lacks', () => {
    // The west atom's east edge is one segment; two atoms east of it meet at its middle.
    const west = box('a', X0, Y0, X0 + DX, Y0 + 2 * DY);
    const south = box('b', X0 + DX, Y0, X0 + 2 * DX, Y0 + DY);
    // Snapped a ten-thousandth of a millimetre off the line, as overlays leave shared vertices.
    const north = box('c', X0 + DX + 1e-12, Y0 + DY, X0 + 2 * DX, Y0 + 2 * DY);
    const pairs = sharedBoundaries([west, south, north], 0.5);
    const half = metres([X0 + DX, Y0], [X0 + DX, Y0 + DY]);
    const ab = pairs.find((p) => p.a === 'a' && p.b === 'b');
    const ac = pairs.find((p) => p.a === 'a' && p.b === 'c');
    expect(Math.abs(ab!.metres - half) / half).toBeLessThan(0.005);
    expect(Math.abs(ac!.metres - half) / half).toBeLessThan(0.005);
    // together exactly what one atom along the whole edge shares
    const whole = sharedBoundaries([west, box('d', X0 + DX, Y0, X0 + 2 * DX, Y0 + 2 * DY)], 0.5)[0].metres;
    expect(Math.abs(ab!.metres + ac!.metres - whole)).toBeLessThan(0.001);
    expect(pairs.find((p) => p.a === 'b' && p.b === 'c')!.metres).toBeGreaterThan(5);
  });

  it('leaves out corner touches, short shared stretches and atoms a metre apart', () => {
    const a = box('a', X0, Y0, X0 + DX, Y0 + DY);
    const corner = box('b', X0 + DX, Y0 + DY, X0 + 2 * DX, Y0 + 2 * DY);
    // shares about 0.3 m of a's east edge
    const short = box('c', X0 + DX, Y0 - DY, X0 + 2 * DX, Y0 + 0.000003);
    // about a metre east of a
    const apart = box('d', X0 + DX + 0.00001, Y0 + 0.00002, X0 + 2 * DX, Y0 + 0.00008);
    expect(sharedBoundaries([a, corner, short, apart], 0.5).filter((p) => p.a === 'a')).toEqual([]);
    expect(sharedBoundaries([a, short], 0.1)).toHaveLength(1);
  });

  it('links atoms a hair apart, as overlays leave neighbours, and reads Polygon as well as MultiPolygon outlines', () => {
    const a = box('a', X0, Y0, X0 + DX, Y0 + DY);
    const b: AtomOutline = { code: 'b', coordinates: box('b', X0 + DX + 1e-9, Y0, X0 + 2 * DX, Y0 + DY).coordinates[0] as number[][][] };
    expect(sharedBoundaries([a, b], 0.5)).toHaveLength(1);
  });

  it('has nothing to pair for fewer than two atoms', () => {
    expect(sharedBoundaries([], 0.5)).toEqual([]);
    expect(sharedBoundaries([box('a', X0, Y0, X0 + DX, Y0 + DY)], 0.5)).toEqual([]);
  });
});

describe('RoadCrossings', () => {
  const road = [
    [X0, Y0 + DY],
    [X0 + 3 * DX, Y0 + DY],
  ];
  const crossings = new RoadCrossings([
    road,
    [
      [
        [X0 + 10 * DX, Y0],
        [X0 + 10 * DX, Y0 + 5 * DY],
      ],
    ],
  ]);

  it('finds a walk that crosses or touches a road, of a LineString or a MultiLineString', () => {
    expect(crossings.crosses(X0 + DX, Y0, X0 + DX, Y0 + 2 * DY)).toBe(true);
    expect(crossings.crosses(X0 + DX, Y0, X0 + 2 * DX, Y0 + DY)).toBe(true);
    expect(crossings.crosses(X0 + 9 * DX, Y0 + DY, X0 + 11 * DX, Y0 + 2 * DY)).toBe(true);
  });

  it('leaves walks beside a road, or beyond its end, alone', () => {
    expect(crossings.crosses(X0, Y0 + 0.5 * DY, X0 + 3 * DX, Y0 + 0.5 * DY)).toBe(false);
    expect(crossings.crosses(X0 + 4 * DX, Y0, X0 + 4 * DX, Y0 + 2 * DY)).toBe(false);
    expect(new RoadCrossings([]).crosses(X0, Y0, X0 + DX, Y0 + DY)).toBe(false);
  });
});
