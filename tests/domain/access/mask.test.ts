import { describe, expect, it } from 'vitest';
import { maskPhone, peopleSearchReach, seesPersonalData } from '../../../server/src/domain/access/mask';

describe('personal data rules', () => {
  it('masks a mobile number to its first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0514-8765')).toBe('051****8765');
    expect(maskPhone('8765')).toBe('**65');
    expect(maskPhone(null)).toBeNull();
  });

  it('lets a worker see phones only in their own cells', () => {
    const worker = { role: 'worker' };
    expect(seesPersonalData(worker, '321012100006-001', ['321012100006-001'])).toBe(true);
    expect(seesPersonalData(worker, '321012100006-002', ['321012100006-001'])).toBe(false);
    expect(seesPersonalData({ role: 'official' }, '321012100006-001', ['321012100006-001'])).toBe(false);
    expect(seesPersonalData(null, '321012100006-001', [])).toBe(false);
  });

  it('decides whose homes a people search may show, by role', () => {
    expect(peopleSearchReach(null)).toBeNull();
    expect(peopleSearchReach({ role: 'viewer' })).toBeNull();
    expect(peopleSearchReach({ role: 'admin' })).toBe('all');
    expect(peopleSearchReach({ role: 'planner' })).toBe('all');
    expect(peopleSearchReach({ role: 'worker' })).toBe('own-cells');
    expect(peopleSearchReach({ role: 'official' })).toBe('none');
  });
});
