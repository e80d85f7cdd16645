/**
 * Approving a scenario, in one transaction: the previously approved scenario is superseded, every
 * chosen option becomes (or stays) a tracked project, planned projects the new plan drops are
 * cancelled (domain/facility/approval.ts decides which), and the options' statuses follow. The
 * preview of the same steps is what the official confirms. Whoever
 * solved the scenario may approve it only when `approval.allowSelfApproval` is on; the audit row says so.
 */
import type { Queryable } from './pool';
import { conflict, forbidden, notFound, staleVersion, unprocessable } from '../domain/errors';
import { getSettings } from './settings';
import { townToday } from './town-time';
import { approvedScenarioIds, getScenario, setScenarioState } from './facility-plans';
import type { Scope } from '../domain/access/scope';
import { optionStates, setOptionStatus } from './facility-options';
import { insertProject, listProjects, repointProject, setProjectStatus } from './projects';
import { approvalSteps } from '../domain/facility/approval';
import type { ApprovalPreview, ScenarioResult } from '../contract/facility-plans';
import type { Project } from '../contract/projects';

/** The projects an approval for `scope` may keep, move or cancel: those planned or in progress there. */
async function liveProjects(c: Queryable, scope: Scope): Promise<Project[]> {
  const today = await townToday(c);
  return [
    ...(await listProjects(c, today, { status: 'planned', scope })),
    ...(await listProjects(c, today, { status: 'in_progress', scope })),
  ];
}

/** Each community's chosen options, in the plan's order. */
function chosenOptions(result: ScenarioResult) {
  return result.communities.flatMap((community) =>
    community.options.map((option) => ({
      optionCode: option.id,
      optionName: option.name,
      communityCode: community.code,
      communityName: community.name,
      year: option.year,
      cost: option.cost,
    })),
  );
}

/**
 * What approving scenario `id` would do now, for the official's confirmation: the projects it
 * creates, keeps and cancels, its total cost and each year's spending against the budget.
 */
export async function approvalPreview(c: Queryable, id: number): Promise<ApprovalPreview> {
  const row = await getScenario(c, id);
  if (!row) throw notFound('facility.scenario.not_found', { id: String(id) });
  const steps = approvalSteps(chosenOptions(row.result), await liveProjects(c, row.scopeCode));
  const cancelled = (p: Project) => ({
    projectId: p.id,
    optionCode: p.optionCode,
    optionName: p.optionName,
    communityCode: p.communityCode,
    communityName: p.communityName,
    plannedYear: p.plannedYear,
  });
  return {
    created: steps.create,
    kept: steps.keep.map(({ pick }) => pick),
    cancelled: [...steps.replace, ...steps.drop].map(cancelled),
    totalCost: row.result.totalCost,
    byYear: row.result.byYear,
  };
}

export async function approveScenario(c: Queryable, id: number, expectedVersion: number, username: string): Promise<void> {
  const row = await getScenario(c, id, true);
  if (!row) throw notFound('facility.scenario.not_found', { id: String(id) });
  if (row.version !== expectedVersion) throw staleVersion('facility scenario', id, row.version, expectedVersion);
  if (row.scenarioStatus !== 'solved') throw conflict('facility.scenario.not_solved', { id: String(id), state: row.scenarioStatus });
  // Separation of duties: whoever solved a scenario approves it only where the office allows it.
  const selfApproval = row.createdBy === username;
  if (selfApproval && !(await getSettings(c))['approval.allowSelfApproval'])
    throw forbidden('facility.scenario.self_approval', { id: String(id), username });
  const result = row.result;
  const chosen = chosenOptions(result);
  if (chosen.length === 0) throw unprocessable('facility.scenario.nothing_to_approve', { id: String(id), status: result.status });

  const state = await optionStates(
    c,
    chosen.map((x) => x.optionCode),
    true,
  );
  const stale = chosen.filter((x) => {
    const s = state.get(x.optionCode);
    return !s || s.status === 'withdrawn' || s.delivered;
  });
  if (stale.length > 0) {
    const options = stale.map((x) => x.optionCode);
    throw conflict('facility.scenario.options_changed', { id: String(id), options }, { options });
  }

  for (const previous of await approvedScenarioIds(c, row.scopeCode)) await setScenarioState(c, previous, 'superseded', username);

  const steps = approvalSteps(chosen, await liveProjects(c, row.scopeCode));
  for (const project of steps.replace) await setProjectStatus(c, project.id, { status: 'cancelled' }, username);
  for (const { pick, project } of steps.keep) await repointProject(c, project.id, id, pick.year, username);
  for (const pick of steps.create)
    await insertProject(
      c,
      { scenarioId: id, optionCode: pick.optionCode, communityCode: pick.communityCode, plannedYear: pick.year },
      username,
    );
  for (const project of steps.drop) await setProjectStatus(c, project.id, { status: 'cancelled' }, username);
  const kept = new Set(chosen.map((x) => x.optionCode));
  await setOptionStatus(
    c,
    steps.drop.map((p) => p.optionCode),
    'candidate',
    username,
  );
  await setOptionStatus(c, [...kept], 'approved', username);
  await setScenarioState(c, id, 'approved', username, { selfApproval });
}
