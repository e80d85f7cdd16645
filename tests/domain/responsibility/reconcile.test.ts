import { describe, expect, it } from 'vitest';
import { previewOf, reconcile, sameSet } from '../../../server/src/domain/responsibility/reconcile';

type Stored = { id: number; name: string; size: number };
type Wanted = { name: string; size: number };
const keys = { stored: (s: Stored) => s.name, wanted: (w: Wanted) => w.name };
const same = (s: Stored, w: Wanted) => s.size === w.size;

describe('reconcile', () => {
  it('matches by key: unchanged, changed in place, added and removed', () => {
    const stored = [
      { id: 1, name: 'a', size: 1 },
      { id: 2, name: 'b', size: 2 },
      { id: 3, name: 'c', size: 3 },
    ];
    const wanted = [
      { name: 'a', size: 1 },
      { name: 'b', size: 20 },
      { name: 'd', size: 4 },
    ];
    const plan = reconcile(stored, wanted, keys, same);
    expect(plan).toEqual({
      add: [{ name: 'd', size: 4 }],
      change: [{ stored: { id: 2, name: 'b', size: 2 }, wanted: { name: 'b', size: 20 } }],
      remove: [{ id: 3, name: 'c', size: 3 }],
      unchanged: 1,
    });
    expect(previewOf(plan, keys, 'deleted', true)).toEqual({
      dryRun: true,
      added: { count: 1, keys: ['d'] },
      changed: { count: 1, keys: ['b'] },
      ended: { count: 0, keys: [] },
      deleted: { count: 1, keys: ['c'] },
      unchanged: 1,
    });
  });

  it('an empty file removes everything (the routes refuse such a file before this)', () => {
    const plan = reconcile([{ id: 1, name: 'a', size: 1 }], [], keys, same);
    expect(previewOf(plan, keys, 'ended', false)).toMatchObject({ ended: { count: 1, keys: ['a'] }, deleted: { count: 0 } });
  });

  it('a stored key that repeats (old data) keeps its first row and removes the others', () => {
    const stored = [
      { id: 1, name: 'a', size: 1 },
      { id: 2, name: 'a', size: 1 },
    ];
    const plan = reconcile(stored, [{ name: 'a', size: 1 }], keys, same);
    expect(plan.remove).toEqual([{ id: 2, name: 'a', size: 1 }]);
    expect(plan.unchanged).toBe(1);
  });

  it('compares lists as sets', () => {
    expect(sameSet(['b', 'a', 'a'], ['a', 'b'])).toBe(true);
    expect(sameSet([1, 2], ['2', '1'])).toBe(true);
    expect(sameSet(['a'], ['a', 'b'])).toBe(false);
  });
});
