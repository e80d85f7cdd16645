// Types of the facility-space scenario optimiser (PRODUCT.md §5.5).
import type { Message } from '../../contract/messages';
import type { AcquisitionMethod } from '../../contract/facility';
import type { SolveStatus, YearFigure } from '../../contract/facility-plans';

export type { AcquisitionMethod };

/**
 * A candidate way to acquire space. Costs are TOTAL CNY amounts for the whole option — the caller
 * multiplies per-m² rates by the area before calling the optimiser.
 */
export interface FacilityOption {
  id: string;
  method: AcquisitionMethod;
  /** Floor area the option provides, m². */
  areaM2: number;
  /** Existing space a swap gives up, m² (0 for every other method); net gain = areaM2 − releasedAreaM2. */
  releasedAreaM2: number;
  /** Paid once, in the year the option enters service. */
  oneOffCost: number;
  /** Paid in every year from the year the option enters service to the end of the horizon (leases). */
  yearlyCost: number;
  /** Months from the start of the plan until the space can be in service. */
  availableAfterMonths: number;
  needsApproval: boolean;
  uncertain: boolean;
  /** Communities the option may serve: its home plus neighbours within the share radius. */
  communities: { code: string; distanceMetres: number }[];
}

export interface FacilityCommunity {
  code: string;
  name: string;
  households: number;
  requiredAreaM2: number;
  currentAreaM2: number;
}

export interface FacilityInput {
  /** Calendar year in which the plan starts, e.g. 2008. */
  startYear: number;
  /** Deadline in years (default 2): every community must be compliant at the end of the last one. */
  years: number;
  /** Budget per plan year, CNY; at least `years` entries, unspent money does not carry over. */
  budgetPerYear: number[];
  /** CNY per household-km between a community and the option serving it; 0 ignores distance. */
  accessibilityWeight: number;
  /** At most this many options per community; null for no cap. */
  maxSitesPerCommunity: number | null;
  communities: FacilityCommunity[];
  options: FacilityOption[];
  /** Option ids that must be used (for whichever community the optimiser picks). */
  forceUse: string[];
  /** Option ids that must not be used. */
  forbid: string[];
  /** Each community must meet the standard by the deadline from certain options alone. */
  requireFallbackForUncertain: boolean;
}

export type FacilityStatus = SolveStatus;

export interface ChosenOption {
  id: string;
  method: AcquisitionMethod;
  areaM2: number;
  /** Total CNY spent on this option within the horizon (one-off plus yearly payments). */
  cost: number;
  /** Calendar year the option enters service. */
  year: number;
}

export interface CommunityPlan {
  code: string;
  requiredAreaM2: number;
  currentAreaM2: number;
  /** Area in service at the end of the last plan year. */
  reachedAreaM2: number;
  /** First calendar year at whose end the community is compliant; null if never within the horizon. */
  compliantYear: number | null;
  options: ChosenOption[];
  /** The community's own figures and what was chosen or why nothing was; null when compliant from the start. */
  explanation: Message | null;
}

/** Communities compliant at the end of each year (counting those compliant from the start), cost and budget. */
export type YearSummary = YearFigure;

export interface FacilityResult {
  status: FacilityStatus;
  /** CNY spent within the horizon (excludes the accessibility penalty). */
  totalCost: number;
  /** The accessibility penalty of the plan, CNY (accessibilityWeight × households × km). */
  accessibilityCost: number;
  gap: number | null;
  solveMs: number;
  byYear: YearSummary[];
  communities: CommunityPlan[];
  /** Communities that miss the goal, each with the reason and the figures that qualify it. */
  infeasible: FailureReason[];
  /** Things the caller should know that concern options rather than communities (ignored forces). */
  notes: Message[];
  /**
   * Partial plans: the most communities that can meet the goal as far as the solver proved. Equal
   * to the plan's compliant count when that count is proven the best possible; higher when the time
   * limit stopped the proof (then some communities listed as failing might yet comply). Else null.
   */
  compliantBound: number | null;
}

/** Why one community misses the goal: a coded reason, then coded details (figures, limits). */
export interface FailureReason {
  code: string;
  reason: Message;
  details: Message[];
}

export interface FacilitySolveOptions {
  /** Wall-clock limit for all MIP solves of one call, seconds (default 30). */
  timeLimitSeconds?: number;
}
