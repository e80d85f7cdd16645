import { describe, expect, it } from 'vitest';
import { buildingCode, cellCodes, isBuildingCode, isCellCode, isCommunityCode } from '../../../server/src/domain/grid/codes';

const COMMUNITY = '321012100006';

describe('cellCodes', () => {
  it('numbers a 2×3 layout west to east, north to south, whatever the input order', () => {
    // Rows 400 m apart, columns 300 m apart, each centroid jittered by up to 60 m.
    const layout = [
      { name: 'south-east', x: 610, y: -20 },
      { name: 'north-west', x: -40, y: 430 },
      { name: 'south-west', x: 30, y: 55 },
      { name: 'north-east', x: 580, y: 380 },
      { name: 'south-middle', x: 290, y: -50 },
      { name: 'north-middle', x: 320, y: 410 },
    ];
    const codes = cellCodes(COMMUNITY, layout);
    const byCode = Object.fromEntries(layout.map((cell, i) => [codes[i], cell.name]));
    expect(byCode).toEqual({
      '321012100006001': 'north-west',
      '321012100006002': 'north-middle',
      '321012100006003': 'north-east',
      '321012100006004': 'south-west',
      '321012100006005': 'south-middle',
      '321012100006006': 'south-east',
    });
  });

  it('reads a staggered row as one row even when a cell further east sits highest', () => {
    const codes = cellCodes(COMMUNITY, [
      { x: 0, y: 0 },
      { x: 200, y: 70 },
      { x: 400, y: -60 },
      { x: 100, y: -400 },
    ]);
    expect(codes).toEqual(['321012100006001', '321012100006002', '321012100006003', '321012100006004']);
  });

  it('accepts an explicit band height', () => {
    const codes = cellCodes(
      COMMUNITY,
      [
        { x: 100, y: 0 },
        { x: 0, y: -30 },
      ],
      10,
    );
    expect(codes).toEqual(['321012100006001', '321012100006002']);
  });

  it('returns nothing for no cells and throws past 999 cells or for a bad community code', () => {
    expect(cellCodes(COMMUNITY, [])).toEqual([]);
    expect(() =>
      cellCodes(
        COMMUNITY,
        Array.from({ length: 1000 }, (_, i) => ({ x: i, y: 0 })),
      ),
    ).toThrow(RangeError);
    expect(() => cellCodes('32101210000', [{ x: 0, y: 0 }])).toThrow(RangeError);
  });
});

describe('buildingCode', () => {
  it('appends a zero-padded 5-digit sequence', () => {
    expect(buildingCode(COMMUNITY, 42)).toBe('32101210000600042');
    expect(buildingCode(COMMUNITY, 99999)).toBe('32101210000699999');
  });

  it('rejects sequences that do not fit and malformed community codes', () => {
    expect(() => buildingCode(COMMUNITY, 0)).toThrow(RangeError);
    expect(() => buildingCode(COMMUNITY, 100000)).toThrow(RangeError);
    expect(() => buildingCode(COMMUNITY, 1.5)).toThrow(RangeError);
    expect(() => buildingCode('32101210000A', 1)).toThrow(RangeError);
  });
});

describe('code validators', () => {
  it('accept digit strings of the exact length only', () => {
    expect(isCommunityCode('321012100006')).toBe(true);
    expect(isCellCode('321012100006001')).toBe(true);
    expect(isBuildingCode('32101210000600001')).toBe(true);
    expect(isCommunityCode('32101210000')).toBe(false);
    expect(isCellCode('3210121000060011')).toBe(false);
    expect(isBuildingCode('3210121000060000a')).toBe(false);
    expect(isCommunityCode(' 321012100006')).toBe(false);
  });

  it('reject numbers even when their digits would match', () => {
    expect(isCommunityCode(321012100006)).toBe(false);
    expect(isCellCode(321012100006001)).toBe(false);
    expect(isBuildingCode(null)).toBe(false);
  });
});
