import { describe, expect, it } from 'vitest';
import { bandsProblem, gradeChange, gradeFor, rewardFor, weightedScore, type Band } from '../../../server/src/domain/grading/grades';
import { evaluateRound } from '../../../server/src/domain/grading/round';

const equal = { self: 1, assessment: 1, mutual: 1, residents: 1 };
const bands: Band[] = [
  { class: 'A', level: 1, minScore: 95 },
  { class: 'A', level: 2, minScore: 90 },
  { class: 'A', level: 3, minScore: 85 },
  { class: 'B', level: 1, minScore: 80 },
  { class: 'B', level: 2, minScore: 75 },
  { class: 'B', level: 3, minScore: 70 },
  { class: 'C', level: 1, minScore: 65 },
  { class: 'C', level: 2, minScore: 60 },
  { class: 'C', level: 3, minScore: 0 },
];
const rewards = { perLevelYuan: 2000, perClassYuan: 5000 };

describe('weightedScore', () => {
  it('equal weights give the plain mean: (90 + 80 + 70 + 60) / 4 = 75', () => {
    expect(weightedScore({ self: 90, assessment: 80, mutual: 70, residents: 60 }, equal)).toBe(75);
  });
  it('weights count: assessment ×2 → (90 + 160 + 70 + 60) / 5 = 76', () => {
    expect(weightedScore({ self: 90, assessment: 80, mutual: 70, residents: 60 }, { ...equal, assessment: 2 })).toBe(76);
  });
  it('a missing source leaves the score open instead of counting it as 0', () => {
    expect(weightedScore({ self: 90, assessment: 80, mutual: null, residents: 60 }, equal)).toBeNull();
  });
  it('rounds to two decimals: (85 + 85 + 85 + 84.99) / 4 = 84.9975 → 85', () => {
    expect(weightedScore({ self: 85, assessment: 85, mutual: 85, residents: 84.99 }, equal)).toBe(85);
  });
});

describe('gradeFor', () => {
  it('a score on a band boundary gets the better band (tie goes up)', () => {
    expect(gradeFor(75, bands)).toEqual({ class: 'B', level: 2 });
    expect(gradeFor(95, bands)).toEqual({ class: 'A', level: 1 });
  });
  it('just below a boundary stays in the lower band', () => {
    expect(gradeFor(74.99, bands)).toEqual({ class: 'B', level: 3 });
    expect(gradeFor(0, bands)).toEqual({ class: 'C', level: 3 });
  });
  it('bands may come in any order', () => {
    expect(gradeFor(88, [...bands].reverse())).toEqual({ class: 'A', level: 3 });
  });
  it('checks a band table', () => {
    expect(bandsProblem(bands)).toBeNull();
    expect(bandsProblem(bands.slice(1))).not.toBeNull();
    expect(bandsProblem(bands.map((b) => (b.class === 'B' && b.level === 2 ? { ...b, minScore: 81 } : b)))).not.toBeNull();
  });
});

describe('changes and rewards', () => {
  it('a level up within a class is a promotion: B3 → B2 earns one level', () => {
    expect(gradeChange({ class: 'B', level: 3 }, { class: 'B', level: 2 })).toBe('promoted');
    expect(rewardFor({ class: 'B', level: 3 }, { class: 'B', level: 2 }, rewards)).toBe(2000);
  });
  it('into a better class is a class promotion: B1 → A3 = 1 level + 1 class', () => {
    expect(gradeChange({ class: 'B', level: 1 }, { class: 'A', level: 3 })).toBe('class_up');
    expect(rewardFor({ class: 'B', level: 1 }, { class: 'A', level: 3 }, rewards)).toBe(7000);
  });
  it('C3 → A3 gains six levels and two classes', () => {
    expect(rewardFor({ class: 'C', level: 3 }, { class: 'A', level: 3 }, rewards)).toBe(6 * 2000 + 2 * 5000);
  });
  it('same grade and demotions earn nothing', () => {
    expect(gradeChange({ class: 'C', level: 2 }, { class: 'C', level: 2 })).toBe('same');
    expect(gradeChange({ class: 'A', level: 2 }, { class: 'B', level: 1 })).toBe('demoted');
    expect(rewardFor({ class: 'A', level: 2 }, { class: 'B', level: 1 }, rewards)).toBe(0);
  });
  it('no previous grade (the first year) is no change and no reward', () => {
    expect(gradeChange(null, { class: 'A', level: 1 })).toBeNull();
    expect(rewardFor(null, { class: 'A', level: 1 }, rewards)).toBeNull();
  });
});

describe('evaluateRound', () => {
  it('proposes, compares and reports the round incomplete while a source is missing', () => {
    const round = evaluateRound({
      weights: equal,
      bands,
      rewards,
      communities: [
        { code: '321012100001', name: '甲' },
        { code: '321012100002', name: '乙' },
      ],
      scores: [
        ...(['self', 'assessment', 'mutual', 'residents'] as const).map((source) => ({ communityCode: '321012100001', source, score: 86 })),
        { communityCode: '321012100002', source: 'self', score: 99 },
      ],
      previous: [{ code: '321012100001', class: 'B', level: 1 }],
    });
    expect(round.complete).toBe(false);
    expect(round.communities[0]).toMatchObject({ weighted: 86, proposed: { class: 'A', level: 3 }, change: 'class_up', reward: 7000 });
    expect(round.communities[1]).toMatchObject({
      scores: { self: 99, assessment: null, mutual: null, residents: null },
      weighted: null,
      proposed: null,
      change: null,
      reward: null,
    });
  });
});
