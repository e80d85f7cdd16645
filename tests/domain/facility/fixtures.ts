// Builders for hand-written facility scenarios: defaults are a plain, certain, one-off option.
import type { FacilityCommunity, FacilityInput, FacilityOption } from '../../../server/src/domain/facility';

export function option(id: string, overrides: Partial<FacilityOption> = {}): FacilityOption {
  return {
    id,
    method: 'expand_renovate',
    areaM2: 200,
    releasedAreaM2: 0,
    oneOffCost: 100_000,
    yearlyCost: 0,
    availableAfterMonths: 6,
    needsApproval: false,
    uncertain: false,
    communities: [{ code: 'A', distanceMetres: 0 }],
    ...overrides,
  };
}

export function community(code: string, requiredAreaM2: number, currentAreaM2: number, households = 2000): FacilityCommunity {
  return { code, name: `community ${code}`, households, requiredAreaM2, currentAreaM2 };
}

export function scenario(overrides: Partial<FacilityInput> = {}): FacilityInput {
  return {
    startYear: 2008,
    years: 2,
    budgetPerYear: [1_000_000, 1_000_000],
    accessibilityWeight: 0,
    maxSitesPerCommunity: null,
    communities: [community('A', 600, 400)],
    options: [option('a1')],
    forceUse: [],
    forbid: [],
    requireFallbackForUncertain: false,
    ...overrides,
  };
}
