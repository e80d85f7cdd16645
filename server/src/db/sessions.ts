/** Accounts and sessions. Session tokens are stored hashed so a database dump can't log anyone in. */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './pool';
import type { Role } from '../contract/auth';
import { verifyPassword } from '../domain/auth/password';
import { audit } from './audit';

/** The user a session belongs to, as every handler sees it. */
export interface SessionUser {
  username: string;
  role: Role;
  displayName: string;
  personId: number | null;
}

export const SESSION_HOURS = 12;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  username: string;
  role: Role;
  display_name: string;
  person_id: number | null;
  password_hash: string;
  active: boolean;
}

export async function findUserForLogin(c: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await c.query<UserRow>(
    `SELECT username, role, display_name, person_id::int AS person_id, password_hash, active
       FROM app_user WHERE username = $1`,
    [username],
  );
  return rows[0];
}

/**
 * Checks a username and password; on success audits the sign-in and opens a session. Null for
 * an unknown user, an inactive one or a wrong password alike: no account probing.
 */
export async function signIn(c: Queryable, username: string, password: string): Promise<{ token: string; user: SessionUser } | null> {
  const row = await findUserForLogin(c, username);
  if (!row || !row.active || !(await verifyPassword(password, row.password_hash))) return null;
  await audit(c, { username, action: 'login', entity: 'app_user', entityId: username });
  const token = await createSession(c, username);
  return { token, user: { username: row.username, role: row.role, displayName: row.display_name, personId: row.person_id } };
}

/** Creates a session and returns the raw token for the cookie. */
export async function createSession(c: Queryable, username: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await c.query(
    `INSERT INTO session (token_hash, username, expires_at)
     VALUES ($1, $2, now() + make_interval(hours => $3))`,
    [hashToken(token), username, SESSION_HOURS],
  );
  return token;
}

export async function findSessionUser(c: Queryable, token: string): Promise<SessionUser | null> {
  const { rows } = await c.query<{ username: string; role: Role; display_name: string; person_id: number | null }>(
    `SELECT u.username, u.role, u.display_name, u.person_id::int AS person_id
       FROM session s JOIN app_user u USING (username)
      WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
    [hashToken(token)],
  );
  const row = rows[0];
  return row ? { username: row.username, role: row.role, displayName: row.display_name, personId: row.person_id } : null;
}

export async function deleteSession(c: Queryable, token: string): Promise<void> {
  await c.query('DELETE FROM session WHERE token_hash = $1', [hashToken(token)]);
}

/** Codes of the currently valid cells a person is assigned to (any role). */
export async function cellCodesOfPerson(c: Queryable, personId: number): Promise<string[]> {
  const { rows } = await c.query<{ code: string }>(
    `SELECT DISTINCT g.code
       FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id
       JOIN grid_plan p ON p.id = g.plan_id
      WHERE a.person_id = $1 AND a.valid_to IS NULL AND p.status = 'published' AND g.code IS NOT NULL
      ORDER BY g.code`,
    [personId],
  );
  return rows.map((r) => r.code);
}
