// The signed-in user, shared by the header and any screen that adapts to the role.
import { api, ApiError, setMapScope } from './api';
import type { CurrentUser } from '$contract/auth';

let user = $state<CurrentUser | null>(null);
let checked = $state(false);

// Remembered so anonymous visitors do not ask /api/auth/me (a 401 would be logged by the browser).
const hintKey = 'gridplan.signedIn';
function setHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(hintKey, '1');
    else localStorage.removeItem(hintKey);
  } catch {
    // Without storage every visit simply asks the server.
  }
}
function hasHint(): boolean {
  try {
    return localStorage.getItem(hintKey) === '1';
  } catch {
    return true;
  }
}

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
  async refresh({ force = false } = {}): Promise<void> {
    if (!force && !hasHint()) {
      checked = true;
      return;
    }
    try {
      user = await api.me();
      setMapScope(user.scopeCode);
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 404)) {
        console.warn('Could not check the session:', error);
      }
      user = null;
      setMapScope(null);
      setHint(false);
    } finally {
      checked = true;
    }
  },

  /** Sign in; throws ApiError (code `auth.wrong_credentials` for a wrong password) on failure. */
  async login(username: string, password: string): Promise<void> {
    const result = await api.login(username, password);
    user = { ...result, cells: [], scopeCode: null, scopeBbox: null };
    setHint(true);
    // The login answer has no cell list or scope; /me fills them in without blocking the caller.
    void this.refresh({ force: true });
  },

  async logout(): Promise<void> {
    try {
      await api.logout();
    } finally {
      user = null;
      setMapScope(null);
      setHint(false);
    }
  },
};
