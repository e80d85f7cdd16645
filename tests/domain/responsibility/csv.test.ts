import { describe, expect, it } from 'vitest';
import {
  assignmentRow,
  partyOrgRow,
  readRegister,
  REGISTER_COLUMNS,
  volunteerTeamRow,
  writeRegister,
} from '../../../server/src/domain/responsibility/csv';

describe('register CSV', () => {
  it('writes a BOM and quotes what needs quoting, and reads it back unchanged', () => {
    const rows = [
      {
        community_code: '321012100006',
        name: '引江社区"便民"队, 一队',
        category: 'convenience',
        leader_person_id: 12,
        member_person_ids: [12, 13, 40],
        compound_codes: ['321012100006-001'],
        cell_codes: [],
      },
      {
        community_code: '321012100006',
        name: '卫生保健队',
        category: 'health',
        leader_person_id: null,
        member_person_ids: [],
        compound_codes: [],
        cell_codes: ['321012100006002'],
      },
    ];
    const text = writeRegister(REGISTER_COLUMNS.volunteerTeams, rows);
    expect(text.startsWith('\uFEFFcommunity_code,name,category')).toBe(true);
    const back = readRegister(text, volunteerTeamRow);
    expect(back.problems).toEqual([]);
    expect(back.rows.map((r) => r.value)).toEqual(rows);
    expect(back.rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it('names the spreadsheet row and column of every bad cell', () => {
    const text = 'cell_code,person_id,role\r\n321012100006001,7,grid_worker\r\n32101210000600,x,boss\r\n';
    const { rows, problems } = readRegister(text, assignmentRow);
    expect(rows).toEqual([{ row: 2, value: { cell_code: '321012100006001', person_id: 7, role: 'grid_worker' } }]);
    expect(problems.map((p) => `${p.row}:${p.field}:${p.code}`).sort()).toEqual([
      '3:cell_code:csv.bad_value',
      '3:person_id:csv.bad_value',
      '3:role:csv.not_one_of',
    ]);
    expect(problems.find((p) => p.field === 'role')!.params).toMatchObject({ column: 'role', value: 'boss' });
  });

  it('reads headers in any case, empty optional cells as null, and lists split on spaces or semicolons', () => {
    const text =
      'REF,Parent_Ref,community_code,level,scope,name,compound_code,secretary_person_id,building_codes\n' +
      'g,,321012100006,general_branch,community,引江社区党总支,,,\n' +
      'b1,g,321012100006,branch,compound,金鹰雅苑党支部,321012100006-001,5,32101210000600001;32101210000600002 32101210000600003\n';
    const { rows, problems } = readRegister(text, partyOrgRow);
    expect(problems).toEqual([]);
    expect(rows[0].value).toMatchObject({ ref: 'g', parent_ref: null, compound_code: null, secretary_person_id: null, building_codes: [] });
    expect(rows[1].value).toMatchObject({
      parent_ref: 'g',
      secretary_person_id: 5,
      building_codes: ['32101210000600001', '32101210000600002', '32101210000600003'],
    });
  });

  it('names a missing required cell as missing', () => {
    const { problems } = readRegister('cell_code,role\r\n321012100006001,liaison\r\n', assignmentRow);
    expect(problems).toMatchObject([{ row: 2, field: 'person_id', code: 'csv.missing_value', params: { column: 'person_id' } }]);
  });

  it('refuses a file without a header row and files over the row limit', () => {
    expect(readRegister('', assignmentRow).problems[0]).toMatchObject({ row: 1, code: 'csv.no_header' });
    const big = 'cell_code,person_id,role\n' + '321012100006001,1,liaison\n'.repeat(6);
    expect(readRegister(big, assignmentRow, 5).problems[0]).toMatchObject({ code: 'csv.too_many_rows', params: { maxRows: 5 } });
  });
});
