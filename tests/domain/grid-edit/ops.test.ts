import { describe, expect, it } from 'vitest';
import { drawCell, mergeCells, moveBuildings, setLock, splitCell, type Adjacency } from '../../../server/src/domain/grid-edit/ops';
import type { PlanState } from '../../../server/src/domain/grid-edit/state';

// A row of six buildings b1..b6, each touching the next: cells A = b1 b2, B = b3 b4, C = b5 b6.
const row: Adjacency[] = [1, 2, 3, 4, 5].map((i) => ({ a: `b${i}`, b: `b${i + 1}`, sharedMetres: 10 }));
const plan = (): PlanState => ({
  cells: new Map([
    ['A', { locked: false }],
    ['B', { locked: false }],
    ['C', { locked: true }],
  ]),
  cellOf: new Map([
    ['b1', 'A'],
    ['b2', 'A'],
    ['b3', 'B'],
    ['b4', 'B'],
    ['b5', 'C'],
    ['b6', 'C'],
  ]),
});

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`edit refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

describe('moveBuildings', () => {
  it('moves into an existing cell and drops a cell it empties', () => {
    const { state } = ok(moveBuildings(plan(), ['b3', 'b4'], 'A'));
    expect([...state.cells.keys()]).toEqual(['A', 'C']);
    expect(state.cellOf.get('b4')).toBe('A');
  });
  it('creates a new cell with the first free number', () => {
    const { state, target } = ok(moveBuildings(plan(), ['b2'], null));
    expect(target).toBe('第1网格');
    expect(state.cellOf.get('b2')).toBe('第1网格');
  });
  it('never gives a new cell a number the community has published before', () => {
    const reserved = new Set(['第1网格', '第2网格', '第4网格']);
    const { state, target } = ok(moveBuildings({ ...plan(), reserved }, ['b2'], null));
    expect(target).toBe('第3网格');
    const again = ok(moveBuildings(state, ['b4'], null));
    expect(again.target).toBe('第5网格');
    expect([...again.state.cells.keys()].sort()).toEqual(['A', 'B', 'C', '第3网格', '第5网格']);
  });
  it('refuses an unknown cell and an empty selection', () => {
    expect(moveBuildings(plan(), ['b1'], 'Q')).toMatchObject({ ok: false, reason: 'unknown_cell', params: { cell: 'Q' } });
    expect(moveBuildings(plan(), [], 'A')).toMatchObject({ ok: false, reason: 'nothing_selected' });
  });
});

describe('mergeCells', () => {
  it('merges touching cells into the first', () => {
    const { state } = ok(mergeCells(plan(), ['B', 'A'], row));
    expect([...state.cells.keys()].sort()).toEqual(['B', 'C']);
    expect(state.cellOf.get('b1')).toBe('B');
  });
  it('refuses cells that do not touch', () => {
    expect(mergeCells(plan(), ['A', 'C'], row)).toMatchObject({ ok: false, reason: 'not_adjacent', params: { cells: ['C'], into: 'A' } });
  });
  it('accepts a chain A-B-C in any order', () => {
    const { state } = ok(mergeCells(plan(), ['A', 'C', 'B'], row));
    expect(new Set(state.cellOf.values())).toEqual(new Set(['A']));
    expect(state.cells.get('A')?.locked).toBe(false);
  });
});

describe('splitCell', () => {
  it('keeps the label for the first group and makes new cells for the rest', () => {
    const { state } = ok(splitCell(plan(), 'C', [['b5'], ['b6']]));
    expect(state.cellOf.get('b5')).toBe('C');
    expect(state.cellOf.get('b6')).toBe('第1网格');
    expect(state.cells.get('第1网格')?.locked).toBe(true);
    expect(state.cellOf.get('b1')).toBe('A');
    expect(state.cellOf.get('b3')).toBe('B');
  });
  it('refuses a split that leaves everything on one side, or names a building of another cell', () => {
    expect(splitCell(plan(), 'A', [['b1', 'b2'], []])).toMatchObject({ ok: false, reason: 'no_split' });
    expect(splitCell(plan(), 'A', [['b1'], ['b3']])).toMatchObject({
      ok: false,
      reason: 'not_in_cell',
      params: { building: 'b3', cell: 'A' },
    });
  });
});

describe('drawCell', () => {
  it('adds the buildings inside the outline to the cell', () => {
    const { state } = ok(drawCell(plan(), 'A', ['b3'], false, row));
    expect(state.cellOf.get('b3')).toBe('A');
    expect(state.cellOf.get('b1')).toBe('A');
  });
  it('with replace, hands buildings left outside to the neighbour they share most with', () => {
    // A becomes b2 b3 only: b1 touches only b2 (now A) so it reaches no other cell.
    const { state } = ok(drawCell(plan(), 'B', ['b2', 'b3'], true, row));
    expect(state.cellOf.get('b4')).toBe('C');
    expect(state.cellOf.get('b1')).toBe('A');
    expect(state.cellOf.get('b2')).toBe('B');
  });
  it('leaves a building unassigned when it reaches no other cell', () => {
    const lone = plan();
    lone.cellOf.set('b1', 'B');
    lone.cellOf.set('b2', 'B');
    lone.cells.delete('A');
    const { state } = ok(drawCell(lone, 'B', ['b3', 'b4'], true, row));
    expect(state.cellOf.has('b1')).toBe(false);
    expect(state.cellOf.has('b2')).toBe(false);
  });
  it('refuses an outline with no building', () => {
    expect(drawCell(plan(), 'A', [], false, row)).toMatchObject({ ok: false, reason: 'outline_empty' });
  });
});

describe('setLock', () => {
  it('locks and unlocks a cell', () => {
    expect(ok(setLock(plan(), 'A', true)).state.cells.get('A')).toEqual({ locked: true });
    expect(setLock(plan(), 'Z', true)).toMatchObject({ ok: false, reason: 'unknown_cell' });
  });
});
