/**
 * What approving a scenario does to the tracked projects, decided once for the approval itself
 * and for the preview the official reads before confirming. A live project of a chosen option is
 * kept (moved under the new scenario) when it is in progress or serves the same community; other
 * chosen options become new projects, and a planned project of the same option elsewhere is
 * cancelled to make way; planned projects whose option the plan drops are cancelled. Work in
 * progress is never cancelled.
 */
import type { ProjectStatus } from '../../contract/projects';

/** The fields of a chosen option the rule reads. */
export interface ApprovalPick {
  optionCode: string;
  communityCode: string;
}

/** The fields of a project the rule reads. */
export interface ApprovalProject {
  optionCode: string;
  communityCode: string;
  status: ProjectStatus;
}

export interface ApprovalSteps<C extends ApprovalPick, P extends ApprovalProject> {
  /** Chosen options that become new projects, in the plan's order. */
  create: C[];
  /** Chosen options whose live project carries on, with that project. */
  keep: { pick: C; project: P }[];
  /** Planned projects of a chosen option that move to another community: cancelled before their option's new project. */
  replace: P[];
  /** Planned projects whose option the plan no longer chooses. */
  drop: P[];
}

export function approvalSteps<C extends ApprovalPick, P extends ApprovalProject>(
  chosen: readonly C[],
  projects: readonly P[],
): ApprovalSteps<C, P> {
  const live = new Map(projects.filter((p) => p.status === 'planned' || p.status === 'in_progress').map((p) => [p.optionCode, p]));
  const steps: ApprovalSteps<C, P> = { create: [], keep: [], replace: [], drop: [] };
  for (const pick of chosen) {
    const project = live.get(pick.optionCode);
    if (project && (project.status === 'in_progress' || project.communityCode === pick.communityCode)) {
      steps.keep.push({ pick, project });
      continue;
    }
    if (project) steps.replace.push(project);
    steps.create.push(pick);
  }
  const kept = new Set(chosen.map((pick) => pick.optionCode));
  steps.drop = [...live.values()].filter((p) => p.status === 'planned' && !kept.has(p.optionCode));
  return steps;
}
