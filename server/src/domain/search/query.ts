/**
 * Turns what someone types into the search box into patterns the database matches, so the way
 * people write addresses does not matter: spaces or none, 幢/栋/号楼/座 (and 三幢 for 3幢), and
 * with or without the estate word (福星新村 4幢, 福星4幢 and 福星 4栋 all find 福星新村4幢).
 */

/** Words that end an estate's or community's name and that people often leave out. */
const ESTATE_WORDS = ['新村', '小区', '花园', '家园', '花苑', '雅苑', '苑', '名城', '新城', '世家', '华府', '华庭', '公寓', '社区'];

const BUILDING_WORD = /(\d+)\s*(?:号楼|號樓|栋|棟|幢|座)/g;
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
// 三幢, 十二栋, 二十幢 → 3幢, 12幢, 20幢 (only before a building word, so 一村 stays a name).
const CHINESE_NUMBER = /([一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])(?=\s*(?:号楼|號樓|栋|棟|幢|座))/g;

function chineseNumber(text: string): number {
  if (!text.includes('十')) return CHINESE_DIGITS[text];
  const [tens, units] = text.split('十');
  return (tens ? CHINESE_DIGITS[tens] : 1) * 10 + (units ? CHINESE_DIGITS[units] : 0);
}

/** Rewrites every building number to the one form the database side also uses: `4幢`. */
export function normaliseBuildingNumbers(text: string): string {
  return text.replace(CHINESE_NUMBER, (n) => String(chineseNumber(n))).replace(BUILDING_WORD, '$1幢');
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function stem(token: string): string {
  const word = ESTATE_WORDS.find((w) => token.endsWith(w) && token.length - w.length >= 2);
  return word ? token.slice(0, -word.length) : token;
}

export interface SearchTerms {
  /** Regular expressions (PostgreSQL ARE, case-insensitive) a hit must match, every one of them. */
  patterns: string[];
  /** The tokens as typed (normalised); a hit containing more of them ranks higher. */
  tokens: string[];
  /** The text each pattern requires literally (what an index of the hits' text can look up). */
  words: string[];
}

/** Splits a query into tokens (at spaces and where digits start or stop) and their patterns. */
export function searchTerms(query: string): SearchTerms {
  const normalised = normaliseBuildingNumbers(query.trim());
  const tokens = normalised.split(/[\s,，、·.;；/]+/).flatMap((part) => part.match(/\d+[幢号室]?|[^\d]+/g) ?? []);
  const numbered = (token: string) => /^\d+[幢号室]$/.test(token);
  const words = tokens.map((token) => (numbered(token) ? token : stem(token)));
  // A building or house number must not be the tail of a longer one: 4幢 is not 14幢.
  const patterns = words.map((word) => (numbered(word) ? `(^|[^0-9])${escapeRegex(word)}` : escapeRegex(word)));
  return { patterns, tokens, words };
}
