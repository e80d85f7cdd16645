// Community codes and names: the real residents' committees of 仙女镇 (Jiangdu) from a small
// committed extract of the NBS division codes (data/divisions/README.md names its source), then
// synthetic ones for benchmark towns larger than the real one.
import town from '../divisions/321012100.json' with { type: 'json' };
import { chineseNumeral } from './names';

export const TOWN_CODE = town.town.code;
export const TOWN_NAME = town.town.name;

export interface Division {
  code: string;
  name: string;
}

// The town's residents' committees (社区居委会) in code order, named without 居委会.
const realCommunities: readonly Division[] = town.residentsCommittees.map(({ code, name }) => ({
  code,
  name: name.replace(/居委会$/, ''),
}));

// Synthetic codes use sequence numbers 400–999, unused by the real town (001–037 are
// residents' committees, 2xx villages), in the town's own prefix and then in the prefixes
// 321012101, 321012102…, so 12-digit codes stay unique for any benchmark size.
const SYNTHETIC_FIRST_SEQUENCE = 400;
const SYNTHETIC_PER_PREFIX = 600;

/** The first `count` communities: real ones, then 新区一社区, 新区二社区… */
export function communityDivisions(count: number): Division[] {
  const out = realCommunities.slice(0, count);
  for (let k = 0; out.length < count; k++) {
    const prefix = Number(TOWN_CODE) + Math.floor(k / SYNTHETIC_PER_PREFIX);
    const sequence = SYNTHETIC_FIRST_SEQUENCE + (k % SYNTHETIC_PER_PREFIX);
    out.push({ code: `${prefix}${String(sequence).padStart(3, '0')}`, name: `新区${chineseNumeral(k + 1)}社区` });
  }
  return out;
}
