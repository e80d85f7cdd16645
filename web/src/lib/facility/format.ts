// Money, area and distance as a town official reads them: ¥ with 万元 for large sums.
import { i18n } from '../i18n/index.svelte';

/** ¥1,234 below ten thousand; ¥365.2万 (zh) or ¥3.65M (en) above. */
export function money(yuan: number): string {
  const zh = i18n.locale === 'zh-CN';
  if (Math.abs(yuan) < 10_000) return `¥${Math.round(yuan).toLocaleString('en-US')}`;
  if (zh) return `¥${(yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}万`;
  return `¥${(yuan / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 2 })}M`;
}

/** Whole square metres with grouping: "1,260 m²". */
export function area(m2: number): string {
  return `${Math.round(m2).toLocaleString('en-US')} m²`;
}

/** Metres below a kilometre, else kilometres with one decimal. */
export function distance(metres: number | null): string {
  if (metres === null) return '—';
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** 万元 ↔ yuan for budget inputs (planners think in 万元). */
export const toWan = (yuan: number) => Math.round(yuan / 100) / 100;
export const fromWan = (wan: number) => Math.round(wan * 10_000);
