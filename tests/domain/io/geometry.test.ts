import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import type { Geometry, Position } from 'geojson';
import { checkGeometry, MAX_VERTICES_PER_FEATURE } from '../../../server/src/data/geometry';
import { importLayer } from '../../../server/src/data/layers';
import type { Crs } from '../../../server/src/data/crs';

const WGS: Crs = { kind: 'wgs84' };
const square: Position[] = [
  [119.5, 32.4],
  [119.501, 32.4],
  [119.501, 32.401],
  [119.5, 32.401],
  [119.5, 32.4],
];
const buildings = importLayer('buildings');
const communities = importLayer('communities');
const facilities = importLayer('facilities');
const codes = (g: Geometry | null, layer = buildings, crs: Crs = WGS) => checkGeometry(layer, g, crs, false).problems.map((p) => p.code);

describe('checkGeometry', () => {
  it('accepts the layer type and unwraps single-part multis', () => {
    expect(checkGeometry(buildings, { type: 'MultiPolygon', coordinates: [[square]] }, WGS, false).geometry).toEqual({
      type: 'Polygon',
      coordinates: [square],
    });
    expect(checkGeometry(communities, { type: 'Polygon', coordinates: [square] }, WGS, false).geometry?.type).toBe('Polygon');
    expect(checkGeometry(facilities, { type: 'MultiPoint', coordinates: [[119.5, 32.4]] }, WGS, false).geometry).toEqual({
      type: 'Point',
      coordinates: [119.5, 32.4],
    });
  });

  it('refuses the wrong geometry type', () => {
    expect(codes({ type: 'LineString', coordinates: square })).toEqual(['import.geometry_type']);
    expect(codes({ type: 'MultiPolygon', coordinates: [[square], [square]] })).toEqual(['import.geometry_parts']);
    expect(codes({ type: 'LineString', coordinates: square }, communities)).toEqual(['import.geometry_type']);
    expect(codes({ type: 'Polygon', coordinates: [square] }, facilities)).toEqual(['import.geometry_type']);
    expect(codes(null)).toEqual(['import.geometry_missing']);
    expect(checkGeometry(facilities, { type: 'Polygon', coordinates: [square] }, WGS, false).problems[0]).toMatchObject({
      field: 'geometry',
      params: { actual: 'Polygon', expected: ['Point'] },
    });
  });

  it('refuses NaN, out-of-range and projected-looking coordinates, once per feature', () => {
    const nan = square.map(([x, y], i) => (i === 1 ? [NaN, y] : [x, y]));
    expect(codes({ type: 'Polygon', coordinates: [nan] })).toEqual(['import.coordinate_not_finite']);
    const metres = square.map(([x, y]) => [x * 4000, y * 100000]);
    const check = checkGeometry(buildings, { type: 'Polygon', coordinates: [metres] }, WGS, false);
    expect(check.problems).toHaveLength(1);
    // the first bad coordinate, counting all five positions of the ring
    expect(check.problems[0]).toMatchObject({
      code: 'import.coordinate_projected',
      params: { x: String(square[0][0] * 4000), y: String(square[0][1] * 100000), count: 5 },
    });
    // the same numbers are fine when the crs is projected (PostGIS transforms them)
    expect(codes({ type: 'Polygon', coordinates: [metres] }, buildings, { kind: 'epsg', srid: 4549 })).toEqual([]);
    expect(
      codes({
        type: 'Polygon',
        coordinates: [
          [
            [1, 2],
            ['a', 3],
          ],
        ],
      } as unknown as Geometry),
    ).toEqual(['import.malformed_coordinates']);
  });

  it('refuses open or short rings', () => {
    expect(codes({ type: 'Polygon', coordinates: [square.slice(0, 4)] })).toEqual(['import.ring_not_closed']);
    expect(checkGeometry(buildings, { type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] }, WGS, false).problems).toEqual([
      expect.objectContaining({ code: 'import.ring_too_short', params: { polygon: 0, ring: 0, positions: 3 } }),
    ]);
  });

  it(`caps vertices at ${MAX_VERTICES_PER_FEATURE} per feature`, () => {
    const n = MAX_VERTICES_PER_FEATURE + 10;
    const ring: Position[] = Array.from({ length: n }, (_, i) => [
      119.5 + 0.001 * Math.cos((2 * Math.PI * i) / n),
      32.4 + 0.001 * Math.sin((2 * Math.PI * i) / n),
    ]);
    ring.push(ring[0]);
    expect(codes({ type: 'Polygon', coordinates: [ring] })).toEqual(['import.too_many_vertices']);
  });

  it('reverses the GCJ-02 and BD-09 offsets in JavaScript and drops z', () => {
    const p: Position = [119.5578, 32.4266, 7];
    const gcj = checkGeometry(facilities, { type: 'Point', coordinates: p }, { kind: 'gcj02' }, false).geometry as {
      coordinates: Position;
    };
    expect(gcj.coordinates).toEqual(gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84));
    const bd = checkGeometry(facilities, { type: 'Point', coordinates: p }, { kind: 'bd09' }, false).geometry as { coordinates: Position };
    expect(bd.coordinates).toEqual(gcoord.transform([p[0], p[1]], gcoord.BD09, gcoord.WGS84));
    const wgs = checkGeometry(facilities, { type: 'Point', coordinates: p }, WGS, false).geometry as { coordinates: Position };
    expect(wgs.coordinates).toEqual([p[0], p[1]]);
  });
});
