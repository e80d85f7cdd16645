// How indicator values, targets and grades read on screen and in exports, in the active language.
import { formatNumber, t, tDynamic } from '../i18n/index.svelte';
import type { IndicatorKey, Target } from './api';

type Unit = Target['unit'];

export function indicatorLabel(key: IndicatorKey | string): string {
  return tDynamic(`scorecard.key.${key}`, key);
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return t('scorecard.noData');
  if (unit === 'status') return value >= 1 ? t('scorecard.yes') : t('scorecard.no');
  if (unit === 'percent') return `${formatNumber(value, 1)}%`;
  return formatNumber(value, 1);
}

const comparatorSign = { '>=': '≥', '<=': '≤', '=': '=' } as const;

/** `≥ 15`, `≤ 0`, `= 是`. */
export function formatTarget(target: { comparator: '>=' | '<=' | '='; target: number }, unit: Unit): string {
  return `${comparatorSign[target.comparator]} ${formatValue(target.target, unit)}`;
}

/** How far a value is from its target (positive = short of it), for the gaps list. */
export function gapText(value: number, target: { comparator: '>=' | '<=' | '='; target: number }, unit: Unit): string {
  if (unit === 'status') return formatValue(target.target, unit);
  const gap = Math.abs(target.target - value);
  return unit === 'percent' ? `${formatNumber(gap, 1)} %` : formatNumber(gap, 1);
}

export function gradeText(grade: { class: string; level: number } | null): string {
  return grade ? `${grade.class}${grade.level}` : t('grading.none');
}

/** Met / not met / unknown as a CSS class and a word. */
export function metState(met: boolean | null): { cls: 'ok' | 'bad' | 'unknown'; text: string } {
  if (met === true) return { cls: 'ok', text: t('scorecard.met') };
  if (met === false) return { cls: 'bad', text: t('scorecard.notMet') };
  return { cls: 'unknown', text: t('scorecard.unknown') };
}
