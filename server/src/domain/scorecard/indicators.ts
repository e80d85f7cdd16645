/**
 * The plan's indicators (seed/community-work-plan-2008.txt, PRODUCT §1): their keys, units and
 * where each value comes from. Defined once; routes, the CSV import and the web app use this list.
 */
export const INDICATOR_KEYS = [
  'service_items',
  'resident_satisfaction',
  'full_reemployment',
  'cultural_activities',
  'reading_room_books',
  'mediation_rate',
  'mediation_success_rate',
  'petitions_work_failure',
  'harmonious_demonstration',
  'green_provincial',
  'green_municipal',
  'housing_standard',
  'volunteer_categories',
  'grid_staffing',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** count: a whole number ≥ 0; percent: 0–100; status: 1 (has the status) or 0. */
export type IndicatorUnit = 'count' | 'percent' | 'status';

export const INDICATOR_UNITS: Record<IndicatorKey, IndicatorUnit> = {
  service_items: 'count',
  resident_satisfaction: 'percent',
  full_reemployment: 'status',
  cultural_activities: 'count',
  reading_room_books: 'count',
  mediation_rate: 'percent',
  mediation_success_rate: 'percent',
  petitions_work_failure: 'count',
  harmonious_demonstration: 'status',
  green_provincial: 'status',
  green_municipal: 'status',
  housing_standard: 'status',
  volunteer_categories: 'count',
  grid_staffing: 'percent',
};

/**
 * Indicators read from Gridplan's registers rather than entered: housing standard (facility
 * planning), volunteer categories and grid staffing (responsibility registers). The mediation
 * rates are not listed: they are computed from the dispute register for a year that has cases
 * there, and may still be entered for years kept on paper (db/scorecard-computed.ts).
 */
export const COMPUTED_KEYS: readonly IndicatorKey[] = ['housing_standard', 'volunteer_categories', 'grid_staffing'];

export const COMPARATORS = ['>=', '<=', '='] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Why an entered value is not acceptable for its indicator, or null when it is. */
export function valueProblem(key: IndicatorKey, value: number): 'scorecard.value_not_whole' | 'scorecard.value_out_of_range' | null {
  if (!Number.isFinite(value)) return 'scorecard.value_out_of_range';
  const unit = INDICATOR_UNITS[key];
  if (unit === 'status') return value === 0 || value === 1 ? null : 'scorecard.value_out_of_range';
  if (unit === 'percent') return value >= 0 && value <= 100 ? null : 'scorecard.value_out_of_range';
  if (value < 0) return 'scorecard.value_out_of_range';
  return Number.isInteger(value) ? null : 'scorecard.value_not_whole';
}
