// The public page's scorecard summary: one community's figures against the year's targets.
import { describe, expect, it } from 'vitest';
import type { Scorecard } from '../../../server/src/contract/scorecard';
import { publicScorecardSummary } from '../../../server/src/domain/scorecard/public-summary';

const card: Scorecard = {
  year: 2008,
  targets: [
    { key: 'service_items', target: 15, comparator: '>=', townValue: 16, communitiesMeeting: 1, communitiesTotal: 2, met: null },
    { key: 'resident_satisfaction', target: 85, comparator: '>=', townValue: 80, communitiesMeeting: 0, communitiesTotal: 2, met: false },
    { key: 'green_provincial', target: 1, comparator: '=', townValue: 0.5, communitiesMeeting: 1, communitiesTotal: 2, met: true },
  ],
  communities: [
    {
      code: '321012100001',
      name: '甲',
      indicators: {
        service_items: { value: 16, target: 15, met: true, source: 'entered' },
        resident_satisfaction: { value: 80, target: 85, met: false, source: 'entered' },
        green_provincial: { value: null, target: 1, met: null, source: 'entered' },
      },
      grade: { class: 'B', level: 2 },
    },
  ],
};

describe('publicScorecardSummary', () => {
  it('lists every target with the community’s value and verdict, in the card’s order, and counts 1 met of 2 with data, 3 in all', () => {
    expect(publicScorecardSummary(card, '321012100001')).toEqual({
      year: 2008,
      targetsMet: 1,
      targetsWithData: 2,
      targetsTotal: 3,
      indicators: [
        { key: 'service_items', unit: 'count', comparator: '>=', target: 15, value: 16, met: true },
        { key: 'resident_satisfaction', unit: 'percent', comparator: '>=', target: 85, value: 80, met: false },
        { key: 'green_provincial', unit: 'status', comparator: '=', target: 1, value: null, met: null },
      ],
    });
  });

  it('is null for a community the card does not hold', () => {
    expect(publicScorecardSummary(card, '321012100099')).toBeNull();
  });
});
