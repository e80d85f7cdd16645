/** Tracked facility projects: an approved scenario's options on their way to delivered space. */
import { z } from 'zod';
import { version } from './common';

export const PROJECT_STATUSES = ['planned', 'in_progress', 'delivered', 'cancelled'] as const;
export const projectStatusSchema = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');

export const projectSchema = z.object({
  id: z.number().int(),
  scenarioId: z.number().int(),
  optionId: z.number().int(),
  optionCode: z.string(),
  optionName: z.string(),
  method: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  plannedYear: z.number().int(),
  status: projectStatusSchema,
  netAreaM2: z.number(),
  oneOffCost: z.number(),
  yearlyCost: z.number(),
  lng: z.number(),
  lat: z.number(),
  deliveredAt: z.string().nullable(),
  /** Why the project was cancelled (empty when it was not, or no reason was given). */
  cancelReason: z.string(),
  cancelledAt: z.string().nullable(),
  facilityId: z.number().int().nullable(),
  /** The registered person responsible, when the owner is one. */
  ownerPersonId: z.number().int().nullable(),
  /** Who is responsible: the person's name, or free text; empty when nobody is named yet. */
  ownerName: z.string(),
  plannedStart: z.string().nullable(),
  /** Planned finish; when empty the project is due by the end of its planned year. */
  plannedFinish: z.string().nullable(),
  actualStart: z.string().nullable(),
  /** Actual finish: the delivery date. */
  actualFinish: z.string().nullable(),
  /** Percent complete, 0–100 (100 once delivered). */
  progressPercent: z.number().int(),
  /** Not delivered or cancelled, and its planned finish (or planned year) has passed by the town's date. */
  overdue: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectQuery = z.object({
  status: projectStatusSchema.optional(),
  communityCode: communityCode.optional(),
  scenarioId: z.coerce.number().int().positive().optional(),
});

const date = (field: string) => z.iso.date(`${field} is a date YYYY-MM-DD`);

/**
 * A move along the life cycle (`status`) and/or new schedule details, in one versioned write.
 * A null clears a date or the owner person.
 */
export const projectPatch = z
  .object({
    version,
    status: projectStatusSchema.optional(),
    deliveredAt: date('deliveredAt').optional(),
    /** Why a project is cancelled; kept with the cancelled project. */
    reason: z.string().trim().max(200, 'reason is at most 200 characters').optional(),
    /** A registered person as owner (their name becomes ownerName); null for a free-text owner. */
    ownerPersonId: z.number().int().positive().nullable().optional(),
    ownerName: z.string().trim().max(60, 'ownerName is at most 60 characters').optional(),
    plannedStart: date('plannedStart').nullable().optional(),
    plannedFinish: date('plannedFinish').nullable().optional(),
    actualStart: date('actualStart').nullable().optional(),
    actualFinish: date('actualFinish').nullable().optional(),
    progressPercent: z.number().int().min(0, 'progressPercent is 0–100').max(100, 'progressPercent is 0–100').optional(),
  })
  .strict();
export type ProjectPatch = z.infer<typeof projectPatch>;

/** A project after a move, with its community's standing (delivery may make it compliant). */
export const movedProjectSchema = projectSchema.extend({
  community: z.object({
    code: z.string(),
    name: z.string(),
    requiredAreaM2: z.number(),
    currentAreaM2: z.number(),
    compliant: z.boolean(),
  }),
});
export type MovedProject = z.infer<typeof movedProjectSchema>;
