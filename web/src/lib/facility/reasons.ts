// The optimiser explains failures in English sentences with figures; officials read Chinese, so
// the known sentence shapes are rendered in Chinese with the same figures (others shown as sent).
import { i18n } from '../i18n/index.svelte';

const PATTERNS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^best reachable ([0-9.,]+) m² < required ([0-9.,]+) m²(.*)$/, (m) => `可达到的最大面积 ${m[1]} m² < 应有面积 ${m[2]} m²${detail(m[3])}`],
  [/^budget short by (¥[0-9,]+)( in (\d{4}))?(.*)$/, (m) => `预算缺口 ${m[1]}${m[3] ? `（${m[3]} 年）` : ''}${m[4] ? `：${money(m[4])}` : ''}`],
  [/^the options it needs are shared with other communities: (.*)$/, (m) => `所需方案已被其他社区使用：${m[1].replace(/used by/g, '用于')}`],
];

function detail(text: string): string {
  const inner = text.trim().replace(/^\(|\)$/g, '');
  if (!inner) return '';
  const parts = inner.split(';').map((part) =>
    part
      .trim()
      .replace(/^current ([0-9.,]+) m²$/, '现有 $1 m²')
      .replace(/^(\d+) usable options?$/, '可用方案 $1 个')
      .replace(/^(\d+) options? ready only after the (\d+)-year deadline$/, '$1 个方案在 $2 年期限后才能使用')
      .replace(/^uncertain options not counted$/, '不计不确定方案')
      .replace(/^at most (\d+) per community$/, '每社区最多 $1 处'),
  );
  return `（${parts.join('；')}）`;
}

function money(text: string): string {
  return text
    .replace(/^: ?/, '')
    .replace(/the cheapest way to comply costs (¥[0-9,]+)/, '最低达标费用 $1')
    .replace(/and the yearly budgets \((.*)\) cannot pay for it/, '年度预算（$1）不足以支付')
    .replace(/to bring it up to standard together with the other communities/, '（与其他社区一并达标时）')
    .replace(/\(on its own /, '（单独达标时')
    .replace(/against (¥[0-9,]+) budgeted for ([0-9–]+)/, '对比 $2 年预算 $1')
    .replace(/, /g, '，')
    .replace(/; /g, '；');
}

/** The reason in the active language. */
export function reasonText(reason: string): string {
  if (i18n.locale === 'en') return reason;
  for (const [pattern, render] of PATTERNS) {
    const match = reason.match(pattern);
    if (match) return render(match);
  }
  return reason;
}
