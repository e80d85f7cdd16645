// Validation of a scenario request and the check for ids the caller got wrong. The optimiser trusts
// its input; routes parse with this schema first.
import { z } from 'zod';
import { acquisitionMethodSchema as methodSchema } from '../../contract/facility';
import type { FacilityInput } from './types';

const amount = (label: string) => z.number({ error: `${label} must be a finite number` }).nonnegative({ error: `${label} must be ≥ 0` });

const optionSchema = z.object({
  id: z.string().min(1),
  method: methodSchema,
  areaM2: amount('areaM2'),
  releasedAreaM2: amount('releasedAreaM2').default(0),
  oneOffCost: amount('oneOffCost'),
  yearlyCost: amount('yearlyCost').default(0),
  availableAfterMonths: amount('availableAfterMonths'),
  needsApproval: z.boolean().default(false),
  uncertain: z.boolean().default(false),
  communities: z.array(z.object({ code: z.string().min(1), distanceMetres: amount('distanceMetres') })),
});

const communitySchema = z.object({
  code: z.string().min(1),
  name: z.string(),
  households: amount('households'),
  requiredAreaM2: amount('requiredAreaM2'),
  currentAreaM2: amount('currentAreaM2'),
});

export const facilityInputSchema = z
  .object({
    startYear: z.number().int(),
    years: z.number().int().min(1, { error: 'years must be at least 1' }).max(50).default(2),
    budgetPerYear: z.array(amount('budgetPerYear')),
    accessibilityWeight: amount('accessibilityWeight').default(0),
    maxSitesPerCommunity: z.number().int().min(1).nullable().default(null),
    communities: z.array(communitySchema),
    options: z.array(optionSchema),
    forceUse: z.array(z.string()).default([]),
    forbid: z.array(z.string()).default([]),
    requireFallbackForUncertain: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    if (input.budgetPerYear.length < input.years) {
      ctx.addIssue({
        code: 'custom',
        path: ['budgetPerYear'],
        message: `budgetPerYear has ${input.budgetPerYear.length} entries, expected at least ${input.years} (one per year)`,
      });
    }
    for (const [list, key] of [
      ['communities', 'code'],
      ['options', 'id'],
    ] as const) {
      const seen = new Set<string>();
      input[list].forEach((entry: { code: string } | { id: string }, index) => {
        const value = 'code' in entry ? entry.code : entry.id;
        if (seen.has(value))
          ctx.addIssue({ code: 'custom', path: [list, index, key], message: `${list}[${index}].${key} "${value}" is a duplicate` });
        seen.add(value);
      });
    }
  }) satisfies z.ZodType<FacilityInput>;

export interface UnknownReferences {
  forceUse: string[];
  forbid: string[];
  /** Community codes named by options but absent from `communities` (those links are ignored). */
  optionCommunities: string[];
}

/** Ids in forceUse/forbid that match no option, and community codes options name but nobody has. */
export function findUnknownReferences(input: FacilityInput): UnknownReferences {
  const optionIds = new Set(input.options.map((option) => option.id));
  const communityCodes = new Set(input.communities.map((community) => community.code));
  const missingCodes = new Set<string>();
  for (const option of input.options) {
    for (const { code } of option.communities) if (!communityCodes.has(code)) missingCodes.add(code);
  }
  return {
    forceUse: input.forceUse.filter((id) => !optionIds.has(id)),
    forbid: input.forbid.filter((id) => !optionIds.has(id)),
    optionCommunities: [...missingCodes],
  };
}
