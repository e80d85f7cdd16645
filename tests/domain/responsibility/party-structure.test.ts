import { describe, expect, it } from 'vitest';
import { checkPartyStructure } from '../../../server/src/domain/responsibility/vocabulary';

const general = { level: 'general_branch', scope: 'community' } as const;
const compoundBranch = { level: 'branch', scope: 'compound' } as const;
const buildingBranch = { level: 'branch', scope: 'building' } as const;
const group = { level: 'group', scope: 'building' } as const;

describe('checkPartyStructure', () => {
  it('accepts general branch → compound branch → building branch → party group', () => {
    expect(checkPartyStructure('general_branch', 'community', null)).toEqual({ valid: true });
    expect(checkPartyStructure('branch', 'compound', general)).toEqual({ valid: true });
    expect(checkPartyStructure('branch', 'building', compoundBranch)).toEqual({ valid: true });
    expect(checkPartyStructure('group', 'building', buildingBranch)).toEqual({ valid: true });
    expect(checkPartyStructure('branch', 'building', general)).toEqual({ valid: true });
    expect(checkPartyStructure('group', 'building', general)).toEqual({ valid: true });
  });

  it('rejects roots below the top, anything under a group, a compound branch under a branch and misplaced scopes', () => {
    expect(checkPartyStructure('branch', 'compound', null)).toMatchObject({
      valid: false,
      reason: 'party.root_level',
      params: { level: 'branch' },
    });
    expect(checkPartyStructure('branch', 'compound', group)).toMatchObject({ valid: false, reason: 'party.under_group' });
    expect(checkPartyStructure('branch', 'compound', compoundBranch)).toMatchObject({ valid: false, reason: 'party.branch_under_branch' });
    expect(checkPartyStructure('branch', 'building', buildingBranch)).toMatchObject({ valid: false, reason: 'party.branch_under_branch' });
    expect(checkPartyStructure('general_branch', 'compound', null)).toMatchObject({
      valid: false,
      reason: 'party.scope_level',
      params: { level: 'general_branch', scope: 'compound', allowed: ['community'] },
    });
    expect(checkPartyStructure('general_branch', 'community', compoundBranch)).toMatchObject({
      valid: false,
      reason: 'party.general_branch_parent',
      params: { parentLevel: 'branch' },
    });
  });
});
