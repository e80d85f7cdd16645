// The signed-in user's to-do list (待办) behind the header badge.
// Refreshed on sign-in, on every screen change and after a minute on the same screen.
import { request } from '../api';
import type { Inbox, InboxItem } from '$contract/inbox';

const REFRESH_MS = 60_000;

let current = $state.raw<Inbox | null>(null);
let loading: Promise<void> | null = null;

export const inbox = {
  /** The last answer, or null when signed out or not loaded yet. */
  get value(): Inbox | null {
    return current;
  },
  /** Ask the server again (one request at a time). */
  refresh(): Promise<void> {
    loading ??= request<Inbox>('GET', '/api/inbox')
      .then(
        (answer) => void (current = answer),
        () => undefined, // The badge simply stays as it was; the screens show their own errors.
      )
      .finally(() => (loading = null));
    return loading;
  },
  clear(): void {
    current = null;
  },
  refreshMs: REFRESH_MS,
};

/** The screen that acts on an item: the grid plan, the responsibility page or the projects. */
export function itemTarget(item: InboxItem): string {
  switch (item.kind) {
    case 'plan_submitted':
    case 'plan_returned':
      return `/grid/${item.communityCode}`;
    case 'cells_unstaffed':
      return `/coverage/${item.communityCode}`;
    case 'project_due':
    case 'project_overdue':
      return '/facility';
  }
}
