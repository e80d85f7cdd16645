import { describe, expect, it } from 'vitest';
import { codeRange, inScope, narrowPrefix } from '../../server/src/domain/access/scope';

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
