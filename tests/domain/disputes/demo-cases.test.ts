// The demo register: the same cases for the same seed, every status present, valid categories,
// party names that are nobody's name in the town, and office phones that are landlines.
import { describe, expect, it } from 'vitest';
import { generateTown, WORKER_COMMUNITY_CODE } from '../../../data/generator/index';
import { generateDisputes, generateOffices } from '../../../data/generator/disputes';
import { DISPUTE_CATEGORIES, DISPUTE_STATUSES } from '../../../server/src/contract/disputes';
import { TRANSITIONS } from '../../../server/src/domain/disputes/transitions';

const town = generateTown({});
const cases = generateDisputes(town, WORKER_COMMUNITY_CODE);

describe('demo disputes and hazards', () => {
  it('are deterministic for a seed', () => {
    expect(generateDisputes(generateTown({}), WORKER_COMMUNITY_CODE)).toEqual(cases);
  });

  it('cover every status, through allowed moves only, with categories of their kind', () => {
    expect(new Set(cases.map((c) => c.events.at(-1)!.toStatus))).toEqual(new Set(DISPUTE_STATUSES));
    for (const c of cases) {
      expect((DISPUTE_CATEGORIES[c.kind] as readonly string[]).includes(c.category)).toBe(true);
      expect(c.events[0]).toMatchObject({ fromStatus: null, toStatus: 'reported' });
      for (const e of c.events.slice(1)) expect(TRANSITIONS[e.fromStatus!]).toContain(e.toStatus);
      // events run forward in time
      expect(c.events.map((e) => -e.daysAgo)).toEqual([...c.events.map((e) => -e.daysAgo)].sort((a, b) => a - b));
    }
  });

  it('name parties that are nobody in the town, and hazards have none', () => {
    const people = new Set(town.people.map((p) => p.name));
    expect(cases.flatMap((c) => c.parties).filter((n) => people.has(n))).toEqual([]);
    expect(cases.filter((c) => c.kind === 'hazard').every((c) => c.parties.length === 0)).toBe(true);
  });

  it('give every community an office landline (area code 0514), never a mobile number', () => {
    const offices = generateOffices(town);
    expect(offices.map((o) => o.communityCode)).toEqual(town.communities.map((c) => c.code));
    expect(offices.every((o) => /^0514-8\d{7}$/.test(o.phone))).toBe(true);
  });
});
