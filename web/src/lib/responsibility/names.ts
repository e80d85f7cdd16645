// Names of the responsibility vocabularies in the active language, and server messages whose params
// carry vocabulary codes (a problem's missing person types, a team's categories …).
import { t, tMessage, type Params } from '../i18n/index.svelte';
import type { CellRole, PartyLevel, PartyScope, PersonType, VolunteerCategory } from '$contract/responsibility';
import type { CoverageStatus } from '$contract/responsibility-report';

// The vocabularies in their display order. A Record keyed by the contract's type makes a value
// missing here, or one the server does not know, fail to compile.
const listOf = <T extends string>(order: Record<T, number>) => (Object.keys(order) as T[]).sort((a, b) => order[a] - order[b]);
export const PERSON_TYPES = listOf<PersonType>({
  community_cadre: 0,
  party_group_leader: 1,
  in_service_cadre: 2,
  retiree: 3,
  resident_representative: 4,
  volunteer: 5,
  property_staff: 6,
});
export const VOLUNTEER_CATEGORIES = listOf<VolunteerCategory>({
  convenience: 0,
  poverty_relief: 1,
  employment_guidance: 2,
  public_order: 3,
  health: 4,
  environment: 5,
  publicity_education: 6,
  culture_sports: 7,
});
/** Scopes that fit each level (the server checks the same rule). */
export const SCOPES_OF: Record<PartyLevel, PartyScope[]> = {
  general_branch: ['community'],
  branch: ['compound', 'building'],
  group: ['building', 'compound'],
};
export const PARTY_LEVELS = Object.keys(SCOPES_OF) as PartyLevel[];

export const personType = (type: PersonType) => t(`personType.${type}`);
export const cellRole = (role: CellRole) => t(`cellRole.${role}`);
export const partyLevel = (level: PartyLevel) => t(`partyLevel.${level}`);
export const volunteerCategory = (category: VolunteerCategory) => t(`volunteer.${category}`);
export const partyScope = (scope: PartyScope) => t(`reg.scope.${scope}`);

// Params that hold vocabulary codes, and how to name each code.
const NAMED: Record<string, (code: never) => string> = {
  types: personType,
  categories: volunteerCategory,
  role: cellRole,
  level: partyLevel,
  parentLevel: partyLevel,
};

function named(params: Params): Params {
  const out: Params = { ...params };
  for (const [key, name] of Object.entries(NAMED)) {
    const value = params[key];
    if (Array.isArray(value)) out[key] = value.map((v) => name(v as never));
    else if (typeof value === 'string') out[key] = name(value as never);
  }
  return out;
}

/** A server message (a roster problem, a suggestion note, a row problem …) in the active language. */
export function messageText(m: { code: string; params?: Params; message?: string }): string {
  return tMessage({ ...m, params: named(m.params ?? {}) });
}

/** Map and badge colours per roster status. */
export const STATUS_COLOURS: Record<CoverageStatus, string> = { ok: '#1f9d55', warning: '#f2a93b', error: '#e0542b' };
