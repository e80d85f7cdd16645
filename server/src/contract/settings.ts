/**
 * The settings (PRODUCT §4), defined once: each key's value shape, its default and what it means,
 * and the rules between keys. The database rows, the settings API, its OpenAPI document and every
 * reader of a setting use this module.
 */
import { z } from 'zod';
import { version } from './common';
import type { MessageCode, MessageParams } from './messages';
import { bandSchema, rewardsSchema, weightsSchema } from './grading';
import { basemapSchema, publicBasemapSchema } from './basemap';

const PARTICIPANT_TYPES = [
  'community_cadre',
  'party_group_leader',
  'in_service_cadre',
  'retiree',
  'resident_representative',
  'volunteer',
  'property_staff',
] as const;

/** True for a time zone name the runtime knows (IANA, e.g. `Asia/Shanghai`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function setting<T extends z.ZodType>(schema: T, defaultValue: z.infer<T>, description: string) {
  return { schema, default: defaultValue, description };
}

export const SETTINGS = {
  'standard.minimumAreaM2': setting(z.number().nonnegative(), 300, 'Minimum community office + service floor area (m²)'),
  'standard.perHundredHouseholdsM2': setting(z.number().nonnegative(), 30, 'Required floor area per 100 households (m²)'),
  'standard.requiredRooms': setting(
    z.array(z.object({ room: z.string().min(1), minAreaM2: z.number().nonnegative() })),
    [
      { room: 'one_stop_hall', minAreaM2: 60 },
      { room: 'party_service_centre', minAreaM2: 30 },
      { room: 'reading_room', minAreaM2: 30 },
      { room: 'elderly_room', minAreaM2: 40 },
      { room: 'talk_room', minAreaM2: 10 },
      { room: 'citizens_school', minAreaM2: 40 },
      { room: 'activity_hall', minAreaM2: 80 },
    ],
    'Function rooms each community should have, with minimum areas',
  ),
  'grid.minHouseholds': setting(z.number().int().positive(), 300, 'Default minimum households per grid cell'),
  'grid.maxHouseholds': setting(z.number().int().positive(), 500, 'Default maximum households per grid cell'),
  'grid.minCompactness': setting(
    z.number().min(0).max(1),
    0.35,
    'Cells whose compactness (Polsby-Popper 4π·area/perimeter², 1 = a circle) is below this are flagged in the integrity list',
  ),
  'staffing.residentsPerWorker': setting(z.number().int().positive(), 2000, 'Residents per community worker (plan: 1:2000)'),
  'staffing.maxHouseholdsPerGridWorker': setting(z.number().int().positive(), 500, 'Households one grid worker may cover'),
  'staffing.requiredParticipantTypes': setting(
    z.array(z.enum(PARTICIPANT_TYPES)),
    ['community_cadre', 'party_group_leader', 'resident_representative', 'volunteer'],
    'Person types every grid cell should count among its assigned people',
  ),
  'facility.startYear': setting(z.number().int().min(1990).max(2100), 2008, 'First year of the facility plan'),
  'facility.years': setting(z.number().int().min(1).max(10), 2, 'Deadline for all communities to comply (years)'),
  'facility.budgetPerYear': setting(
    z.array(z.number().nonnegative()).min(1).max(10),
    [3_000_000, 3_000_000],
    'Yearly facility budget (CNY), one amount per plan year',
  ),
  'facility.accessibilityWeight': setting(z.number().nonnegative(), 0, 'CNY per household-km of distance to a site (0 = ignore)'),
  'facility.maxSitesPerCommunity': setting(
    z.number().int().positive().nullable(),
    2,
    'Most acquisitions for one community (null = no limit)',
  ),
  'approval.allowSelfApproval': setting(
    z.boolean(),
    false,
    'Let whoever solved a facility scenario also approve it (for one-person offices); audited as self-approval',
  ),
  'town.timeZone': setting(
    z.string().min(1).max(64).refine(isTimeZone, 'not an IANA time zone'),
    'Asia/Shanghai',
    'IANA time zone of the town: "today" and "this year" follow it',
  ),
  'solver.poolSize': setting(
    z.number().int().min(1).max(64).nullable(),
    null,
    'Solver worker threads (null = CPU cores − 1, at least 1); a change applies to workers started after it',
  ),
  'import.communityOverlapMaxPercent': setting(
    z.number().min(0).max(100),
    1,
    'An imported community may overlap another community by at most this share of its area (%)',
  ),
  'map.basemap': setting(
    basemapSchema,
    { kind: 'none' },
    'Basemap beneath every map: none (works offline), an XYZ raster URL template, 天地图 with a key, or GCJ-02 tiles (the data is shifted on screen to match)',
  ),
  'scorecard.currentYear': setting(
    z.number().int().min(2000).max(2100),
    2008,
    'Plan year whose computed indicators come from the registers',
  ),
  'grading.defaultWeights': setting(
    weightsSchema,
    { self: 1, assessment: 1, mutual: 1, residents: 1 },
    'Default relative weights of the four evaluation sources',
  ),
  'grading.defaultBands': setting(
    z.array(bandSchema).length(9),
    [
      { class: 'A', level: 1, minScore: 95 },
      { class: 'A', level: 2, minScore: 90 },
      { class: 'A', level: 3, minScore: 85 },
      { class: 'B', level: 1, minScore: 80 },
      { class: 'B', level: 2, minScore: 75 },
      { class: 'B', level: 3, minScore: 70 },
      { class: 'C', level: 1, minScore: 65 },
      { class: 'C', level: 2, minScore: 60 },
      { class: 'C', level: 3, minScore: 0 },
    ],
    'Default score bands, best first: a weighted score at or above minScore gets that grade',
  ),
  'grading.defaultRewards': setting(
    rewardsSchema,
    { perLevelYuan: 2000, perClassYuan: 5000 },
    'Default rewards: per level gained, plus per class gained',
  ),
  'import.dwellingSizeM2': setting(
    z.number().positive().max(10_000),
    90,
    'Floor area of one dwelling (m²): households of a building imported without them = footprint × floors ÷ this',
  ),
  'import.pointFootprintM2': setting(
    z.number().positive().max(100_000),
    150,
    'Footprint (m²) drawn as a square around a building imported as a point',
  ),
  'import.buildingOverlapMaxM2': setting(
    z.number().min(0).max(10_000),
    5,
    'Imported building footprints may overlap each other or a stored building by at most this area (m²); pieces of one building are merged instead',
  ),
};

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> };
export const SETTING_KEYS = Object.keys(SETTINGS) as [SettingKey, ...SettingKey[]];

export const DEFAULT_SETTINGS = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].default])) as Settings;

/** A rule between two settings, broken by `check` returning the message that says why. */
interface CrossRule {
  keys: [SettingKey, SettingKey];
  check(s: Settings): { code: MessageCode; params: MessageParams } | null;
}

