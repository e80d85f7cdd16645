import { describe, expect, it } from 'vitest';
import { lineLabelPoint } from '../../web/src/lib/geo/lineLabelPoint';

describe('lineLabelPoint', () => {
  it('labels a road that crosses the view with both ends outside it', () => {
    expect(
      lineLabelPoint(
        [
          [
            [-10, 0.5],
            [10, 0.5],
          ],
        ],
        [-1, -1, 1, 1],
      ),
    ).toEqual([0, 0.5]);
  });

  it('picks the longest stretch in view', () => {
    // A short piece near the corner (0.5 long) and a long one across the middle (2 long).
    const lines = [
      [
        [0.5, 0.9],
        [1.5, 0.9],
      ],
      [
        [-3, -0.2],
        [5, -0.2],
      ],
    ];
    expect(lineLabelPoint(lines, [-1, -1, 1, 1])).toEqual([0, -0.2]);
  });

  it('gives nothing for a line outside the view', () => {
    expect(
      lineLabelPoint(
        [
          [
            [2, 2],
            [3, 3],
          ],
        ],
        [-1, -1, 1, 1],
      ),
    ).toBeNull();
  });
});
