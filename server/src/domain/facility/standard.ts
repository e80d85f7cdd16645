// The housing standard for community office and service space (PRODUCT.md §4).

export interface HousingStandard {
  /** Floor below which no community's required area falls, m² (default 300). */
  minimumAreaM2?: number;
  /** Required m² per 100 households (default 30). */
  perHundredHouseholdsM2?: number;
}

/** Required facility area in m²: max(minimum, per-hundred-households × households / 100). */
export function requiredAreaSquareMetres(households: number, standard: HousingStandard = {}): number {
  const { minimumAreaM2 = 300, perHundredHouseholdsM2 = 30 } = standard;
  return Math.max(minimumAreaM2, (perHundredHouseholdsM2 * households) / 100);
}

// Areas are sums of measured floats; a community 1e-6 m² short is compliant, not a rounding victim.
const AREA_TOLERANCE_M2 = 1e-6;

/** Whether a current area meets a required area. */
export function isCompliant(currentAreaM2: number, requiredAreaM2: number): boolean {
  return currentAreaM2 + AREA_TOLERANCE_M2 >= requiredAreaM2;
}
