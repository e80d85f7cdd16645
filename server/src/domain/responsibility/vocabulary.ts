/** The fixed vocabularies of responsibility (PRODUCT §3, §5.4), shared by routes, rules and CSV. */

export const PERSON_TYPES = [
  'community_cadre',
  'party_group_leader',
  'in_service_cadre',
  'retiree',
  'resident_representative',
  'volunteer',
  'property_staff',
] as const;
export type PersonType = (typeof PERSON_TYPES)[number];

/** Roles a person can hold in a cell; the schema also knows `party_member` and `volunteer`. */
export const CELL_ROLES = ['grid_leader', 'grid_worker', 'liaison', 'party_member', 'volunteer'] as const;
export type CellRole = (typeof CELL_ROLES)[number];

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
export type VolunteerCategory = (typeof VOLUNTEER_CATEGORIES)[number];

/** Person types that can serve as grid workers when the planner asks for suggestions. */
export const DEFAULT_WORKER_TYPES: readonly PersonType[] = ['community_cadre', 'in_service_cadre', 'retiree', 'volunteer', 'resident_representative'];

/** Participant types the plan expects in every cell when no setting says otherwise. */
export const DEFAULT_REQUIRED_PARTICIPANT_TYPES: readonly PersonType[] = ['community_cadre', 'party_group_leader', 'resident_representative', 'volunteer'];

export type PartyStructureProblem =
  | { valid: true }
  | { valid: false; reason: 'parent_level' | 'scope_level' | 'root_level'; message: string };

/** Which level may sit under which: general branch (root) → branch → group; a group may also sit directly under the general branch. */
const PARENT_OF: Record<PartyLevel, readonly (PartyLevel | null)[]> = {
  general_branch: [null],
  branch: ['general_branch'],
  group: ['branch', 'general_branch'],
};

/** Scopes that fit a level: the general branch covers the community; branches a compound or buildings; groups buildings. */
const SCOPES_OF: Record<PartyLevel, readonly PartyScope[]> = {
  general_branch: ['community'],
  branch: ['compound', 'building'],
  group: ['building', 'compound'],
};

/** Checks a party organisation's place in the tree (pure; the route checks the community match). */
export function checkPartyStructure(level: PartyLevel, scope: PartyScope, parentLevel: PartyLevel | null): PartyStructureProblem {
  if (!SCOPES_OF[level].includes(scope)) {
    return { valid: false, reason: 'scope_level', message: `a ${level} cannot have scope ${scope} (allowed: ${SCOPES_OF[level].join(', ')})` };
  }
  if (!PARENT_OF[level].includes(parentLevel)) {
    if (parentLevel === null) return { valid: false, reason: 'root_level', message: `a ${level} needs a parent (${PARENT_OF[level].join(' or ')})` };
    return { valid: false, reason: 'parent_level', message: `a ${level} cannot sit under a ${parentLevel}` };
  }
  return { valid: true };
}
