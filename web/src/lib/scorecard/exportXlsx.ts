// The scorecard as an Excel workbook: the town's standing on each target, then every community
// against every target. Headers follow the active language; values are numbers Excel can sum and
// chart, shown with the same units as the screen, and met / not met cells keep their tint.
import { t } from '../i18n/index.svelte';
import type { Scorecard, Target } from './api';
import { gradeText, indicatorLabel, metState } from './format';
import { headerCell, MET_FILL, numberCell, saveWorkbook, sheetName, textCell, unitFormat, type BrowserSheet, type Cell } from './workbook';

const SIGN = { '>=': '≥', '<=': '≤', '=': '=' } as const;

function fill(met: boolean | null): string | undefined {
  const cls = metState(met).cls;
  return cls === 'unknown' ? undefined : MET_FILL[cls];
}

/** Communities a target needs: its count, its share of all, or every community. */
function requiredCommunities(target: Target | undefined, total: number): number {
  if (!target) return total;
  if (target.townCount !== null) return Math.min(target.townCount, total);
  if (target.townShare !== null) return Math.ceil(target.townShare * total - 1e-9);
  return total;
}

/** One row per target: direction, target, town average (a status: the share that has it), communities meeting, needed, result. */
export function townTargetsSheet(card: Scorecard, targets: readonly Target[]): BrowserSheet {
  const header = [
    t('scorecard.indicator'),
    t('scorecard.comparator'),
    t('scorecard.target'),
    t('scorecard.xlsxTownValue'),
    t('scorecard.xlsxMeeting'),
    t('scorecard.xlsxRequired'),
    t('scorecard.xlsxTotal'),
    t('scorecard.xlsxResult'),
  ].map(headerCell);
  const rows = card.targets.map((result): Cell[] => {
    const target = targets.find((x) => x.key === result.key);
    const unit = target?.unit ?? 'count';
    return [
      textCell(indicatorLabel(result.key)),
      textCell(SIGN[result.comparator]),
      numberCell(result.target, unitFormat(unit)),
      // A status's town figure is the share of communities that have it.
      numberCell(result.townValue, unit === 'status' ? '0.0%' : unitFormat(unit, 1)),
      numberCell(result.communitiesMeeting, '0'),
      numberCell(requiredCommunities(target, result.communitiesTotal), '0'),
      numberCell(result.communitiesTotal, '0'),
      { value: metState(result.met).text, type: String, backgroundColor: fill(result.met) },
    ];
  });
  return {
    sheet: sheetName(t('scorecard.sheetTargets', { year: String(card.year) })),
    data: [header, ...rows],
    columns: [{ width: 30 }, { width: 8 }, { width: 10 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 10 }, { width: 12 }],
    stickyRowsCount: 1,
  };
}

/** One row per community: name, code, grade, then its value for each target, and how many it meets. */
export function communitiesSheet(card: Scorecard, targets: readonly Target[]): BrowserSheet {
  const keys = card.targets.map((x) => x.key);
  const unitOf = (key: string) => targets.find((x) => x.key === key)?.unit ?? 'count';
  const header = [
    t('scorecard.community'),
    t('scorecard.code'),
    t('scorecard.grade'),
    ...keys.map((key) => indicatorLabel(key)),
    t('scorecard.xlsxTargetsMet'),
  ].map(headerCell);
  const rows = card.communities.map((c): Cell[] => [
    textCell(c.name),
    textCell(c.code),
    textCell(c.grade ? gradeText(c.grade) : ''),
    ...keys.map((key) => {
      const v = c.indicators[key];
      return numberCell(v?.value ?? null, unitFormat(unitOf(key)), fill(v?.met ?? null));
    }),
    numberCell(keys.filter((key) => c.indicators[key]?.met === true).length, '0'),
  ]);
  return {
    sheet: sheetName(t('scorecard.sheetCommunities', { year: String(card.year) })),
    data: [header, ...rows],
    columns: [{ width: 14 }, { width: 15 }, { width: 7 }, ...keys.map(() => ({ width: 12 })), { width: 10 }],
    stickyRowsCount: 1,
    stickyColumnsCount: 1,
  };
}

/** Downloads `scorecard-{year}.xlsx` with the town targets sheet and the communities sheet. */
export function exportScorecardXlsx(card: Scorecard, targets: readonly Target[]): Promise<void> {
  return saveWorkbook(`scorecard-${card.year}.xlsx`, [townTargetsSheet(card, targets), communitiesSheet(card, targets)]);
}
