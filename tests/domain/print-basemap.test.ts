// Which basemap tiles a printed map needs: web-mercator arithmetic checked against hand-worked values.
import { describe, expect, it } from 'vitest';
import { MAX_PRINT_TILES, printZoom, tileCorners, tilesOf } from '../../server/src/domain/print/basemap';

describe('tileCorners', () => {
  it('puts zoom 1 tile 0/0 over the north-west quarter of the world', () => {
    const [[west, north], [east, south]] = tileCorners({ z: 1, x: 0, y: 0 });
    expect([west, east, south]).toEqual([-180, 0, 0]);
    expect(north).toBeCloseTo(85.0511287798, 8); // web mercator's edge: atan(sinh(π))
  });
});

describe('tilesOf', () => {
  it('lists the tiles a box touches, row by row', () => {
    // At zoom 2 a tile is 90° wide; 10°–100° E, 10°–20° N spans columns 2–3 of row 1.
    expect(tilesOf([10, 10, 100, 20], 2)).toEqual([
      { z: 2, x: 2, y: 1 },
      { z: 2, x: 3, y: 1 },
    ]);
  });
});

describe('printZoom', () => {
  const view: [number, number, number, number] = [-0.01, -0.01, 0.01, 0.01]; // about 2.2 km square on the equator

  it('takes the zoom whose pixels match the print at the equator', () => {
    // 156,543 m per pixel at zoom 0 halves with each zoom: zoom 14 gives 9.55 m per pixel.
    expect(printZoom(view, 9.55, 18)).toBe(14);
    expect(printZoom(view, 2.4, 18)).toBe(16);
  });

  it('stops at the basemap’s most detailed zoom', () => {
    expect(printZoom(view, 0.3, 15)).toBe(15);
  });

  it('takes a coarser zoom when the page would need too many tiles', () => {
    const z = printZoom(view, 0.05, 22);
    expect(tilesOf(view, z).length).toBeLessThanOrEqual(MAX_PRINT_TILES);
    expect(tilesOf(view, z + 1).length).toBeGreaterThan(MAX_PRINT_TILES);
  });
});
