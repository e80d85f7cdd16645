/**
 * Facility space and the candidate option register: existing facilities, the status board
 * (every community against the housing standard) and acquisition options.
 */
import { z } from 'zod';
import { version } from './common';

export const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');
export const optionCode = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'an option code is 1–40 letters, digits, _ or -');

export const ACQUISITION_METHODS = ['reserve_in_new_development', 'expand_renovate', 'reallocate_idle_public', 'swap', 'lease'] as const;
export const acquisitionMethodSchema = z.enum(ACQUISITION_METHODS);
export type AcquisitionMethod = z.infer<typeof acquisitionMethodSchema>;

export const OPTION_STATUSES = ['candidate', 'approved', 'withdrawn'] as const;
export const optionStatusSchema = z.enum(OPTION_STATUSES);
export type OptionStatus = z.infer<typeof optionStatusSchema>;

/** Longest availability the register accepts: the longest plan horizon (10 years). */
export const MAX_AVAILABLE_AFTER_MONTHS = 120;

const lngLat = { lng: z.number(), lat: z.number() };

export const facilityRowSchema = z.object({
  id: z.number().int(),
  communityCode: z.string(),
  name: z.string(),
  address: z.string(),
  areaM2: z.number(),
  ...lngLat,
  version: z.number().int(),
});
export type FacilityRow = z.infer<typeof facilityRowSchema>;

export const facilityQuery = z.object({ communityCode: communityCode.optional() });

export const boardRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  requiredAreaM2: z.number(),
  currentAreaM2: z.number(),
  gapM2: z.number(),
  compliant: z.boolean(),
  centroid: z.tuple([z.number(), z.number()]),
  facilityCount: z.number().int(),
  optionCount: z.number().int(),
  /** Live projects by status. */
  projects: z.object({ planned: z.number().int(), inProgress: z.number().int(), delivered: z.number().int() }),
});
export type BoardRow = z.infer<typeof boardRowSchema>;

export const statusBoardSchema = z.object({
  standard: z.object({
    minimumAreaM2: z.number(),
    perHundredHouseholdsM2: z.number(),
    versions: z.object({ minimumAreaM2: z.number().int(), perHundredHouseholdsM2: z.number().int() }),
  }),
  totals: z.object({
    communities: z.number().int(),
    compliant: z.number().int(),
    nonCompliant: z.number().int(),
    households: z.number(),
    requiredAreaM2: z.number(),
    currentAreaM2: z.number(),
    gapM2: z.number(),
  }),
  communities: z.array(boardRowSchema),
});
export type StatusBoard = z.infer<typeof statusBoardSchema>;

// ---- options

const money = z.number().nonnegative().max(1e10);
const optionShape = {
  communityCode,
  method: acquisitionMethodSchema,
  name: z.string().trim().min(1).max(80),
  address: z.string().trim().max(120),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  areaM2: z.number().positive().max(100_000),
  releasedAreaM2: z.number().nonnegative().max(100_000),
  oneOffCost: money,
  yearlyCost: money,
  availableAfterMonths: z.number().int().min(0).max(MAX_AVAILABLE_AFTER_MONTHS),
  shareRadiusM: z.number().nonnegative().max(20_000).nullable(),
  needsApproval: z.boolean(),
  uncertain: z.boolean(),
  status: optionStatusSchema,
  notes: z.string().max(1000),
};

/** Fields a client sets on an option (costs are totals in CNY). */
export const optionFieldsSchema = z.object(optionShape);
export type OptionFields = z.infer<typeof optionFieldsSchema>;

export const optionCreate = z
  .object({
    ...optionShape,
    code: optionCode.optional(),
    address: optionShape.address.default(''),
    releasedAreaM2: optionShape.releasedAreaM2.default(0),
    yearlyCost: optionShape.yearlyCost.default(0),
    shareRadiusM: optionShape.shareRadiusM.default(null),
    needsApproval: optionShape.needsApproval.default(false),
    uncertain: optionShape.uncertain.default(false),
    status: optionShape.status.default('candidate'),
    notes: optionShape.notes.default(''),
  })
  .strict();
export type OptionCreate = z.input<typeof optionCreate>;

export const optionPatch = z
  .object({ version, ...optionShape })
  .partial()
  .required({ version: true })
  .strict();
export type OptionPatch = z.input<typeof optionPatch>;

export const optionQuery = z.object({
  communityCode: communityCode.optional(),
  status: optionStatusSchema.optional(),
  method: acquisitionMethodSchema.optional(),
});
export const optionCodeParam = z.object({ code: optionCode });
export const optionDeleteQuery = z.object({ version: z.coerce.number().int().positive() });

export const optionRowSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  method: acquisitionMethodSchema,
  name: z.string(),
  address: z.string(),
  ...lngLat,
  areaM2: z.number(),
  releasedAreaM2: z.number(),
  netAreaM2: z.number(),
  oneOffCost: z.number(),
  yearlyCost: z.number(),
  availableAfterMonths: z.number().int(),
  shareRadiusM: z.number().nullable(),
  needsApproval: z.boolean(),
  uncertain: z.boolean(),
  status: optionStatusSchema,
  notes: z.string(),
  /** Status of the live (not cancelled) project built from this option, if any. */
  projectStatus: z.enum(['planned', 'in_progress', 'delivered']).nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type OptionRow = z.infer<typeof optionRowSchema>;
