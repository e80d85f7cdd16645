/** Accounts and sessions. Session tokens are stored hashed so a database dump can't log anyone in. */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './pool';
import type { Role } from '../contract/auth';
import { SESSION_ABSOLUTE_DAYS, SESSION_IDLE_HOURS, SESSION_TOUCH_SECONDS } from '../domain/auth/throttle';

/** The user a session belongs to, as every handler sees it. */
export interface SessionUser {
  username: string;
  role: Role;
  displayName: string;
  personId: number | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginAccount {
  username: string;
  role: Role;
  display_name: string;
  person_id: number | null;
  password_hash: string;
  active: boolean;
}

export async function findUserForLogin(c: Queryable, username: string): Promise<LoginAccount | undefined> {
  const { rows } = await c.query<LoginAccount>(
    `SELECT username, role, display_name, person_id::int AS person_id, password_hash, active
       FROM app_user WHERE username = $1`,
    [username],
  );
  return rows[0];
}

/** Creates a session (ending at the latest SESSION_ABSOLUTE_DAYS from now) and returns the raw token for the cookie. */
export async function createSession(c: Queryable, username: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await c.query(
    `INSERT INTO session (token_hash, username, expires_at)
     VALUES ($1, $2, now() + make_interval(days => $3))`,
    [hashToken(token), username, SESSION_ABSOLUTE_DAYS],
  );
  return token;
}

/** Deletes sessions past their absolute end or idle for SESSION_IDLE_HOURS. */
export async function purgeExpiredSessions(c: Queryable): Promise<number> {
  const { rowCount } = await c.query(
    'DELETE FROM session WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(hours => $1)',
    [SESSION_IDLE_HOURS],
  );
  return rowCount;
}

/**
 * The user of a live session, or null. Each use slides the idle end, but the last-seen time is
 * written at most once every SESSION_TOUCH_SECONDS so that most lookups stay a single read.
 */
export async function findSessionUser(c: Queryable, token: string): Promise<SessionUser | null> {
  const tokenHash = hashToken(token);
  const { rows } = await c.query<{ username: string; role: Role; display_name: string; person_id: number | null; touch: boolean }>(
    `SELECT u.username, u.role, u.display_name, u.person_id::int AS person_id,
            s.last_seen_at < now() - make_interval(secs => $3) AS touch
       FROM session s JOIN app_user u USING (username)
      WHERE s.token_hash = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(hours => $2) AND u.active`,
    [tokenHash, SESSION_IDLE_HOURS, SESSION_TOUCH_SECONDS],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.touch) await c.query('UPDATE session SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
  return { username: row.username, role: row.role, displayName: row.display_name, personId: row.person_id };
}

export async function deleteSession(c: Queryable, token: string): Promise<void> {
  await c.query('DELETE FROM session WHERE token_hash = $1', [hashToken(token)]);
}
