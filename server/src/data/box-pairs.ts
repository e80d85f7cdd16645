/**
 * Pairs of boxes whose interiors overlap (boxes that only share an edge are not a pair), found
 * through a uniform grid so that a hundred thousand footprints cost milliseconds, not a
 * comparison of every footprint with every other.
 */
import type { Bounds } from './wkb';

/** Grid cell size in degrees (about 200 m): a footprint rarely spans more than a few cells. */
const CELL_DEGREES = 0.002;

/** More cells than a latitude range holds: x · this + y is a unique number per cell. */
const CELLS_PER_TURN = 2 ** 20;

const overlap = (a: Bounds, b: Bounds) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** Index pairs [i, j] (i < j) of `boxes` (null: no box) whose interiors overlap, ordered by i then j. */
export function overlappingBoxes(boxes: (Bounds | null)[]): [number, number][] {
  const cells = new Map<number, number[]>();
  const span = (b: Bounds) => [
    Math.floor(b[0] / CELL_DEGREES),
    Math.floor(b[1] / CELL_DEGREES),
    Math.floor(b[2] / CELL_DEGREES),
    Math.floor(b[3] / CELL_DEGREES),
  ];
  boxes.forEach((b, i) => {
    if (!b) return;
    const [x0, y0, x1, y1] = span(b);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const key = x * CELLS_PER_TURN + y;
        const list = cells.get(key);
        if (list) list.push(i);
        else cells.set(key, [i]);
      }
  });
  const pairs: [number, number][] = [];
  for (const [key, list] of cells) {
    const cx = Math.floor(key / CELLS_PER_TURN);
    const cy = key - cx * CELLS_PER_TURN;
    for (let k = 0; k < list.length; k++) {
      const a = boxes[list[k]]!;
      for (let m = k + 1; m < list.length; m++) {
        const b = boxes[list[m]]!;
        if (!overlap(a, b)) continue;
        // each pair once: in the cell holding the lower-left corner of the boxes' intersection
        const [x, y] = span([Math.max(a[0], b[0]), Math.max(a[1], b[1]), 0, 0]);
        if (x !== cx || y !== cy) continue;
        pairs.push(list[k] < list[m] ? [list[k], list[m]] : [list[m], list[k]]);
      }
    }
  }
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}
