/**
 * The sign-in throttle's rules: how many failures one username and one address may have within
 * the window before sign-in is refused, and how long the caller then waits.
 */

export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;

/** Sessions end after this long without use, and this long after sign-in whatever the use. */
export const SESSION_IDLE_HOURS = 12;
export const SESSION_ABSOLUTE_DAYS = 7;
/** A session's last-seen time is written at most this often, so lookups stay reads. */
export const SESSION_TOUCH_SECONDS = 60;

/**
 * Seconds until sign-in is allowed again, given for each counter the seconds until its window
 * holds fewer failures than its limit (null = under the limit already); null when not blocked.
 */
export function retryAfterSeconds(...untilFree: Array<number | null>): number | null {
  const waits = untilFree.filter((s): s is number => s !== null);
  if (waits.length === 0) return null;
  return Math.max(1, Math.ceil(Math.max(...waits)));
}
