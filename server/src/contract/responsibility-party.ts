/** Party organisations (general branch → branch → group), party member areas (党员责任区) and volunteer teams. */
import { z } from 'zod';
import { messageSchema, version } from './common';
import {
  buildingCode,
  cellCode,
  communityCode,
  compoundCode,
  PARTY_LEVELS,
  PARTY_SCOPES,
  suggestionStatusSchema,
  volunteerCategorySchema,
} from './responsibility';

export const partyLevelSchema = z.enum(PARTY_LEVELS);
export const partyScopeSchema = z.enum(PARTY_SCOPES);

// Party organisations -------------------------------------------------------------------------

const orgFields = {
  parentId: z.number().int().positive().nullable(),
  level: partyLevelSchema,
  scope: partyScopeSchema,
  name: z.string().trim().min(1).max(80),
  compoundCode: compoundCode.nullable().default(null),
  secretaryPersonId: z.number().int().positive().nullable().default(null),
  buildingCodes: z.array(buildingCode).max(2000).default([]),
};
export const partyOrgCreate = z.object({ communityCode, ...orgFields, parentId: orgFields.parentId.default(null) });
export type PartyOrgInput = z.output<typeof partyOrgCreate>;
export const partyOrgUpdate = z.object({ version, ...orgFields });

export const partyOrgSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  communityCode: z.string(),
  level: partyLevelSchema,
  scope: partyScopeSchema,
  name: z.string(),
  compoundCode: z.string().nullable(),
  secretaryPersonId: z.number().int().nullable(),
  secretaryName: z.string().nullable(),
  buildingCodes: z.array(z.string()),
  version: z.number().int(),
});
export type PartyOrg = z.infer<typeof partyOrgSchema>;

// Party member responsibility areas -----------------------------------------------------------

export const partyAreaBody = z.object({
  personId: z.number().int().positive(),
  name: z.string().trim().max(80).default(''),
  buildingCodes: z.array(buildingCode).max(2000),
});
export type PartyAreaInput = z.output<typeof partyAreaBody>;
export const partyAreaUpdate = partyAreaBody.extend({ version });
export const suggestAreasBody = z.object({ communityCode, tolerance: z.number().min(0).max(2).default(0.25) });

export const partyAreaSchema = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  communityCode: z.string(),
  name: z.string(),
  buildingCodes: z.array(z.string()),
  households: z.number().int(),
  version: z.number().int(),
});
export type PartyArea = z.infer<typeof partyAreaSchema>;

export const areaSuggestionSchema = z.object({
  status: suggestionStatusSchema,
  capacityHouseholds: z.number(),
  areas: z.array(
    z.object({
      personId: z.number().int(),
      personName: z.string(),
      buildingCodes: z.array(z.string()),
      households: z.number(),
      addedHouseholds: z.number(),
    }),
  ),
  /** Residential buildings in no area before the suggestion. */
  unassignedBuildings: z.number().int(),
  /** Party members of the community. */
  members: z.number().int(),
  /** What the planner should know about the proposal (the fallback used, members over capacity, …). */
  notes: z.array(messageSchema),
});
export type AreaSuggestion = z.infer<typeof areaSuggestionSchema>;

// Volunteer teams -----------------------------------------------------------------------------

const teamFields = {
  name: z.string().trim().min(1).max(80),
  category: volunteerCategorySchema,
  leaderPersonId: z.number().int().positive().nullable().default(null),
  memberPersonIds: z.array(z.number().int().positive()).max(1000).default([]),
  compoundCodes: z.array(compoundCode).max(200).default([]),
  cellCodes: z.array(cellCode).max(200).default([]),
};
export const teamCreate = z.object({ communityCode, ...teamFields });
export type VolunteerTeamInput = z.output<typeof teamCreate>;
export const teamUpdate = z.object({ version, ...teamFields });

export const volunteerTeamSchema = z.object({
  id: z.number().int(),
  communityCode: z.string(),
  name: z.string(),
  category: volunteerCategorySchema,
  leaderPersonId: z.number().int().nullable(),
  leaderName: z.string().nullable(),
  members: z.array(z.object({ personId: z.number().int(), name: z.string() })),
  /** Served area; both empty = the whole community. */
  compoundCodes: z.array(z.string()),
  cellCodes: z.array(z.string()),
  version: z.number().int(),
});
export type VolunteerTeam = z.infer<typeof volunteerTeamSchema>;
