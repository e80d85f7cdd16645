import { describe, expect, it } from 'vitest';
import { normaliseBuildingNumbers, searchTerms } from '../../server/src/domain/search/query';

describe('searchTerms', () => {
  it('splits at spaces and where a number starts, and leaves out the estate word', () => {
    expect(searchTerms('福星新村 4幢').tokens).toEqual(['福星新村', '4幢']);
    expect(searchTerms('福星新村 4幢').patterns).toEqual(['福星', '(^|[^0-9])4幢']);
    expect(searchTerms('福星4幢')).toEqual({ tokens: ['福星', '4幢'], patterns: ['福星', '(^|[^0-9])4幢'], words: ['福星', '4幢'] });
  });

  it('names the text each pattern needs literally, for the index to look up', () => {
    expect(searchTerms('福星新村 四栋').words).toEqual(['福星', '4幢']);
    expect(searchTerms('a+b(c) 丁').words).toEqual(['a+b(c)', '丁']);
  });

  it('keeps a two-character name that only looks like an estate word', () => {
    expect(searchTerms('花园').patterns).toEqual(['花园']);
    expect(searchTerms('小区').patterns).toEqual(['小区']);
  });

  it('escapes characters that mean something in a regular expression', () => {
    expect(searchTerms('a+b(c)').patterns).toEqual(['a\\+b\\(c\\)']);
  });
});

describe('normaliseBuildingNumbers', () => {
  it('writes 栋, 号楼, 座 and Chinese numerals as N幢', () => {
    expect(normaliseBuildingNumbers('4栋')).toBe('4幢');
    expect(normaliseBuildingNumbers('12 号楼')).toBe('12幢');
    expect(normaliseBuildingNumbers('三座')).toBe('3幢');
    expect(normaliseBuildingNumbers('十二栋')).toBe('12幢');
    expect(normaliseBuildingNumbers('二十幢')).toBe('20幢');
  });

  it('leaves numerals that are part of a name alone', () => {
    expect(normaliseBuildingNumbers('云峰二村')).toBe('云峰二村');
    expect(normaliseBuildingNumbers('人民路12号')).toBe('人民路12号');
  });
});
