/** Which to-do items each role is asked to act on; admins see everything. */
import type { Role } from '../../contract/auth';
import { INBOX_KINDS, type InboxKind } from '../../contract/inbox';

const BY_ROLE: Record<Role, readonly InboxKind[]> = {
  admin: INBOX_KINDS,
  official: ['plan_submitted', 'project_due', 'project_overdue'],
  planner: ['plan_returned', 'cells_unstaffed'],
  worker: [],
  viewer: [],
};

/** The kinds of to-do item a role acts on. */
export function inboxKindsFor(role: Role): readonly InboxKind[] {
  return BY_ROLE[role];
}
