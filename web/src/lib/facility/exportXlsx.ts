// Facility workbooks for the town meeting: the status board with the tracked projects, one
// scenario's result, a comparison of scenarios, and the project list. Headers follow the active
// language; areas and money stay numbers Excel can sum.
import { t, tDynamic } from '../i18n/index.svelte';
import type { StatusBoard } from '$contract/facility';
import type { Comparison, Scenario } from '$contract/facility-plans';
import type { Project } from '$contract/projects';
import { headerCell, numberCell, saveWorkbook, sheetName, textCell, type BrowserSheet, type Cell } from '../scorecard/workbook';
import { messageText, scenarioName } from './messages';

const AREA = '#,##0';
const YUAN = '#,##0';
const COUNT = '#,##0';
const YEAR = '0';

/** A sheet from its name, bold headers, rows and column widths (characters). */
function sheet(name: string, header: string[], rows: Cell[][], widths: number[]): BrowserSheet {
  return { data: [header.map(headerCell), ...rows], sheet: sheetName(name), columns: widths.map((width) => ({ width })) };
}

const method = (code: string) => tDynamic(`method.${code}`, code);
/** Text, or an empty cell when there is none (an unset date or owner). */
const optionalText = (text: string | null): Cell => (text ? textCell(text) : null);

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
  ];
  const rows = [...board.communities]
    .sort((a, b) => Number(a.compliant) - Number(b.compliant) || b.gapM2 - a.gapM2)
    .map((c): Cell[] => [
      textCell(c.name),
      textCell(c.code),
      numberCell(c.households, COUNT),
      numberCell(c.requiredAreaM2, AREA),
      numberCell(c.currentAreaM2, AREA),
      numberCell(c.gapM2, AREA),
      textCell(c.compliant ? t('facility.status.compliant') : t('facility.status.nonCompliant')),
    ]);
  return sheet(t('field.export.boardSheet'), header, rows, [14, 16, 10, 12, 12, 10, 10]);
}

/**
 * One row per project, in planned-year order: status and (when cancelled) why, then owner, planned
 * and actual dates, progress and whether it is overdue.
 */
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
    t('facility.project.owner'),
    t('facility.project.plannedStart'),
    t('facility.project.plannedFinish'),
    t('facility.project.actualStart'),
    t('facility.project.actualFinish'),
    t('facility.project.progress'),
    t('facility.project.overdue'),
  ];
  const rows = projects.map((p): Cell[] => [
    textCell(p.communityName),
    textCell(p.optionName),
    textCell(method(p.method)),
    numberCell(p.netAreaM2, AREA),
    numberCell(p.oneOffCost, YUAN),
    numberCell(p.plannedYear, YEAR),
    textCell(t(`facility.project.status.${p.status}`)),
    textCell(p.status === 'cancelled' ? p.cancelReason : (p.deliveredAt ?? '')),
    optionalText(p.ownerName),
    optionalText(p.plannedStart),
    optionalText(p.plannedFinish),
    optionalText(p.actualStart),
    optionalText(p.actualFinish),
    numberCell(p.progressPercent, '0'),
    optionalText(p.overdue ? t('facility.project.overdue') : null),
  ]);
  return sheet(t('field.export.projectsSheet'), header, rows, [14, 24, 12, 10, 12, 10, 10, 24, 14, 12, 12, 12, 12, 8, 8]);
}

/**
 * A scenario as the plan table shows it: one row per community that starts below standard or gets
 * an option, with its own figures, the chosen options, their cost and the year it complies; and a
 * sheet of the plan years (compliant count, spending, budget).
 */
