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

/** Each problem as field, code and params (the English text is only a fallback). */
function errorsOf(json: unknown): { field: string; code: string; params: Record<string, unknown> }[] {
  const result = validateLocateProblem(json);
  if (result.ok) throw new Error('expected the problem to be rejected');
  return result.problems.map(({ field, code, params }) => ({ field, code, params }));
}

describe('validateLocateProblem', () => {
  it('accepts a well-formed problem and fills defaults', () => {
    const result = validateLocateProblem(valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.problem.sites.map((site) => site.fixed)).toEqual([false, true, false]);
  });

  it('normalises numeric ids to strings', () => {
    const result = validateLocateProblem({
      ...valid,
      demand: [
        { id: 7, weight: 1 },
        { id: '007', weight: 1 },
      ],
    });
    expect(result.ok && result.problem.demand.map((d) => d.id)).toEqual(['7', '007']);
  });

  it('names the cost row whose length does not match the sites', () => {
    const sites = [{ id: 's0' }, { id: 's1' }, { id: 's2' }, { id: 's3' }, { id: 's4' }];
    const demand = [0, 1, 2, 3].map((i) => ({ id: `d${i}`, weight: 1 }));
    const cost = [
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1],
    ];
    expect(errorsOf({ ...valid, sites, demand, cost })).toEqual([
      { field: 'cost.3', code: 'locate.cost_columns', params: { field: 'cost.3', row: 3, entries: 4, expected: 5 } },
    ]);
  });

  it('rejects a cost matrix with the wrong number of rows', () => {
    expect(errorsOf({ ...valid, cost: [[1, 2, 3]] })[0]).toMatchObject({
      field: 'cost',
      code: 'locate.cost_rows',
      params: { rows: 1, expected: 2 },
    });
  });

  it('rejects p larger than the number of sites', () => {
    expect(errorsOf({ ...valid, p: 4 })).toContainEqual({ field: 'p', code: 'locate.p_too_large', params: { field: 'p', p: 4, sites: 3 } });
  });

  it('rejects p smaller than the number of fixed sites', () => {
    const sites = [{ id: 'x', fixed: true }, { id: 'y', fixed: true }, { id: 'z' }];
    expect(errorsOf({ ...valid, p: 1, sites })).toContainEqual({
      field: 'p',
      code: 'locate.p_below_fixed',
      params: { field: 'p', p: 1, fixed: 2 },
    });
  });

  it('rejects duplicate demand and site ids, naming both positions', () => {
    const errors = errorsOf({
      ...valid,
      demand: [
        { id: 'a', weight: 1 },
        { id: 'a', weight: 2 },
      ],
      sites: [{ id: 'x' }, { id: 'x' }, { id: 'z' }],
    });
    expect(errors).toContainEqual({
      field: 'demand.1.id',
      code: 'locate.duplicate_id',
      params: { field: 'demand.1.id', id: 'a', list: 'demand' },
    });
    expect(errors).toContainEqual({
      field: 'sites.1.id',
      code: 'locate.duplicate_id',
      params: { field: 'sites.1.id', id: 'x', list: 'sites' },
    });
  });

  it('rejects a negative weight naming the demand', () => {
    const errors = errorsOf({
      ...valid,
      demand: [
        { id: 'a', weight: 3 },
        { id: 'b', weight: -1 },
      ],
    });
    expect(errors.map((e) => e.field)).toEqual(['demand.1.weight']);
  });

  it('rejects NaN and Infinity naming the cell or field', () => {
    expect(
      errorsOf({
        ...valid,
        cost: [
          [1, Number.NaN, 3],
          [4, 5, 6],
        ],
      }).map((e) => e.field),
    ).toEqual(['cost.0.1']);
    expect(
      errorsOf({
        ...valid,
        demand: [
          { id: 'a', weight: Infinity },
          { id: 'b', weight: 1 },
        ],
      })[0]?.field,
    ).toBe('demand.0.weight');
  });

  it('requires a radius for mclp only', () => {
    expect(errorsOf({ ...valid, problem: 'mclp' })).toEqual([
      { field: 'radius', code: 'locate.radius_required', params: { field: 'radius' } },
    ]);
    expect(validateLocateProblem({ ...valid, problem: 'mclp', radius: 2 }).ok).toBe(true);
  });

  it('rejects an unknown problem kind and a fractional p', () => {
    const errors = errorsOf({ ...valid, problem: 'p-centre', p: 1.5 });
    expect(errors.map((e) => e.field).sort()).toEqual(['p', 'problem']);
  });

  it('exposes the schema for routes (parse throws on bad input)', () => {
    expect(() => locateProblemSchema.parse({ ...valid, p: 0 })).toThrow();
  });
});
