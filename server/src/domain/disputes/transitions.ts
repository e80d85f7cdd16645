/**
 * The life of a case: reported → accepted → mediating → resolved | failed; it may be referred
 * (to the town's mediation committee, the police, the housing office…) from any open status.
 * Resolved and failed are reached only through mediating, so every resolved case was mediated.
 */
import type { DisputeStatus } from '../../contract/disputes';
import { conflict } from '../errors';

/** Allowed next statuses. */
export const TRANSITIONS: Record<DisputeStatus, readonly DisputeStatus[]> = {
  reported: ['accepted', 'referred'],
  accepted: ['mediating', 'referred'],
  mediating: ['resolved', 'failed', 'referred'],
  resolved: [],
  failed: [],
  referred: [],
};

/** Refuses a move the life cycle does not allow, naming the moves that are. */
export function checkTransition(from: DisputeStatus, to: DisputeStatus): void {
  const allowed = TRANSITIONS[from];
  if (!allowed.includes(to))
    throw conflict('dispute.invalid_transition', { from, to, allowed: [...allowed] }, { field: 'json.status', from, allowed });
}

/** True once a case can no longer move. */
export const isClosed = (status: DisputeStatus): boolean => TRANSITIONS[status].length === 0;
