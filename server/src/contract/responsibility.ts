/**
 * Responsibility (PRODUCT §5.4): the fixed vocabularies, the people register, cell assignments
 * and grid worker suggestions. Party organisations, areas and volunteer teams are in
 * responsibility-party.ts; the coverage report, roster and CSV problems in responsibility-report.ts.
 */
import { z } from 'zod';
import { messageSchema, version } from './common';

export const PERSON_TYPES = [
  'community_cadre',
  'party_group_leader',
  'in_service_cadre',
  'retiree',
  'resident_representative',
  'volunteer',
  'property_staff',
] as const;
export const personTypeSchema = z.enum(PERSON_TYPES);
export type PersonType = z.infer<typeof personTypeSchema>;

/** Roles a person can hold in a cell. */
export const CELL_ROLES = ['grid_leader', 'grid_worker', 'liaison', 'party_member', 'volunteer'] as const;
export const cellRoleSchema = z.enum(CELL_ROLES);
export type CellRole = z.infer<typeof cellRoleSchema>;

export const PARTY_LEVELS = ['general_branch', 'branch', 'group'] as const;
export type PartyLevel = (typeof PARTY_LEVELS)[number];
export const PARTY_SCOPES = ['community', 'compound', 'building'] as const;
export type PartyScope = (typeof PARTY_SCOPES)[number];

export const VOLUNTEER_CATEGORIES = [
  'convenience',
  'poverty_relief',
  'employment_guidance',
  'public_order',
  'health',
  'environment',
  'publicity_education',
  'culture_sports',
] as const;
export const volunteerCategorySchema = z.enum(VOLUNTEER_CATEGORIES);
export type VolunteerCategory = z.infer<typeof volunteerCategorySchema>;

export const communityCode = z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits');
export const cellCode = z.string().regex(/^[0-9]{15}$/, 'a cell code is 15 digits');
export const buildingCode = z.string().regex(/^[0-9]{17}$/, 'a building code is 17 digits');
export const compoundCode = z.string().regex(/^[0-9]{12}-[0-9]{3}$/, 'a compound code is the community code, a dash and 3 digits');

/** Ids up to 2^53 (bigserial columns read as JS numbers). */
export const recordIdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
export const versionQuery = z.object({ version: z.coerce.number().int().positive() });
export const communityQuery = z.object({ community: communityCode });
export const optionalCommunityQuery = z.object({ community: communityCode.optional() });

// People --------------------------------------------------------------------------------------

const personFields = {
  name: z.string().trim().min(1).max(60),
  type: personTypeSchema,
  partyMember: z.boolean(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\- ]{5,20}$/, 'digits, spaces, + and -; 5 to 20 characters')
    .nullable(),
  gender: z.enum(['F', 'M']).nullable(),
  birthYear: z.number().int().min(1900).max(2100).nullable(),
  homeBuildingCode: buildingCode.nullable(),
  notes: z.string().max(500),
};

export const personCreate = z.object({
  communityCode,
  ...personFields,
  partyMember: personFields.partyMember.default(false),
  phone: personFields.phone.default(null),
  gender: personFields.gender.default(null),
  birthYear: personFields.birthYear.default(null),
  homeBuildingCode: personFields.homeBuildingCode.default(null),
  notes: personFields.notes.default(''),
});
export type PersonInput = z.output<typeof personCreate>;
export const personPatch = z.object({ version, ...z.object(personFields).partial().shape });
export type PersonChanges = Omit<z.output<typeof personPatch>, 'version'>;

export const peopleQuery = z.object({
  community: communityCode.optional(),
  type: personTypeSchema.optional(),
  partyMember: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().min(1).max(60).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A person as the register shows them; `phone` is masked unless the caller may see it. */
export const personSchema = z.object({
  id: z.number().int(),
  communityCode: z.string(),
  name: z.string(),
  type: personTypeSchema,
  partyMember: z.boolean(),
  phone: z.string().nullable(),
  gender: z.enum(['F', 'M']).nullable(),
  birthYear: z.number().int().nullable(),
  homeBuildingCode: z.string().nullable(),
  notes: z.string(),
  version: z.number().int(),
  /** Open cell assignments. */
  assignments: z.array(z.object({ id: z.number().int(), cellCode: z.string().nullable(), role: cellRoleSchema })),
});
export type Person = z.infer<typeof personSchema>;

export const peoplePageSchema = z.object({ total: z.number().int(), people: z.array(personSchema) });
export type PeoplePage = z.infer<typeof peoplePageSchema>;

// Cell assignments ----------------------------------------------------------------------------

export const assignmentBody = z.object({ cellCode, personId: z.number().int().positive(), role: cellRoleSchema });
export type NewAssignment = z.infer<typeof assignmentBody>;
export const assignmentBatch = z.object({ assignments: z.array(assignmentBody).min(1).max(500) });
export const assignmentsQuery = z.object({
  community: communityCode.optional(),
  cell: cellCode.optional(),
  person: z.coerce.number().int().positive().optional(),
});
export const endQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const assignmentSchema = z.object({
  id: z.number().int(),
  cellCode: z.string(),
  cellLabel: z.string(),
  communityCode: z.string(),
  personId: z.number().int(),
  personName: z.string(),
  personType: personTypeSchema,
  phone: z.string().nullable(),
  role: cellRoleSchema,
  validFrom: z.string(),
  version: z.number().int(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const createdAssignmentSchema = assignmentBody.extend({ id: z.number().int() });
export const createdIdsSchema = z.object({ ids: z.array(z.number().int()) });

export const suggestWorkersBody = z.object({
  communityCode,
  types: z.array(personTypeSchema).min(1).optional(),
  maxHouseholdsPerWorker: z.number().int().positive().max(100_000).optional(),
});

/** How a suggestion was found: the solver's verdict, or the greedy fallback. */
export const suggestionStatusSchema = z.enum(['optimal', 'time_limit', 'infeasible', 'error', 'greedy']);

export const workerSuggestionSchema = z.object({
  status: suggestionStatusSchema,
  maxHouseholdsPerWorker: z.number(),
  candidateCount: z.number().int(),
  proposals: z.array(
    z.object({
      cellCode: z.string(),
      personId: z.number().int(),
      personName: z.string(),
      personType: personTypeSchema,
      role: z.literal('grid_worker'),
      distanceMetres: z.number(),
    }),
  ),
  /** Cells still short after the proposal, with how many workers they lack. */
  unfilled: z.array(z.object({ cellCode: z.string(), missing: z.number().int(), noWorker: z.boolean() })),
  /** What the planner should know about the proposal (cells left short, the fallback used, …). */
  notes: z.array(messageSchema),
});
export type WorkerSuggestion = z.infer<typeof workerSuggestionSchema>;
