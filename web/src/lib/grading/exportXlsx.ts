// A grading round's results as an Excel sheet: the four scores, the weighted score, last year's
// and the proposed grade, the change and its reward. Headers follow the active language; scores
// and rewards are numbers, a missing score an empty cell (never 0).
import { t } from '../i18n/index.svelte';
import type { GradeSource, Round } from '../scorecard/api';
import { gradeText } from '../scorecard/format';
import { headerCell, numberCell, saveWorkbook, sheetName, textCell, type BrowserSheet, type Cell } from '../scorecard/workbook';

const SOURCES: GradeSource[] = ['self', 'assessment', 'mutual', 'residents'];
const CHANGE_FILL = { promoted: '#E3F4EA', class_up: '#C9EBD6', same: undefined, demoted: '#FFF1DC' } as const;

export function roundSheet(round: Round): BrowserSheet {
  const header = [
    t('scorecard.community'),
    t('scorecard.code'),
    ...SOURCES.map((s) => t(`grading.source.${s}`)),
    t('grading.weighted'),
    t('grading.previous'),
    t('grading.proposed'),
    t('grading.change'),
    t('grading.rewardYuan'),
  ].map(headerCell);
  const rows = round.communities.map((c): Cell[] => [
    textCell(c.name),
    textCell(c.code),
    ...SOURCES.map((s) => numberCell(c.scores[s], '0.0')),
    numberCell(c.weighted, '0.00'),
    textCell(c.previous ? gradeText(c.previous) : ''),
    { value: c.proposed ? gradeText(c.proposed) : '', type: String, fontWeight: 'bold' },
    c.change ? { value: t(`grading.change.${c.change}`), type: String, backgroundColor: CHANGE_FILL[c.change] } : null,
    numberCell(c.reward, '#,##0'),
  ]);
  return {
    sheet: sheetName(t('grading.sheet', { year: String(round.year) })),
    data: [header, ...rows],
    columns: [
      { width: 14 },
      { width: 15 },
      ...SOURCES.map(() => ({ width: 11 })),
      { width: 10 },
      { width: 9 },
      { width: 9 },
      { width: 9 },
      { width: 12 },
    ],
    stickyRowsCount: 1,
    stickyColumnsCount: 1,
  };
}

/** Downloads `grading-{year}.xlsx` with the round's results. */
export function exportRoundXlsx(round: Round): Promise<void> {
  return saveWorkbook(`grading-${round.year}.xlsx`, [roundSheet(round)]);
}
