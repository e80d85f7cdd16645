// The scorecard as CSV, the second export beside the .xlsx workbook (exportXlsx.ts) for tools that
// read plain text. A UTF-8 byte-order mark lets Excel open it with the Chinese text intact.
import type { Scorecard, Target } from './api';
import { formatValue, gradeText, indicatorLabel, metState } from './format';
import { t } from '../i18n/index.svelte';
// The server's one CSV writer (RFC 4180 quoting, formula cells neutralised, BOM), bundled here so
// a browser-built export follows the same rules as every other.
import { writeCsv } from '../../../../server/src/domain/text/csv';

/** One row per community: code, name, grade, then value and met/not met for each target. */
export function scorecardCsv(card: Scorecard, targets: readonly Target[]): string {
  const header = [t('scorecard.community'), 'community_code', t('scorecard.grade')];
  for (const target of targets) header.push(indicatorLabel(target.key), `${indicatorLabel(target.key)} – ${t('scorecard.met')}`);
  const rows = card.communities.map((c) => {
    const row = [c.name, c.code, gradeText(c.grade)];
    for (const target of targets) {
      const v = c.indicators[target.key];
      row.push(v ? formatValue(v.value, target.unit) : '', v ? metState(v.met).text : '');
    }
    return row;
  });
  return writeCsv(header, rows);
}

/** Hands a text file to the browser as a download. */
export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
