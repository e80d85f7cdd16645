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
  /** The account's data scope: a division or community code prefix, null = the whole installation. */
  scopeCode: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginAccount {
  username: string;
  role: Role;
  display_name: string;
  person_id: number | null;
  scope_code: string | null;
  password_hash: string;
  active: boolean;
}

export async function findUserForLogin(c: Queryable, username: string): Promise<LoginAccount | undefined> {
  const { rows } = await c.query<LoginAccount>(
    `SELECT username, role, display_name, person_id::int AS person_id, scope_code, password_hash, active
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
 * CTEs `viewer` (the live session's user, no row when none) and `touched`, from SQL expressions for
 * the token hash, the idle hours and the touch seconds. Each use slides the idle end, but the
 * last-seen time is written at most once every SESSION_TOUCH_SECONDS, inside the same statement,
 * so a session check is one round trip; statements that need the user too (a signed-in lookup)
 * put these CTEs in front of their own.
 */
export const sessionCtes = (tokenHash: string, idleHours: string, touchSeconds: string) => `
  viewer AS (
    SELECT u.username, u.role, u.display_name, u.person_id::int AS person_id, u.scope_code,
           s.last_seen_at < now() - make_interval(secs => ${touchSeconds}) AS touch
      FROM session s JOIN app_user u USING (username)
     WHERE s.token_hash = ${tokenHash} AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(hours => ${idleHours}) AND u.active),
  touched AS (
    UPDATE session SET last_seen_at = now()
     WHERE token_hash = ${tokenHash} AND EXISTS (SELECT 1 FROM viewer WHERE touch) RETURNING 1),`;

/** The parameters `sessionCtes` expects for a session token, in its order. */
export const sessionParams = (token: string): [string, number, number] => [hashToken(token), SESSION_IDLE_HOURS, SESSION_TOUCH_SECONDS];

export interface ViewerRow {
  username: string;
  role: Role;
  display_name: string;
  person_id: number | null;
  scope_code: string | null;
}

export const toSessionUser = (row: ViewerRow): SessionUser => ({
  username: row.username,
  role: row.role,
  displayName: row.display_name,
  personId: row.person_id,
  scopeCode: row.scope_code,
});

const SESSION_USER_SQL = `WITH ${sessionCtes('$1', '$2', '$3').replace(/,$/, '')}
  SELECT username, role, display_name, person_id, scope_code FROM viewer`;

/** The user of a live session, or null (one prepared statement; slides the idle end). */
export async function findSessionUser(c: Queryable, token: string): Promise<SessionUser | null> {
  const { rows } = await c.query<ViewerRow>(SESSION_USER_SQL, sessionParams(token), 'session_user');
  return rows[0] ? toSessionUser(rows[0]) : null;
}

export async function deleteSession(c: Queryable, token: string): Promise<void> {
  await c.query('DELETE FROM session WHERE token_hash = $1', [hashToken(token)]);
}
