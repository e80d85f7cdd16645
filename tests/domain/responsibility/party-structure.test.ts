import { describe, expect, it } from 'vitest';
import { checkPartyStructure } from '../../../server/src/domain/responsibility/vocabulary';

describe('checkPartyStructure', () => {
  it('accepts general branch → compound branch → building group', () => {
    expect(checkPartyStructure('general_branch', 'community', null)).toEqual({ valid: true });
    expect(checkPartyStructure('branch', 'compound', 'general_branch')).toEqual({ valid: true });
    expect(checkPartyStructure('branch', 'building', 'general_branch')).toEqual({ valid: true });
    expect(checkPartyStructure('group', 'building', 'branch')).toEqual({ valid: true });
  });

  it('rejects a branch without a parent, a branch under a group and a general branch scoped to a compound', () => {
    expect(checkPartyStructure('branch', 'compound', null)).toMatchObject({ valid: false, reason: 'root_level' });
    expect(checkPartyStructure('branch', 'compound', 'group')).toMatchObject({ valid: false, reason: 'parent_level' });
    expect(checkPartyStructure('general_branch', 'compound', null)).toMatchObject({ valid: false, reason: 'scope_level' });
    expect(checkPartyStructure('general_branch', 'community', 'branch')).toMatchObject({ valid: false, reason: 'parent_level' });
  });
});
