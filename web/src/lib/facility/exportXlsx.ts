// The status board and the tracked projects as one Excel workbook for the town meeting: a sheet
// of every community's standing and a sheet of every project (cancelled ones with their reason).
// Headers follow the active language; areas and money stay numbers Excel can sum.
import { t, tDynamic } from '../i18n/index.svelte';
import type { StatusBoard } from '$contract/facility';
import type { Project } from '$contract/projects';
import { headerCell, numberCell, saveWorkbook, sheetName, textCell, type BrowserSheet, type Cell } from '../scorecard/workbook';

const AREA = '#,##0';
const YUAN = '#,##0';

/** One row per community, least compliant and largest gap first (the board's order). */
export function boardSheet(board: StatusBoard): BrowserSheet {
  const header = [
    t('facility.col.community'),
    t('field.export.code'),
    t('facility.col.households'),
    t('facility.col.required'),
    t('facility.col.current'),
    t('facility.col.gap'),
    t('facility.col.status'),
  ].map(headerCell);
  const rows = [...board.communities]
    .sort((a, b) => Number(a.compliant) - Number(b.compliant) || b.gapM2 - a.gapM2)
    .map((c): Cell[] => [
      textCell(c.name),
      textCell(c.code),
      numberCell(c.households, '#,##0'),
      numberCell(c.requiredAreaM2, AREA),
      numberCell(c.currentAreaM2, AREA),
      numberCell(c.gapM2, AREA),
      textCell(c.compliant ? t('facility.status.compliant') : t('facility.status.nonCompliant')),
    ]);
  return {
    data: [header, ...rows],
    sheet: sheetName(t('field.export.boardSheet')),
    columns: [14, 16, 10, 12, 12, 10, 10].map((width) => ({ width })),
  };
}

/** One row per project, in planned-year order, with its status and (when cancelled) why. */
export function projectsSheet(projects: Project[]): BrowserSheet {
  const header = [
    t('facility.col.community'),
    t('facility.col.name'),
    t('facility.col.method'),
    t('facility.col.netArea'),
    t('facility.col.oneOff'),
    t('facility.col.plannedYear'),
    t('facility.col.status'),
    t('field.export.note'),
  ].map(headerCell);
  const rows = projects.map((p): Cell[] => [
    textCell(p.communityName),
    textCell(p.optionName),
    textCell(tDynamic(`method.${p.method}`, p.method)),
    numberCell(p.netAreaM2, AREA),
    numberCell(p.oneOffCost, YUAN),
    numberCell(p.plannedYear, '0'),
    textCell(t(`facility.project.status.${p.status}`)),
    textCell(p.status === 'cancelled' ? p.cancelReason : (p.deliveredAt ?? '')),
  ]);
  return {
    data: [header, ...rows],
    sheet: sheetName(t('field.export.projectsSheet')),
    columns: [14, 24, 12, 10, 12, 10, 10, 24].map((width) => ({ width })),
  };
}

/** Downloads the board and the projects as `facility-status.xlsx`. */
export function exportFacilityStatus(board: StatusBoard, projects: Project[]): Promise<void> {
  return saveWorkbook('facility-status.xlsx', [boardSheet(board), projectsSheet(projects)]);
}
