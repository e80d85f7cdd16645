// Budget calibration for the demo: the yearly budget must let every community reach the
// standard within two years but not all in the first. Communities are independent apart
// from the budget (shared options are ignored here), so exact per-community enumeration of
// option subsets (at most six options) plus a knapsack over the town is enough.

/** An option as the calibration sees it. */
export interface CostedOption {
  netAreaSquareMetres: number;
  oneOffCostYuan: number;
  yearlyCostYuan: number;
  availableAfterMonths: number;
}

export interface CommunityNeed {
  gapSquareMetres: number;
  options: CostedOption[];
}

/** Spending of one community's plan in year 1 and year 2 of the horizon. */
export interface YearCosts {
  year1: number;
  year2: number;
}

/** The default `facility.maxSitesPerCommunity`: a plan may use at most this many options. */
export const MAX_SITES_PER_COMMUNITY = 2;

function subsets<T>(items: readonly T[], maxSize: number): T[][] {
  const out: T[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) {
    const subset = items.filter((_, i) => mask & (1 << i));
    if (subset.length <= maxSize) out.push(subset);
  }
  return out;
}

const sum = (options: readonly CostedOption[], pick: (o: CostedOption) => number): number =>
  options.reduce((total, o) => total + pick(o), 0);

/**
 * Least year-1 spending that brings the community to standard by the end of year 1, with
 * any number of options: a lower bound for every scenario model (Infinity when impossible).
 */
export function cheapestYearOneCost(need: CommunityNeed): number {
  if (need.gapSquareMetres <= 0) return 0;
  let best = Infinity;
  for (const s of subsets(
    need.options.filter((o) => o.availableAfterMonths <= 12),
    need.options.length,
  )) {
    if (sum(s, (o) => o.netAreaSquareMetres) < need.gapSquareMetres) continue;
    best = Math.min(
      best,
      sum(s, (o) => o.oneOffCostYuan + o.yearlyCostYuan),
    );
  }
  return best;
}

/**
 * The Pareto-optimal (year-1, year-2) spendings of the community's plans that reach the
 * standard within two years using at most `maxSites` options. A plan started in year 1
 * pays its one-off costs then and its leases in both years; a plan started in year 2 pays
 * everything in year 2.
 */
export function twoYearPlans(need: CommunityNeed, maxSites = MAX_SITES_PER_COMMUNITY): YearCosts[] {
  if (need.gapSquareMetres <= 0) return [{ year1: 0, year2: 0 }];
  const plans: YearCosts[] = [];
  for (const s of subsets(
    need.options.filter((o) => o.availableAfterMonths <= 24),
    maxSites,
  )) {
    if (sum(s, (o) => o.netAreaSquareMetres) < need.gapSquareMetres) continue;
    const oneOff = sum(s, (o) => o.oneOffCostYuan);
    const yearly = sum(s, (o) => o.yearlyCostYuan);
    if (s.every((o) => o.availableAfterMonths <= 12)) plans.push({ year1: oneOff + yearly, year2: yearly });
    plans.push({ year1: 0, year2: oneOff + yearly });
  }
  return plans.filter(
    (p) => !plans.some((q) => q !== p && q.year1 <= p.year1 && q.year2 <= p.year2 && (q.year1 < p.year1 || q.year2 < p.year2)),
  );
}

/**
 * A two-year plan for the whole town minimising the larger of the two years' spending:
 * a knapsack over year-1 spending in whole units (rounded up, so the plan found really
 * fits) keeping the least year-2 spending per year-1 total. Infinity when some community
 * cannot reach the standard in two years.
 */
export function balancedTwoYearPlan(needs: readonly CommunityNeed[], maxSites = MAX_SITES_PER_COMMUNITY): YearCosts {
  const perCommunity = needs.map((n) => twoYearPlans(n, maxSites));
  if (perCommunity.some((plans) => plans.length === 0)) return { year1: Infinity, year2: Infinity };
  const cheapestTotal = perCommunity.reduce((t, plans) => t + Math.min(...plans.map((p) => p.year1 + p.year2)), 0);
  // About 4,000 units whatever the town size keeps the knapsack fast and the rounding small.
  const unitYuan = Math.max(1000, Math.ceil(cheapestTotal / 4000));
  const maxUnits = perCommunity.reduce((t, plans) => t + Math.max(...plans.map((p) => Math.ceil(p.year1 / unitYuan))), 0);
  let least = new Float64Array(maxUnits + 1).fill(Infinity);
  least[0] = 0;
  let reach = 0;
  for (const plans of perCommunity) {
    const next = new Float64Array(maxUnits + 1).fill(Infinity);
    let nextReach = reach;
    for (let k = 0; k <= reach; k++) {
      if (least[k] === Infinity) continue;
      for (const p of plans) {
        const k2 = k + Math.ceil(p.year1 / unitYuan);
        const year2 = least[k] + p.year2;
        if (year2 < next[k2]) next[k2] = year2;
        nextReach = Math.max(nextReach, k2);
      }
    }
    least = next;
    reach = nextReach;
  }
  let best: YearCosts = { year1: Infinity, year2: Infinity };
  for (let k = 0; k <= reach; k++) {
    const candidate = { year1: k * unitYuan, year2: least[k] };
    if (Math.max(candidate.year1, candidate.year2) < Math.max(best.year1, best.year2)) best = candidate;
  }
  return best;
}

/** Sum of the communities' cheapest year-1-only costs: what "all compliant in year 1" needs. */
export function yearOneOnlyCost(needs: readonly CommunityNeed[]): number {
  return needs.reduce((t, n) => t + cheapestYearOneCost(n), 0);
}

const roundUpTo10k = (yuan: number): number => Math.ceil(yuan / 10_000) * 10_000;

/**
 * Equal yearly budgets `slack` above the balanced two-year plan's larger year, or null when
 * that budget would also afford doing everything in year 1 (with a 10% margin, so small
 * differences in how a scenario model counts costs cannot flip the property).
 */
export function calibrateBudget(
  needs: readonly CommunityNeed[],
  slack: number,
): { budgetYuan: number; plan: YearCosts; yearOneOnlyYuan: number } | null {
  const plan = balancedTwoYearPlan(needs);
  const budgetYuan = roundUpTo10k(Math.max(plan.year1, plan.year2) * (1 + slack));
  const yearOneOnlyYuan = yearOneOnlyCost(needs);
  if (!Number.isFinite(budgetYuan) || !(yearOneOnlyYuan > budgetYuan * 1.1)) return null;
  return { budgetYuan, plan, yearOneOnlyYuan };
}