export function scenarioSheets(scenario: Scenario): BrowserSheet[] {
  const header = [
    t('facility.col.community'),
    t('field.export.code'),
    t('facility.col.households'),
    t('facility.col.required'),
    t('facility.col.current'),
    t('facility.col.reached'),
    t('facility.col.chosen'),
    t('facility.col.cost'),
    t('facility.col.compliantYear'),
    t('facility.export.explanation'),
  ];
  const rows = scenario.communities
    .filter((c) => c.options.length > 0 || c.currentAreaM2 < c.requiredAreaM2)
    .map((c): Cell[] => [
      textCell(c.name),
      textCell(c.code),
      numberCell(c.households, COUNT),
      numberCell(c.requiredAreaM2, AREA),
      numberCell(c.currentAreaM2, AREA),
      numberCell(c.reachedAreaM2, AREA),
      textCell(c.options.map((o) => `${o.year} ${method(o.method)} ${o.name} +${Math.round(o.netAreaM2)} m²`).join('\n')),
      numberCell(
        c.options.reduce((sum, o) => sum + o.cost, 0),
        YUAN,
      ),
      c.compliantYear === null ? textCell(t('facility.status.nonCompliant')) : numberCell(c.compliantYear, YEAR),
      optionalText(c.explanation ? messageText(c.explanation) : null),
    ]);
  const years = scenario.byYear.map((y): Cell[] => [
    numberCell(y.year, YEAR),
    numberCell(y.compliantCount, COUNT),
    numberCell(y.cost, YUAN),
    numberCell(y.budget, YUAN),
  ]);
  const yearHeader = [
    t('facility.col.year'),
    t('facility.export.compliantCount'),
    t('facility.scenario.spent'),
    t('facility.scenario.budgetLabel'),
  ];
  return [
    sheet(`#${scenario.id} ${scenarioName(scenario)}`, header, rows, [14, 16, 10, 12, 12, 12, 44, 12, 10, 60]),
    sheet(t('facility.export.yearsSheet'), yearHeader, years, [8, 14, 14, 14]),
  ];
}

/**
 * Scenarios side by side: one column per scenario with its status, total cost, compliant count
 * and spending per year and accessibility; then the options the scenarios choose differently.
 */
export function comparisonSheets(comparison: Comparison): BrowserSheet[] {
  const { scenarios } = comparison;
  const header = ['', ...scenarios.map((s) => `#${s.id} ${scenarioName(s)}`)];
  const row = (label: string, cell: (s: Comparison['scenarios'][number]) => Cell): Cell[] => [textCell(label), ...scenarios.map(cell)];
  const years = scenarios[0]?.byYear.map((y) => y.year) ?? [];
  const figures: Cell[][] = [
    row(t('facility.col.status'), (s) => textCell(t(`facility.solve.${s.status}`, { gap: '' }))),
    row(t('facility.scenario.totalCost'), (s) => numberCell(s.totalCost, YUAN)),
    ...years.flatMap((year, i) => [
      row(`${t('facility.scenario.compliantByYear')} ${year}`, (s) => numberCell(s.byYear[i]?.compliantCount ?? null, COUNT)),
      row(`${t('facility.scenario.spent')} ${year}`, (s) => numberCell(s.byYear[i]?.cost ?? null, YUAN)),
    ]),
    row(t('facility.export.meanDistance'), (s) =>
      numberCell(s.accessibility.meanDistanceMetres === null ? null : Math.round(s.accessibility.meanDistanceMetres), COUNT),
    ),
    row(t('facility.export.optionCount'), (s) => numberCell(s.optionCount, COUNT)),
  ];
  const differ = comparison.optionsThatDiffer.map((o): Cell[] => [
    textCell(o.name),
    textCell(method(o.method)),
    numberCell(o.netAreaM2, AREA),
    ...o.choices.map((choice) => textCell(choice.chosen ? `${choice.year} · ${choice.communityName}` : t('facility.compare.notChosen'))),
  ]);
  const differHeader = [t('facility.col.name'), t('facility.col.method'), t('facility.col.netArea'), ...header.slice(1)];
  return [
    sheet(t('facility.compare.title'), header, figures, [22, ...scenarios.map(() => 26)]),
    sheet(t('facility.compare.differ'), differHeader, differ, [24, 12, 10, ...scenarios.map(() => 22)]),
  ];
}

/** Downloads the board and the projects as `facility-status.xlsx`. */
export function exportFacilityStatus(board: StatusBoard, projects: Project[]): Promise<void> {
  return saveWorkbook('facility-status.xlsx', [boardSheet(board), projectsSheet(projects)]);
}

/** Downloads one scenario as `scenario-<id>.xlsx`. */
export function exportScenario(scenario: Scenario): Promise<void> {
  return saveWorkbook(`scenario-${scenario.id}.xlsx`, scenarioSheets(scenario));
}

/** Downloads a comparison as `scenario-comparison.xlsx`. */
export function exportComparison(comparison: Comparison): Promise<void> {
  return saveWorkbook('scenario-comparison.xlsx', comparisonSheets(comparison));
}

/** Downloads the project list as `facility-projects.xlsx`. */
export function exportProjects(projects: Project[]): Promise<void> {
  return saveWorkbook('facility-projects.xlsx', [projectsSheet(projects)]);
}
