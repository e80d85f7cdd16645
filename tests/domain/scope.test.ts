import { describe, expect, it } from 'vitest';
import { codeRange, inScope, narrowPrefix } from '../../server/src/domain/access/scope';
import { communitiesRange } from '../../server/src/db/scope';

describe('codeRange', () => {
  it('raises the last digit of the prefix for the range’s end', () => {
    expect(codeRange('3210')).toEqual(['3210', '3211']);
    expect(codeRange('321012100')).toEqual(['321012100', '321012101']);
  });

  it('carries over nines like a number', () => {
    expect(codeRange('321099')).toEqual(['321099', '321100']);
    expect(codeRange('3299')).toEqual(['3299', '3300']);
  });

  it('ends a prefix of nines, or no prefix, after every digit string', () => {
    expect(codeRange('99')).toEqual(['99', '99A']);
    expect(codeRange('')).toEqual(['', 'A']);
  });

  it('holds exactly the codes of a column (one length) that start with the prefix, checked against its neighbours', () => {
    const codes = ['320999999999', '321000000000', '321012100001', '321090000000', '321099999999', '321100000000', '321109000000'];
    for (const prefix of ['3210', '32109', '321099', '3209']) {
      const [from, to] = codeRange(prefix);
      for (const code of codes) expect(code >= from && code < to, `${code} in ${prefix}`).toBe(code.startsWith(prefix));
    }
  });
});

describe('narrowPrefix', () => {
  it('keeps a prefix inside the scope, narrows a wider one to the scope, and finds disjoint ones', () => {
    expect(narrowPrefix('321012', '321012100')).toBe('321012100');
    expect(narrowPrefix('321012', '32')).toBe('321012');
    expect(narrowPrefix('321012', '')).toBe('321012');
    expect(narrowPrefix('321012', '321013')).toBeNull();
    expect(narrowPrefix(null, '3213')).toBe('3213');
  });

  it('lets an unscoped account reach everything', () => {
    expect(inScope(null, '329901001001')).toBe(true);
    expect(inScope('3210', '329901001001')).toBe(false);
    expect(inScope('3299', '329901001001')).toBe(true);
  });
});

describe('communitiesRange', () => {
  const inside = ([from, to]: [string, string], code: string) => code >= from && code < to;

  it('holds the buildings and compounds of every listed community, in any order, and none before the first or after the last', () => {
    const range = communitiesRange(['321012100033', '321012100001', '321012100019']);
    for (const code of ['321012100001', '321012100001-001', '32101210000100001', '321012100033', '32101210003399999', '321012100033-999'])
      expect(inside(range, code), code).toBe(true);
    for (const code of ['321012099999', '32101209999999999', '321012100034', '32101210003400001', '321012100034-001'])
      expect(inside(range, code), code).toBe(false);
  });

  it('ends a community of nines after all of its codes', () => {
    const range = communitiesRange(['321012199999']);
    expect(inside(range, '32101219999912345')).toBe(true);
    expect(inside(range, '32101220000000001')).toBe(false);
  });

  it('holds every code for the whole installation', () => {
    expect(inside(communitiesRange(null), '99999999999999999')).toBe(true);
    expect(inside(communitiesRange(null), '11000000000000001')).toBe(true);
  });
});
