/** The fixed vocabularies of responsibility (PRODUCT §3, §5.4), shared by routes, rules and CSV, and the party tree's shape. */
import type { MessageParams } from '../../contract/messages';
import type { PartyLevel, PartyScope, PersonType } from '../../contract/responsibility';

export {
  CELL_ROLES,
  PARTY_LEVELS,
  PARTY_SCOPES,
  PERSON_TYPES,
  VOLUNTEER_CATEGORIES,
  type CellRole,
  type PartyLevel,
  type PartyScope,
  type PersonType,
  type VolunteerCategory,
} from '../../contract/responsibility';

/** Person types that can serve as grid workers when the planner asks for suggestions. */
export const DEFAULT_WORKER_TYPES: readonly PersonType[] = [
  'community_cadre',
  'in_service_cadre',
  'retiree',
  'volunteer',
  'resident_representative',
];

/** Participant types the plan expects in every cell when no setting says otherwise. */
export const DEFAULT_REQUIRED_PARTICIPANT_TYPES: readonly PersonType[] = [
  'community_cadre',
  'party_group_leader',
  'resident_representative',
  'volunteer',
];

export type PartyStructureReason =
  'party.scope_level' | 'party.general_branch_parent' | 'party.root_level' | 'party.under_group' | 'party.branch_under_branch';

export type PartyStructureProblem = { valid: true } | { valid: false; reason: PartyStructureReason; params: MessageParams };

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
 * Checks an organisation's place in the tree (pure; the caller checks the community match):
 * general branch (root) → compound branch → building branch → party group. A building branch may
 * also sit directly under the general branch, and a group under any branch or the general branch.
 */
export function checkPartyStructure(level: PartyLevel, scope: PartyScope, parent: PartyParent | null): PartyStructureProblem {
  if (!SCOPES_OF[level].includes(scope)) {
    return { valid: false, reason: 'party.scope_level', params: { level, scope, allowed: [...SCOPES_OF[level]] } };
  }
  if (level === 'general_branch') {
    return parent === null
      ? { valid: true }
      : { valid: false, reason: 'party.general_branch_parent', params: { parentLevel: parent.level } };
  }
  if (parent === null) return { valid: false, reason: 'party.root_level', params: { level } };
  if (parent.level === 'group') return { valid: false, reason: 'party.under_group', params: { level } };
  if (level === 'branch' && parent.level === 'branch' && !(parent.scope === 'compound' && scope === 'building')) {
    return { valid: false, reason: 'party.branch_under_branch', params: {} };
  }
  return { valid: true };
}
