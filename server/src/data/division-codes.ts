/**
 * Administrative division codes (GB/T 2260 and the statistical code list): province 2 digits,
 * city 4, county 6, town 9, community 12. Files spell them longer: DataV GeoAtlas gives every
 * level a 6-digit adcode (`310000` Shanghai, `310100` its city, `310115` Pudong), the official
 * list 12 digits padded with zeros (`310115005000` a town). Both are read to the level's length.
 */
import type { DIVISION_LEVELS } from './layers';

export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

const LENGTH: Record<DivisionLevel, number> = { province: 2, city: 4, county: 6, town: 9, community: 12 };
const LEVEL_OF_LENGTH = new Map(Object.entries(LENGTH).map(([level, n]) => [n, level as DivisionLevel]));

export const levelOfCode = (code: string): DivisionLevel | undefined => LEVEL_OF_LENGTH.get(code.length);

/** The level a padded code stands for: as many trailing zero groups as it has. */
function paddedLevel(code: string): DivisionLevel {
  const zeros = /0*$/.exec(code)![0].length;
  const padding = code.length - (code.length === 12 ? [10, 8, 6, 3, 0] : [4, 2, 0]).find((z) => zeros >= z)!;
  return levelOfCode(code.slice(0, padding)) ?? 'community';
}

/**
 * The code at its level's length, or undefined when `level` (as the file states it) cannot be read
 * from the code (`310115` is no province).
 */
export function divisionCode(raw: string, level?: DivisionLevel): { code: string; level: DivisionLevel } | undefined {
  if (raw.length !== 6 && raw.length !== 12) {
    const own = levelOfCode(raw);
    return own && (level === undefined || level === own) ? { code: raw, level: own } : undefined;
  }
  const want = level ?? paddedLevel(raw);
  const n = LENGTH[want];
  if (n > raw.length || !/^0*$/.test(raw.slice(n))) return undefined;
  return { code: raw.slice(0, n), level: want };
}

/** The code of the division one level up, or null for a province. */
export function parentDivision(code: string): string | null {
  const n = code.length === 12 ? 9 : code.length === 9 ? 6 : code.length - 2;
  return n > 0 ? code.slice(0, n) : null;
}

/** The codes of every division above, nearest first (`310115005` → 310115, 3101, 31). */
export function ancestorDivisions(code: string): string[] {
  const out: string[] = [];
  for (let p = parentDivision(code); p !== null; p = parentDivision(p)) out.push(p);
  return out;
}
