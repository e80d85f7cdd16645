import { describe, expect, it } from 'vitest';
import { readIndicatorCsv } from '../../../server/src/domain/scorecard/csv';

const codes = new Set(['321012100001', '321012100002']);

describe('readIndicatorCsv', () => {
  it('reads a wide file with a BOM; empty cells are skipped; 98% reads as 98', () => {
    const csv = '\uFEFFcommunity_code,service_items,mediation_rate\n321012100001,16,98%\n321012100002,,97.5\n';
    expect(readIndicatorCsv(csv, codes)).toEqual({
      problems: [],
      values: [
        { communityCode: '321012100001', key: 'service_items', value: 16 },
        { communityCode: '321012100001', key: 'mediation_rate', value: 98 },
        { communityCode: '321012100002', key: 'mediation_rate', value: 97.5 },
      ],
    });
  });

  it('names every bad row and field and returns no values at all', () => {
    const csv = [
      'community_code,service_items,resident_satisfaction,full_reemployment,housing_standard,colour',
      '321012100001,16,90,1,,',
      '999999999999,10,80,0,,',
      '321012100002,12.5,101,2,,',
      '321012100001,abc,80,1,,',
    ].join('\n');
    const { values, problems } = readIndicatorCsv(csv, codes);
    expect(values).toEqual([]);
    expect(problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [1, 'housing_standard', 'scorecard.computed_not_entered'],
      [1, 'colour', 'scorecard.csv_unknown_column'],
      [3, 'community_code', 'scorecard.csv_unknown_community'],
      [4, 'service_items', 'scorecard.value_not_whole'],
      [4, 'resident_satisfaction', 'scorecard.value_out_of_range'],
      [4, 'full_reemployment', 'scorecard.value_out_of_range'],
      [5, 'community_code', 'scorecard.csv_duplicate_community'],
      [5, 'service_items', 'scorecard.csv_not_a_number'],
    ]);
  });
});
