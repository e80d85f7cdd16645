// The optimiser explains failures in English sentences with figures; officials read Chinese, so
// the known phrases are rendered in Chinese with the same figures (unknown phrases stay as sent).
import { i18n } from '../i18n/index.svelte';

const MONEY = '(¥[0-9,]+)';
const PHRASES: [RegExp, string][] = [
  [/best reachable ([0-9.,]+) m² ([<≥]) required ([0-9.,]+) m²/g, '可达到的最大面积 $1 m² $2 应有面积 $3 m²'],
  [new RegExp(`budget short by ${MONEY} in (\\d{4})`, 'g'), '预算缺口 $1（$2 年）'],
  [new RegExp(`budget short by ${MONEY}`, 'g'), '预算缺口 $1'],
  [new RegExp(`the cheapest way to comply costs ${MONEY}`, 'g'), '最低达标费用 $1'],
  [new RegExp(`more than the ${MONEY} budgeted for ([0-9–]+)`, 'g'), '超过 $2 年预算合计 $1'],
  [/and the yearly budgets \(([^)]*)\) cannot pay for it/g, '各年预算（$1）无法支付'],
  [/ to bring it up to standard together with the other communities/g, '（与其他社区一并达标时）'],
  [/ ?\(on its own ([^)]*)\)/g, '（单独达标时$1）'],
  [/no plan found in time/g, '时限内未找到方案'],
  [/, but it does not fit the budget and the other communities' choices \(not analysed further: time limit reached\)/g, '，但与预算及其他社区的选择冲突（已达时限，未进一步分析）'],
  [/the options it needs are shared with other communities: /g, '所需方案已被其他社区使用：'],
  [/ ?\(used by ([0-9?]+)\)/g, '（用于 $1）'],
  [/cannot be brought up to standard together with the forced options and the other communities/g, '在必选方案及其他社区的约束下无法达标'],
  [/current ([0-9.,]+) m²/g, '现有 $1 m²'],
  [/(\d+) usable options?/g, '可用方案 $1 个'],
  [/(\d+) options? ready only after the (\d+)-year deadline/g, '$1 个方案在 $2 年期限后才可用'],
  [/uncertain options not counted/g, '不计不确定方案'],
  [/at most (\d+) per community/g, '每社区最多 $1 处'],
  [/(\d{4}): ¥/g, '$1 年 ¥'],
  [/: /g, '：'],
  [/, /g, '，'],
  [/; /g, '；'],
  [/ ?\(/g, '（'],
  [/\)/g, '）'],
];

/** The optimiser's English reason in Chinese. */
export function reasonInChinese(reason: string): string {
  const text = PHRASES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), reason);
  // Sums of ten thousand yuan and more read as 万元, as in the rest of the screen.
  return text.replace(/¥([0-9,]{6,})/g, (whole, digits: string) => {
    const yuan = Number(digits.replace(/,/g, ''));
    return yuan >= 10_000 ? `¥${(yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}万` : whole;
  });
}

/** The reason in the active language. */
export function reasonText(reason: string): string {
  return i18n.locale === 'en' ? reason : reasonInChinese(reason);
}
