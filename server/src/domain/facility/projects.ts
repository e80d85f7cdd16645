/** The life of a facility project: planned → in_progress → delivered; either of the first two may be cancelled. */
import type { ProjectStatus } from '../../contract/projects';
import { conflict, unprocessable } from '../errors';

/** Allowed next states. */
export const TRANSITIONS: Record<ProjectStatus, ProjectStatus[]> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
};

/** Refuses a move the life cycle does not allow, naming the moves that are. */
export function checkTransition(from: ProjectStatus, to: ProjectStatus): void {
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(to)) throw conflict('project.invalid_transition', { from, to, allowed }, { field: 'json.status', from, allowed });
}

/** A project's owner, dates and progress as stored. */
export interface ProjectSchedule {
  ownerPersonId: number | null;
  ownerName: string;
  plannedStart: string | null;
  plannedFinish: string | null;
  actualStart: string | null;
  actualFinish: string | null;
  progressPercent: number;
}

export type ScheduleChange = Partial<Omit<ProjectSchedule, 'ownerName'>> & { ownerName?: string };

/**
 * The schedule after a change (and possibly a move to `status`), checked against the town's
 * date: finishes come after starts, actual dates are not in the future and only exist once the
 * project has started (or been delivered). A move to started records today as the actual
 * start unless given; a move to delivered records the finish; delivered means 100 %. Dates are YYYY-MM-DD strings,
 * so they compare as text.
 */
export function nextSchedule(
  current: ProjectSchedule,
  change: ScheduleChange,
  { status, moved }: { status: ProjectStatus; moved: boolean },
  today: string,
): ProjectSchedule {
  const given = definedOnly(change);
  const next: ProjectSchedule = { ...scheduleOf(current), ...given };
  const changesSomething = (Object.keys(given) as (keyof ProjectSchedule)[]).some((key) => given[key] !== current[key]);
  if (status === 'cancelled' && changesSomething) throw conflict('project.cancelled_final', {});
  if (moved && (status === 'in_progress' || status === 'delivered')) next.actualStart ??= today;
  if (status === 'delivered') {
    if (moved) next.actualFinish ??= today;
    if (change.progressPercent !== undefined && change.progressPercent !== 100)
      throw unprocessable('project.field.progress_delivered', { field: 'json.progressPercent' }, { field: 'json.progressPercent' });
    next.progressPercent = 100;
  }
  if (next.plannedStart && next.plannedFinish && next.plannedFinish < next.plannedStart)
    throw field('project.field.finish_before_start', 'json.plannedFinish', { start: next.plannedStart, finish: next.plannedFinish });
  for (const name of ['actualStart', 'actualFinish'] as const) {
    const value = next[name];
    if (value && value > today) throw field('project.field.actual_in_future', `json.${name}`, { date: value, today });
  }
  if (next.actualStart && status === 'planned') throw field('project.field.not_started', 'json.actualStart', {});
  if (next.actualFinish && status !== 'delivered') throw field('project.field.not_delivered', 'json.actualFinish', {});
  if (next.actualStart && next.actualFinish && next.actualFinish < next.actualStart)
    throw field('project.field.finish_before_start', 'json.actualFinish', { start: next.actualStart, finish: next.actualFinish });
  return next;
}

function field(
  code:
    'project.field.finish_before_start' | 'project.field.actual_in_future' | 'project.field.not_started' | 'project.field.not_delivered',
  name: string,
  params: Record<string, string>,
) {
  return unprocessable(code, { field: name, ...params }, { field: name });
}

/** The schedule fields of a project row. */
export function scheduleOf(p: ProjectSchedule): ProjectSchedule {
  const { ownerPersonId, ownerName, plannedStart, plannedFinish, actualStart, actualFinish, progressPercent } = p;
  return { ownerPersonId, ownerName, plannedStart, plannedFinish, actualStart, actualFinish, progressPercent };
}

function definedOnly<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<T>;
}
