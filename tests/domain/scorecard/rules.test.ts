import { describe, expect, it } from 'vitest';
import { meets, requiredCommunities, townResult, townValue } from '../../../server/src/domain/scorecard/rules';
import { assembleScorecard, type TargetInput } from '../../../server/src/domain/scorecard/assemble';

describe('meets', () => {
  it('≥: at, above and below the target', () => {
    expect(meets(15, '>=', 15)).toBe(true);
    expect(meets(16, '>=', 15)).toBe(true);
    expect(meets(14, '>=', 15)).toBe(false);
  });
  it('≤: petitions caused by work failures must be 0', () => {
    expect(meets(0, '<=', 0)).toBe(true);
    expect(meets(1, '<=', 0)).toBe(false);
  });
  it('=: a status is met only when held', () => {
    expect(meets(1, '=', 1)).toBe(true);
    expect(meets(0, '=', 1)).toBe(false);
  });
  it('tolerates binary noise on percentages (0.1 + 0.2 style)', () => {
    expect(meets(97.99999999999999, '>=', 98)).toBe(true);
  });
  it('missing data is unknown, not a failure', () => {
    expect(meets(null, '>=', 15)).toBeNull();
    expect(meets(null, '<=', 0)).toBeNull();
  });
});

describe('town targets', () => {
  it('80% of 22 communities is 18 (17.6 rounded up); 60% of 22 is 14', () => {
    expect(requiredCommunities({ share: 0.8, count: null }, 22)).toBe(18);
    expect(requiredCommunities({ share: 0.6, count: null }, 22)).toBe(14);
    expect(requiredCommunities({ share: null, count: 7 }, 22)).toBe(7);
    expect(requiredCommunities({ share: null, count: null }, 22)).toBe(22);
  });
  it('is met once enough communities meet it, whatever the unknowns', () => {
    expect(townResult([true, true, null, false], { share: null, count: 2 })).toEqual({
      communitiesMeeting: 2,
      communitiesTotal: 4,
      met: true,
    });
  });
  it('is unknown while missing values could still tip it', () => {
    expect(townResult([true, null, null, false], { share: null, count: 2 })).toEqual({
      communitiesMeeting: 1,
      communitiesTotal: 4,
      met: null,
    });
  });
  it('fails when even every unknown meeting it would not be enough', () => {
    expect(townResult([true, false, null, false], { share: 0.75, count: null }).met).toBe(false);
  });
  it('without a share or count every community must meet it', () => {
    expect(townResult([true, true, true], { share: null, count: null }).met).toBe(true);
    expect(townResult([true, true, false], { share: null, count: null }).met).toBe(false);
  });
  it('the town value is the mean of known values only', () => {
    expect(townValue([80, null, 90])).toBe(85);
    expect(townValue([null, null])).toBeNull();
  });
});

describe('assembleScorecard', () => {
  const targets: TargetInput[] = [
    { key: 'service_items', comparator: '>=', target: 15, townShare: null, townCount: null },
    { key: 'housing_standard', comparator: '=', target: 1, townShare: null, townCount: null },
    { key: 'petitions_work_failure', comparator: '<=', target: 0, townShare: null, townCount: null },
  ];
  const card = assembleScorecard({
    year: 2008,
    targets,
    communities: [
      { code: '321012100001', name: '甲' },
      { code: '321012100002', name: '乙' },
    ],
    entered: [
      { communityCode: '321012100001', key: 'service_items', value: 16 },
      { communityCode: '321012100001', key: 'petitions_work_failure', value: 0 },
      // an entered value for a computed key is ignored when the register gives one
      { communityCode: '321012100002', key: 'housing_standard', value: 1 },
    ],
    computed: new Map([
      ['321012100001', { housing_standard: 1 }],
      ['321012100002', { housing_standard: 0 }],
    ]),
    grades: [{ code: '321012100002', class: 'B', level: 2 }],
  });

  it('takes entered values, leaves missing ones null and says where each came from', () => {
    const [a, b] = card.communities;
    expect(a.indicators.service_items).toEqual({ value: 16, target: 15, met: true, source: 'entered' });
    expect(b.indicators.service_items).toEqual({ value: null, target: 15, met: null, source: 'entered' });
    expect(b.indicators.housing_standard).toEqual({ value: 0, target: 1, met: false, source: 'computed' });
    expect(a.grade).toBeNull();
    expect(b.grade).toEqual({ class: 'B', level: 2 });
  });

  it('sums the town per target', () => {
    const byKey = Object.fromEntries(card.targets.map((t) => [t.key, t]));
    expect(byKey.service_items).toEqual({
      key: 'service_items',
      target: 15,
      comparator: '>=',
      townValue: 16,
      communitiesMeeting: 1,
      communitiesTotal: 2,
      met: null,
    });
    expect(byKey.housing_standard).toMatchObject({ townValue: 0.5, communitiesMeeting: 1, met: false });
    expect(byKey.petitions_work_failure).toMatchObject({ communitiesMeeting: 1, met: null });
  });
});
