// Where a line's name goes: the middle of its longest stretch inside the view.
import type { Position } from 'geojson';

type Box = [number, number, number, number];

/** The part of segment a→b inside `box` (Liang–Barsky), or null when it misses the box. */
function clipSegment(a: Position, b: Position, box: Box): [Position, Position] | null {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  let [t0, t1] = [0, 1];
  const edges: [number, number][] = [
    [-dx, a[0] - box[0]],
    [dx, box[2] - a[0]],
    [-dy, a[1] - box[1]],
    [dy, box[3] - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [
    [a[0] + t0 * dx, a[1] + t0 * dy],
    [a[0] + t1 * dx, a[1] + t1 * dy],
  ];
}

/** Midpoint of the longest segment piece of `lines` inside `view` ([w, s, e, n]); null when none is in view. */
export function lineLabelPoint(lines: Position[][], view: Box): [number, number] | null {
  let best: [number, number] | null = null;
  let bestLength = 0;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const piece = clipSegment(line[i - 1], line[i], view);
      if (!piece) continue;
      const length = Math.hypot(piece[1][0] - piece[0][0], piece[1][1] - piece[0][1]);
      if (length > bestLength) {
        bestLength = length;
        best = [(piece[0][0] + piece[1][0]) / 2, (piece[0][1] + piece[1][1]) / 2];
      }
    }
  }
  return best;
}