export const CROSS_RULES: CrossRule[] = [
  {
    keys: ['grid.minHouseholds', 'grid.maxHouseholds'],
    check: (s) =>
      s['grid.minHouseholds'] <= s['grid.maxHouseholds']
        ? null
        : {
            code: 'settings.min_above_max',
            params: {
              minKey: 'grid.minHouseholds',
              maxKey: 'grid.maxHouseholds',
              min: s['grid.minHouseholds'],
              max: s['grid.maxHouseholds'],
            },
          },
  },
  {
    keys: ['facility.budgetPerYear', 'facility.years'],
    check: (s) =>
      s['facility.budgetPerYear'].length === s['facility.years']
        ? null
        : {
            code: 'settings.budget_years',
            params: {
              budgetKey: 'facility.budgetPerYear',
              yearsKey: 'facility.years',
              budgetYears: s['facility.budgetPerYear'].length,
              years: s['facility.years'],
            },
          },
  },
];

/** The rules `settings` breaks, each naming both keys. */
export function crossRuleViolations(settings: Settings) {
  return CROSS_RULES.flatMap((rule) => {
    const broken = rule.check(settings);
    return broken ? [{ ...broken, keys: rule.keys }] : [];
  });
}

export const settingKeySchema = z.enum(SETTING_KEYS);

export const settingKeyParam = z.object({ key: z.string().max(60) });

export const settingRowSchema = z.object({
  key: z.string(),
  value: z.unknown(),
  description: z.string(),
  version: z.number().int(),
});
export type SettingRow = z.infer<typeof settingRowSchema>;

/** One setting's new value (checked against its key's shape by the route). */
export const settingPatch = z.object({ version, value: z.unknown() });

const changeSchemas = SETTING_KEYS.map((key) => z.object({ key: z.literal(key), version, value: SETTINGS[key].schema }));
type ChangeSchema = (typeof changeSchemas)[number];

/** Several settings at once, for changes that only make sense together (years with the budget). */
export const settingsBatchPatch = z.object({
  changes: z
    .array(z.discriminatedUnion('key', changeSchemas as [ChangeSchema, ...ChangeSchema[]]))
    .min(1)
    .max(SETTING_KEYS.length),
});
export interface SettingChange {
  key: SettingKey;
  version: number;
  value: unknown;
}

/** What the map needs before sign-in. */
export const publicSettingsSchema = z.object({ basemap: publicBasemapSchema.nullable() });
export type PublicSettings = z.infer<typeof publicSettingsSchema>;
