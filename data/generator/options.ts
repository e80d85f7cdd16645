// Candidate acquisition options for non-compliant communities, following the demo cost
// table of PRODUCT §5.5. Costs are stored as totals for the option (rate × area). Every
// community is made able to reach the standard in year 1 with at most two options (so the
// budget, not timing, is what stretches the plan over two years), and many get a cheap
// space reserved in a new development that only arrives in year 2.
import type { Prng } from './prng';
import type { AcquisitionMethod } from './types';
import { MAX_GAP_M2 } from './facilities';
import { MAX_SITES_PER_COMMUNITY, type CommunityNeed } from './budget';

interface MethodTerms {
  areaM2: [number, number];
  oneOffPerM2: [number, number];
  yearlyPerM2: [number, number];
  months: [number, number];
}

export const METHOD_TERMS: Record<AcquisitionMethod, MethodTerms> = {
  reserve_in_new_development: { areaM2: [150, 600], oneOffPerM2: [0, 500], yearlyPerM2: [0, 0], months: [12, 30] },
  expand_renovate: { areaM2: [100, 400], oneOffPerM2: [1200, 2500], yearlyPerM2: [0, 0], months: [6, 12] },
  reallocate_idle_public: { areaM2: [150, 800], oneOffPerM2: [600, 1000], yearlyPerM2: [0, 0], months: [3, 9] },
  swap: { areaM2: [100, 500], oneOffPerM2: [500, 1500], yearlyPerM2: [0, 0], months: [6, 12] },
  lease: { areaM2: [100, 500], oneOffPerM2: [50, 150], yearlyPerM2: [220, 440], months: [1, 3] },
};

const METHODS = Object.keys(METHOD_TERMS) as AcquisitionMethod[];

/** An option before it has a place and a name: areas in m², rates in CNY per m². */
export interface OptionTerms {
  method: AcquisitionMethod;
  /** Area gained; for a swap the net gain (new space minus the space given up). */
  netAreaM2: number;
  releasedAreaM2: number;
  oneOffPerM2: number;
  yearlyPerM2: number;
  availableAfterMonths: number;
  needsApproval: boolean;
  uncertain: boolean;
  shareRadiusM: number | null;
}

const round10 = (m2: number): number => Math.round(m2 / 10) * 10;
const clamp = (value: number, [lo, hi]: [number, number]): number => Math.min(hi, Math.max(lo, value));

function draw(rng: Prng, method: AcquisitionMethod, gapM2: number, currentM2: number, sizeFactor: number): OptionTerms {
  const terms = METHOD_TERMS[method];
  const netAreaM2 = clamp(round10(gapM2 * sizeFactor), terms.areaM2);
  const releasedAreaM2 = method === 'swap' ? Math.max(20, round10(Math.min(currentM2, 250) * rng.float(0.3, 0.8))) : 0;
  return {
    method,
    netAreaM2,
    releasedAreaM2,
    oneOffPerM2: Math.round(rng.float(...terms.oneOffPerM2) / 10) * 10,
    yearlyPerM2: Math.round(rng.float(...terms.yearlyPerM2) / 10) * 10,
    availableAfterMonths: rng.int(...terms.months),
    needsApproval: method === 'reallocate_idle_public',
    uncertain: method === 'reallocate_idle_public' ? rng.chance(0.4) : method === 'reserve_in_new_development' && rng.chance(0.2),
    shareRadiusM: rng.chance(0.25) ? rng.int(8, 15) * 100 : null,
  };
}

export function costsOf(o: OptionTerms): { oneOffCostYuan: number; yearlyCostYuan: number } {
  return {
    oneOffCostYuan: Math.round((o.oneOffPerM2 * o.netAreaM2) / 100) * 100,
    yearlyCostYuan: Math.round((o.yearlyPerM2 * o.netAreaM2) / 100) * 100,
  };
}

export function needOf(gapM2: number, options: readonly OptionTerms[]): CommunityNeed {
  return {
    gapSquareMetres: gapM2,
    options: options.map((o) => ({ netAreaSquareMetres: o.netAreaM2, availableAfterMonths: o.availableAfterMonths, ...costsOf(o) })),
  };
}

function yearOneReachable(gapM2: number, options: readonly OptionTerms[]): boolean {
  const areas = options
    .filter((o) => o.availableAfterMonths <= 12)
    .map((o) => o.netAreaM2)
    .sort((a, b) => b - a);
  return areas.slice(0, MAX_SITES_PER_COMMUNITY).reduce((t, a) => t + a, 0) >= gapM2;
}

/** Puts `option` in place of one not available in year 1, else appends it, else replaces one (never `keep`). */
function replaceLateOption(options: OptionTerms[], option: OptionTerms, keep: number): void {
  const late = options.findIndex((o, i) => i !== keep && o.availableAfterMonths > 12);
  if (late >= 0) options[late] = option;
  else if (options.length < 6) options.push(option);
  else options[keep === 0 ? 1 : 0] = option;
}

/** 2–6 options of mixed methods for a community short of `gapM2`. */
export function optionTermsFor(rng: Prng, gapM2: number, currentM2: number): OptionTerms[] {
  if (gapM2 > MAX_GAP_M2) throw new Error(`gap ${gapM2} m² exceeds what the option table can cover`);
  const count = rng.int(2, 6);
  const methods = rng.shuffle(METHODS).slice(0, 2);
  while (methods.length < count) methods.push(rng.pick(METHODS));
  const options = methods.map((m) => draw(rng, m, gapM2, currentM2, rng.float(0.45, 1.3)));
  if (rng.chance(0.6) && !options.some((o) => o.method === 'reserve_in_new_development' && o.availableAfterMonths <= 24)) {
    // A development completing in year 2 with room enough: cheap, but not in time for year 1.
    const reserve = draw(rng, 'reserve_in_new_development', gapM2, currentM2, rng.float(1.0, 1.3));
    reserve.availableAfterMonths = rng.int(13, 24);
    if (options.length < 6) options.push(reserve);
    else options[options.length - 1] = reserve;
  }
  if (!yearOneReachable(gapM2, options)) {
    // Idle public property sized to the gap (reallocations reach 800 m²) …
    const idle = draw(rng, 'reallocate_idle_public', gapM2, currentM2, 1);
    idle.netAreaM2 = Math.min(800, Math.max(150, Math.ceil(gapM2 / 10) * 10));
    replaceLateOption(options, idle, -1);
    // … and for the largest gaps a small lease beside it covers the rest.
    if (!yearOneReachable(gapM2, options)) {
      const lease = draw(rng, 'lease', gapM2, currentM2, 1);
      lease.netAreaM2 = Math.max(100, Math.ceil((gapM2 - idle.netAreaM2) / 10) * 10);
      replaceLateOption(options, lease, options.indexOf(idle));
    }
  }
  return options;
}
