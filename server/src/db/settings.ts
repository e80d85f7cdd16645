/** Settings rows (PRODUCT §4): standards, grid size, staffing, facility plan defaults. */
import type { Queryable } from './pool';

export interface Settings {
  'standard.minimumAreaM2': number;
  'standard.perHundredHouseholdsM2': number;
  'standard.requiredRooms': { room: string; minAreaM2: number }[];
  'grid.minHouseholds': number;
  'grid.maxHouseholds': number;
  'staffing.residentsPerWorker': number;
  'staffing.maxHouseholdsPerGridWorker': number;
  'facility.startYear': number;
  'facility.years': number;
  'facility.budgetPerYear': number[];
  'facility.accessibilityWeight': number;
  'facility.maxSitesPerCommunity': number | null;
  'map.basemapUrl': string | null;
}

export type SettingKey = keyof Settings;

export interface SettingRow {
  key: string;
  value: unknown;
  description: string;
  version: number;
}

export async function listSettings(c: Queryable): Promise<SettingRow[]> {
  const { rows } = await c.query<SettingRow>('SELECT key, value, description, version FROM setting ORDER BY key');
  return rows;
}

export async function getSettings(c: Queryable): Promise<Settings> {
  const rows = await listSettings(c);
  return Object.fromEntries(rows.map((r) => [r.key, r.value])) as unknown as Settings;
}
