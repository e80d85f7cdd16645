/** The life of a facility project: planned → in_progress → delivered; either of the first two may be cancelled. */
import type { ProjectStatus } from '../../contract/projects';
import { conflict } from '../errors';

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
