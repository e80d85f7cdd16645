import { describe, expect, it } from 'vitest';
import { facilityInputSchema, findUnknownReferences } from '../../../server/src/domain/facility';
import { option, scenario } from './fixtures';

describe('facilityInputSchema', () => {
  it('fills defaults for optional settings', () => {
    const input: Record<string, unknown> = { ...scenario() };
    for (const key of ['years', 'accessibilityWeight', 'maxSitesPerCommunity', 'forceUse', 'requireFallbackForUncertain'])
      delete input[key];
    const parsed = facilityInputSchema.parse(input);
    expect(parsed).toMatchObject({
      years: 2,
      accessibilityWeight: 0,
      maxSitesPerCommunity: null,
      forceUse: [],
      requireFallbackForUncertain: false,
    });
  });

  it('needs one budget entry per year', () => {
    const result = facilityInputSchema.safeParse(scenario({ years: 3 }));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({ path: ['budgetPerYear'], message: 'budgetPerYear has 2 entries, expected at least 3 (one per year)' }),
    );
  });

  it('rejects duplicate option ids and negative areas, naming the field', () => {
    const result = facilityInputSchema.safeParse(scenario({ options: [option('x'), option('x', { areaM2: -5 })] }));
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toContain('options.1.areaM2: areaM2 must be ≥ 0');
    const duplicate = facilityInputSchema.safeParse(scenario({ options: [option('x'), option('x')] }));
    expect(duplicate.error?.issues[0]?.message).toBe('options[1].id "x" is a duplicate');
  });
});

describe('findUnknownReferences', () => {
  it('lists forced, forbidden and community ids that match nothing', () => {
    const input = scenario({
      options: [
        option('a1', {
          communities: [
            { code: 'A', distanceMetres: 0 },
            { code: 'Z', distanceMetres: 10 },
          ],
        }),
      ],
      forceUse: ['a1', 'nope'],
      forbid: ['gone'],
    });
    expect(findUnknownReferences(input)).toEqual({ forceUse: ['nope'], forbid: ['gone'], optionCommunities: ['Z'] });
  });
});
