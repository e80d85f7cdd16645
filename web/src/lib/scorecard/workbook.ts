// Pieces shared by the .xlsx exports (scorecard, grading round): bold header cells, number
// formats that keep values numeric while Excel shows them as on screen, and the save itself.
// write-excel-file is loaded on the first export only, so the screens do not carry it.
import type { Cell, CellObject, Sheet } from 'write-excel-file/browser';
import { t } from '../i18n/index.svelte';
import type { Target } from './api';

/** A sheet as the browser build takes it. */
export type BrowserSheet = Sheet<File | Blob | ArrayBuffer>;
export type { Cell };

/** Fill colours of met / not met cells, the same tints as the screen. */
export const MET_FILL = { ok: '#E3F4EA', bad: '#FFF1DC' } as const;

export function headerCell(text: string): CellObject {
  return { value: text, type: String, fontWeight: 'bold', backgroundColor: '#EEF1F5', wrap: true };
}

/** Text stays text (community codes keep their leading digits as written). */
export function textCell(text: string): CellObject {
  return { value: text, type: String };
}

/**
 * Excel number format of an indicator value: whole counts with thousands separators, percentages
 * with one decimal and a % sign (the value stays 0–100), a status as yes / no in the active language.
 */
export function unitFormat(unit: Target['unit'], decimals = 0): string {
  if (unit === 'percent') return '0.0"%"';
  if (unit === 'status') return `"${t('scorecard.yes')}";"${t('scorecard.yes')}";"${t('scorecard.no')}"`;
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
}

/** A number cell, or an empty cell when there is no value (missing data is never written as 0). */
export function numberCell(value: number | null, format: string, backgroundColor?: string): Cell {
  if (value === null) return null;
  return { value, type: Number, format, ...(backgroundColor ? { backgroundColor } : {}) };
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

/** Writes the sheets as an .xlsx file and hands it to the browser as a download. */
export async function saveWorkbook(fileName: string, sheets: BrowserSheet[]): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  await writeXlsxFile(sheets).toFile(fileName);
}
