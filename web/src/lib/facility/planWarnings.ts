// Where the approved plan no longer holds: a community whose remaining projects no longer close
// its gap (e.g. after a cancel), or whose projects are overdue (past their planned finish, or
// without one the end of their planned year, by the town's date: the server's `overdue` flag).
// Plain shapes (a board row and a project fit them) so the rule has no imports to test through.

/** The board row fields the rule reads. */
export interface CommunityStanding {
  code: string;
  name: string;
  gapM2: number;
  compliant: boolean;
}

/** The project fields the rule reads. */
export interface TrackedProject {
  communityCode: string;
  status: string;
  netAreaM2: number;
  overdue: boolean;
}

export interface PlanWarning {
  code: string;
  name: string;
  /** Square metres still missing once every planned and in-progress project is delivered; 0 when none. */
  shortM2: number;
  /** Planned or in-progress projects that are overdue. */
  lateCount: number;
}

const OPEN = new Set(['planned', 'in_progress']);

/** One warning per community that an approved plan covers (it has projects) and that falls short or is late. */
export function planWarnings(communities: CommunityStanding[], projects: TrackedProject[]): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const community of communities) {
    const own = projects.filter((p) => p.communityCode === community.code);
    if (own.length === 0) continue;
    const open = own.filter((p) => OPEN.has(p.status));
    const coming = open.reduce((sum, p) => sum + p.netAreaM2, 0);
    // Half a square metre of rounding is not a shortfall.
    const shortM2 = community.compliant || community.gapM2 - coming < 0.5 ? 0 : community.gapM2 - coming;
    const lateCount = open.filter((p) => p.overdue).length;
    if (shortM2 > 0 || lateCount > 0) warnings.push({ code: community.code, name: community.name, shortM2, lateCount });
  }
  return warnings;
}
