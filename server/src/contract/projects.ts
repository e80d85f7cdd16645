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
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectQuery = z.object({
  status: projectStatusSchema.optional(),
  communityCode: communityCode.optional(),
  scenarioId: z.coerce.number().int().positive().optional(),
});

export const projectPatch = z
  .object({
    version,
    status: projectStatusSchema,
    deliveredAt: z.iso.date('deliveredAt is a date YYYY-MM-DD').optional(),
    /** Why a project is cancelled; kept with the cancelled project. */
    reason: z.string().trim().max(200, 'reason is at most 200 characters').optional(),
  })
  .strict();

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
