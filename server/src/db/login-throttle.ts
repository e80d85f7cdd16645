/**
 * Failed sign-ins, kept in the database so every server process counts the same ones. An attempt
 * is written as a failure before the password is checked (and removed if it succeeds), so
 * parallel guesses cannot all slip in under the limit.
 */
import type { Queryable } from './pool';
import { LOGIN_WINDOW_MINUTES, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_USERNAME, retryAfterSeconds } from '../domain/auth/throttle';
import { audit } from './audit';

/** Why a sign-in failed, as the audit log records it. */
export type LoginFailureReason = 'unknown_user' | 'inactive' | 'wrong_password' | 'too_many_attempts';

export type LoginAttempt = { attemptId: number; retryAfterSeconds?: undefined } | { attemptId?: undefined; retryAfterSeconds: number };

/**
 * Opens an attempt for `username` from `address` (null when unknown: only the username counts),
 * on the caller's transaction. Refused, audited, with the seconds to wait, when either counter
 * is at its limit.
 */
export async function beginLoginAttempt(c: Queryable, username: string, address: string | null): Promise<LoginAttempt> {
  // Serialises attempts on the same username and address across processes (username first, always).
  await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login-username:${username}`]);
  if (address !== null) await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`login-address:${address}`]);
  await c.query('DELETE FROM login_failure WHERE at <= now() - make_interval(mins => $1)', [LOGIN_WINDOW_MINUTES]);
  // For each counter: when its limit-th newest failure leaves the window, it is under the limit again.
  const { rows } = await c.query<{ username_wait: number | null; address_wait: number | null }>(
    `SELECT (SELECT extract(epoch FROM at + make_interval(mins => $3) - now())::float8 FROM login_failure
              WHERE username = $1 AND counts_for_username ORDER BY at DESC, id DESC OFFSET $4 LIMIT 1) AS username_wait,
            (SELECT extract(epoch FROM at + make_interval(mins => $3) - now())::float8 FROM login_failure
              WHERE $2::text IS NOT NULL AND address = $2 ORDER BY at DESC, id DESC OFFSET $5 LIMIT 1) AS address_wait`,
    [username, address, LOGIN_WINDOW_MINUTES, MAX_FAILURES_PER_USERNAME - 1, MAX_FAILURES_PER_ADDRESS - 1],
  );
  const wait = retryAfterSeconds(rows[0].username_wait, rows[0].address_wait);
  if (wait !== null) {
    await auditLoginFailure(c, username, address, 'too_many_attempts');
    return { retryAfterSeconds: wait };
  }
  const inserted = await c.query<{ id: number }>('INSERT INTO login_failure (username, address) VALUES ($1, $2) RETURNING id::int AS id', [
    username,
    address,
  ]);
  return { attemptId: inserted.rows[0].id };
}

/** A successful attempt: it was no failure, and the username starts counting afresh (the address does not). */
export async function clearLoginAttempt(c: Queryable, attemptId: number, username: string): Promise<void> {
  await c.query('DELETE FROM login_failure WHERE id = $1', [attemptId]);
  await c.query('UPDATE login_failure SET counts_for_username = false WHERE username = $1 AND counts_for_username', [username]);
}

/** The audit row of a failed sign-in: the username tried, the address and why; never the password. */
export async function auditLoginFailure(c: Queryable, username: string, address: string | null, reason: LoginFailureReason): Promise<void> {
  await audit(c, { username: null, action: 'login_failed', entity: 'app_user', entityId: username, after: { username, address, reason } });
}
