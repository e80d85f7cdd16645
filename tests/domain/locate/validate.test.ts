import { describe, expect, it } from 'vitest';
import { locateProblemSchema, validateLocateProblem } from '../../../server/src/domain/locate';

const valid = {
  problem: 'p-median',
  p: 2,
  demand: [
    { id: 'a', weight: 3 },
    { id: 'b', weight: 1 },
  ],
  sites: [{ id: 'x' }, { id: 'y', fixed: true }, { id: 'z' }],
  cost: [
    [1, 2, 3],
    [4, 5, 6],
  ],
};

function errorsOf(json: unknown): { path: string; message: string }[] {
  const result = validateLocateProblem(json);
  if (result.ok) throw new Error('expected the problem to be rejected');
  return result.errors;
}

describe('validateLocateProblem', () => {
  it('accepts a well-formed problem and fills defaults', () => {
    const result = validateLocateProblem(valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.problem.sites.map((site) => site.fixed)).toEqual([false, true, false]);
  });

  it('normalises numeric ids to strings', () => {
    const result = validateLocateProblem({ ...valid, demand: [{ id: 7, weight: 1 }, { id: '007', weight: 1 }] });
    expect(result.ok && result.problem.demand.map((d) => d.id)).toEqual(['7', '007']);
  });

  it('names the cost row whose length does not match the sites', () => {
    const sites = [{ id: 's0' }, { id: 's1' }, { id: 's2' }, { id: 's3' }, { id: 's4' }];
    const demand = [0, 1, 2, 3].map((i) => ({ id: `d${i}`, weight: 1 }));
    const cost = [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1]];
    expect(errorsOf({ ...valid, sites, demand, cost })).toEqual([{ path: 'cost[3]', message: 'cost[3] has 4 entries, expected 5 sites' }]);
  });

  it('rejects a cost matrix with the wrong number of rows', () => {
    expect(errorsOf({ ...valid, cost: [[1, 2, 3]] })[0]?.message).toBe('cost has 1 rows, expected 2 (one per demand)');
  });

  it('rejects p larger than the number of sites', () => {
    expect(errorsOf({ ...valid, p: 4 })).toContainEqual({ path: 'p', message: 'p = 4 exceeds the number of sites (3)' });
  });

  it('rejects p smaller than the number of fixed sites', () => {
    const sites = [{ id: 'x', fixed: true }, { id: 'y', fixed: true }, { id: 'z' }];
    expect(errorsOf({ ...valid, p: 1, sites })).toContainEqual({ path: 'p', message: 'p = 1 is less than the number of fixed sites (2)' });
  });

  it('rejects duplicate demand and site ids, naming both positions', () => {
    const errors = errorsOf({
      ...valid,
      demand: [{ id: 'a', weight: 1 }, { id: 'a', weight: 2 }],
      sites: [{ id: 'x' }, { id: 'x' }, { id: 'z' }],
    });
    expect(errors).toContainEqual({ path: 'demand[1].id', message: 'demand[1].id "a" duplicates demand[0].id' });
    expect(errors).toContainEqual({ path: 'sites[1].id', message: 'sites[1].id "x" duplicates sites[0].id' });
  });

  it('rejects a negative weight naming the demand', () => {
    const errors = errorsOf({ ...valid, demand: [{ id: 'a', weight: 3 }, { id: 'b', weight: -1 }] });
    expect(errors).toEqual([{ path: 'demand[1].weight', message: 'demand[1].weight: weight must be ≥ 0' }]);
  });

  it('rejects NaN and Infinity naming the cell or field', () => {
    expect(errorsOf({ ...valid, cost: [[1, Number.NaN, 3], [4, 5, 6]] })).toEqual([
      { path: 'cost[0][1]', message: 'cost[0][1]: cost must be a finite number' },
    ]);
    expect(errorsOf({ ...valid, demand: [{ id: 'a', weight: Infinity }, { id: 'b', weight: 1 }] })[0]?.path).toBe('demand[0].weight');
  });

  it('requires a radius for mclp only', () => {
    expect(errorsOf({ ...valid, problem: 'mclp' })).toEqual([{ path: 'radius', message: 'radius is required when problem is "mclp"' }]);
    expect(validateLocateProblem({ ...valid, problem: 'mclp', radius: 2 }).ok).toBe(true);
  });

  it('rejects an unknown problem kind and a fractional p', () => {
    const errors = errorsOf({ ...valid, problem: 'p-centre', p: 1.5 });
    expect(errors.map((e) => e.path).sort()).toEqual(['p', 'problem']);
  });

  it('exposes the schema for routes (parse throws on bad input)', () => {
    expect(() => locateProblemSchema.parse({ ...valid, p: 0 })).toThrow(/p must be at least 1/);
  });
});
