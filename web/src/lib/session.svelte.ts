// The signed-in user, shared by the header and any screen that adapts to the role.
import { api, ApiError } from './api';
import type { CurrentUser } from './api-types';

let user = $state<CurrentUser | null>(null);
let checked = $state(false);

export const session = {
  /** The signed-in user, or null when signed out (or not yet checked). */
  get user(): CurrentUser | null {
    return user;
  },
  /** True once the first /api/auth/me answer (or failure) has arrived. */
  get checked(): boolean {
    return checked;
  },

  /** Ask the server who we are; a 401 simply means signed out. */
  async refresh(): Promise<void> {
    try {
      user = await api.me();
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 404)) {
        console.warn('Could not check the session:', error);
      }
      user = null;
    } finally {
      checked = true;
    }
  },

  /** Sign in; throws ApiError with the server's message on failure. */
  async login(username: string, password: string): Promise<void> {
    const result = await api.login(username, password);
    user = { ...result, cells: [] };
    // The login answer has no cell list; /me fills it in without blocking the caller.
    void this.refresh();
  },

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      user = null;
    }
  },
};
