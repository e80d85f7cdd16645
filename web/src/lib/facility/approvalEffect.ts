// What approving a scenario will change, worked out before the official confirms: the same rules
// as the server's approval (a live project of a chosen option is kept when it is in progress or
// serves the same community; other chosen options become new projects; planned projects the plan
// drops are cancelled). Plain shapes (a scenario and a project fit them) so the rule has no
// imports to test through.

/** The scenario fields the rule reads. */
export interface PlannedScenario {
  totalCost: number;
  byYear: { year: number; cost: number; budget: number }[];
  communities: { code: string; name: string; options: { id: string; name: string; year: number; cost: number }[] }[];
}

/** The project fields the rule reads. */
export interface LiveProject {
  optionCode: string;
  optionName: string;
  communityCode: string;
  communityName: string;
  status: string;
}

export interface ApprovalPick {
  optionName: string;
  communityName: string;
  year: number;
  cost: number;
}

export interface ApprovalEffect<P extends LiveProject = LiveProject> {
  created: ApprovalPick[];
  kept: ApprovalPick[];
  cancelled: P[];
  /** Communities that get a new project, in the scenario's order. */
  communities: string[];
  totalCost: number;
  /** The plan years with what the scenario spends and what was budgeted in each. */
  years: { year: number; cost: number; budget: number }[];
}

export function approvalEffect<P extends LiveProject>(scenario: PlannedScenario, projects: readonly P[]): ApprovalEffect<P> {
  const live = new Map(projects.filter((p) => p.status === 'planned' || p.status === 'in_progress').map((p) => [p.optionCode, p]));
  const created: ApprovalPick[] = [];
  const kept: ApprovalPick[] = [];
  const cancelled: P[] = [];
  const chosen = new Set<string>();
  for (const community of scenario.communities) {
    for (const option of community.options) {
      chosen.add(option.id);
      const pick = { optionName: option.name, communityName: community.name, year: option.year, cost: option.cost };
      const project = live.get(option.id);
      if (project && (project.status === 'in_progress' || project.communityCode === community.code)) {
        kept.push(pick);
        continue;
      }
      if (project) cancelled.push(project);
      created.push(pick);
    }
  }
  for (const project of live.values()) if (project.status === 'planned' && !chosen.has(project.optionCode)) cancelled.push(project);
  return {
    created,
    kept,
    cancelled,
    communities: [...new Set(created.map((pick) => pick.communityName))],
    totalCost: scenario.totalCost,
    years: scenario.byYear.map((y) => ({ year: y.year, cost: y.cost, budget: y.budget })),
  };
}
