import { describe, expect, it } from 'vitest';
import {
  applyDiff,
  compareLabels,
  diffStates,
  invertDiff,
  isEmptyDiff,
  labelAt,
  labelNumber,
  nextFreeLabel,
  type PlanState,
} from '../../../server/src/domain/grid-edit/state';
import { appendPlan, historyStatus, redoTarget, undoTarget } from '../../../server/src/domain/grid-edit/history';

const state = (cells: Record<string, boolean>, cellOf: Record<string, string>): PlanState => ({
  cells: new Map(Object.entries(cells).map(([label, locked]) => [label, { locked }])),
  cellOf: new Map(Object.entries(cellOf)),
});

describe('labels', () => {
  it('names cells by number', () => {
    expect([0, 1, 9, 10, 998].map(labelAt)).toEqual(['第1网格', '第2网格', '第10网格', '第11网格', '第999网格']);
    expect(['第1网格', '第12网格', 'A', '第0网格', '1'].map(labelNumber)).toEqual([1, 12, null, null, null]);
  });
  it('picks the lowest number neither in use nor reserved, and sorts by number', () => {
    expect(nextFreeLabel(['第1网格', '第2网格', '第4网格'])).toBe('第3网格');
    expect(nextFreeLabel(['第1网格', '第2网格'], new Set(['第3网格', '第4网格']))).toBe('第5网格');
    expect(nextFreeLabel(['A', 'B'])).toBe('第1网格');
    expect(['第10网格', 'B', '第9网格', 'AA', '第1网格', 'A'].sort(compareLabels)).toEqual([
      '第1网格',
      '第9网格',
      '第10网格',
      'A',
      'B',
      'AA',
    ]);
  });
});

describe('diffStates / applyDiff / invertDiff', () => {
  const before = state({ A: false, B: true }, { b1: 'A', b2: 'A', b3: 'B' });
  const after = state({ A: false, C: false }, { b1: 'A', b2: 'C', b3: 'C', b4: 'A' });

  it('records cell and building changes both ways', () => {
    const diff = diffStates(before, after);
    expect(diff.cells).toEqual([
      { label: 'B', before: { locked: true }, after: null },
      { label: 'C', before: null, after: { locked: false } },
    ]);
    expect(diff.moves).toEqual([
      ['b2', 'A', 'C'],
      ['b3', 'B', 'C'],
      ['b4', null, 'A'],
    ]);
  });

  it('goes forward and back to the same states', () => {
    const diff = diffStates(before, after);
    expect(applyDiff(before, diff)).toEqual(after);
    expect(applyDiff(after, invertDiff(diff))).toEqual(before);
    expect(isEmptyDiff(diffStates(after, after))).toBe(true);
  });

  it('refuses a diff made from another state', () => {
    const diff = diffStates(before, after);
    expect(() => applyDiff(after, diff)).toThrow(/not in/);
  });
});

describe('edit history', () => {
  const log = (applied: number, undone: number) =>
    Array.from({ length: applied + undone }, (_, i) => ({ seq: i + 1, undone: i >= applied }));

  it('undoes the last applied edit and redoes the first undone one', () => {
    expect(undoTarget(log(3, 2))).toBe(3);
    expect(redoTarget(log(3, 2))).toBe(4);
    expect(undoTarget(log(0, 2))).toBeNull();
    expect(redoTarget(log(2, 0))).toBeNull();
    expect(historyStatus(log(1, 1))).toEqual({ applied: 1, undone: 1, canUndo: true, canRedo: true });
  });

  it('discards the redo branch when a new edit is made', () => {
    expect(appendPlan(log(2, 3))).toEqual({ seq: 3, discard: [3, 4, 5] });
    expect(appendPlan([])).toEqual({ seq: 1, discard: [] });
  });

  it('rejects a log with a hole or an applied edit after an undone one', () => {
    expect(() => historyStatus([{ seq: 2, undone: false }])).toThrow(/hole/);
    expect(() =>
      historyStatus([
        { seq: 1, undone: true },
        { seq: 2, undone: false },
      ]),
    ).toThrow(/after an undone/);
  });
});
