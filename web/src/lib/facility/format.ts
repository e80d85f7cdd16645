// Distances and budget inputs as a town official reads them; money and areas go through the
// shared i18n formatters (formatMoney: 万元 in Chinese).
import type { AcquisitionMethod } from '$contract/facility';
import { formatNumber } from '../i18n/index.svelte';

/** Metres below a kilometre, else kilometres with one decimal. */
export function distance(metres: number | null): string {
  if (metres === null) return '—';
  return metres < 1000 ? `${formatNumber(metres)} m` : `${formatNumber(metres / 1000, 1)} km`;
}

/** 万元 ↔ yuan for budget inputs (planners think in 万元). */
export const toWan = (yuan: number) => Math.round(yuan / 100) / 100;
export const fromWan = (wan: number) => Math.round(wan * 10_000);

// The record makes a missing or unknown method a compile error; its order is the plan's.
const METHOD_ORDER: Record<AcquisitionMethod, number> = {
  reserve_in_new_development: 0,
  expand_renovate: 1,
  reallocate_idle_public: 2,
  swap: 3,
  lease: 4,
};
/** The five acquisition methods, in the plan's order. */
export const METHODS = (Object.keys(METHOD_ORDER) as AcquisitionMethod[]).sort((a, b) => METHOD_ORDER[a] - METHOD_ORDER[b]);
