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

/** Scopes that fit a level: the general branch covers the community; branches a compound or buildings; groups buildings. */
const SCOPES_OF: Record<PartyLevel, readonly PartyScope[]> = {
  general_branch: ['community'],
  branch: ['compound', 'building'],
  group: ['building', 'compound'],
};

export interface PartyParent {
  level: PartyLevel;
  scope: PartyScope;
}

/**
 * Checks an organisation's place in the tree (pure; the route checks the community match):
 * general branch (root) → compound branch → building branch → party group. A building branch may
 * also sit directly under the general branch, and a group under any branch or the general branch.
 */
export function checkPartyStructure(level: PartyLevel, scope: PartyScope, parent: PartyParent | null): PartyStructureProblem {
  if (!SCOPES_OF[level].includes(scope)) {
    return { valid: false, reason: 'scope_level', message: `a ${level} cannot have scope ${scope} (allowed: ${SCOPES_OF[level].join(', ')})` };
  }
  if (level === 'general_branch') {
    return parent === null ? { valid: true } : { valid: false, reason: 'parent_level', message: `a general_branch cannot sit under a ${parent.level}` };
  }
  if (parent === null) return { valid: false, reason: 'root_level', message: `a ${level} needs a parent (the general branch or a branch)` };
  if (parent.level === 'group') return { valid: false, reason: 'parent_level', message: `a ${level} cannot sit under a group` };
  if (level === 'branch' && parent.level === 'branch' && !(parent.scope === 'compound' && scope === 'building')) {
    return { valid: false, reason: 'parent_level', message: 'a branch can sit under another branch only as a building branch under a compound branch' };
  }
  return { valid: true };
}
