/**
 * Approving a scenario, in one transaction: the previously approved scenario is superseded, every
 * chosen option becomes (or stays) a tracked project, planned projects the new plan drops are
 * cancelled, and the options' statuses follow. Work already in progress is never touched. Whoever
 * solved the scenario may approve it only when `approval.allowSelfApproval` is on; the audit row says so.
 */
import type { Queryable } from './pool';
import { conflict, forbidden, notFound, staleVersion, unprocessable } from '../domain/errors';
import { getSettings } from './settings';
import { townToday } from './town-time';
import { approvedScenarioId, getScenario, setScenarioState } from './facility-plans';
import { optionStates, setOptionStatus } from './facility-options';
import { insertProject, listProjects, repointProject, setProjectStatus } from './projects';

interface ChosenOption {
  optionCode: string;
  communityCode: string;
  year: number;
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
  const chosen: ChosenOption[] = result.communities.flatMap((community) =>
    community.options.map((option) => ({ optionCode: option.id, communityCode: community.code, year: option.year })),
  );
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

  const previous = await approvedScenarioId(c);
  if (previous !== null) await setScenarioState(c, previous, 'superseded', username);

  const today = await townToday(c);
  const live = [...(await listProjects(c, today, { status: 'planned' })), ...(await listProjects(c, today, { status: 'in_progress' }))];
  const liveByOption = new Map(live.map((p) => [p.optionCode, p]));
  for (const pick of chosen) {
    const project = liveByOption.get(pick.optionCode);
    if (project && (project.status === 'in_progress' || project.communityCode === pick.communityCode)) {
      await repointProject(c, project.id, id, pick.year, username);
      continue;
    }
    if (project) await setProjectStatus(c, project.id, { status: 'cancelled' }, username);
    await insertProject(
      c,
      { scenarioId: id, optionCode: pick.optionCode, communityCode: pick.communityCode, plannedYear: pick.year },
      username,
    );
  }
  const kept = new Set(chosen.map((x) => x.optionCode));
  const dropped = live.filter((p) => p.status === 'planned' && !kept.has(p.optionCode));
  for (const project of dropped) await setProjectStatus(c, project.id, { status: 'cancelled' }, username);
  await setOptionStatus(
    c,
    dropped.map((p) => p.optionCode),
    'candidate',
    username,
  );
  await setOptionStatus(c, [...kept], 'approved', username);
  await setScenarioState(c, id, 'approved', username, { selfApproval });
}
