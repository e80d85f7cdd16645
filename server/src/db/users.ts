/**
 * Accounts: list, create, change role/cells/disabled, set passwords. Password hashes never leave
 * this file except for the login check, and never enter the audit log.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from './pool';
import type { NewUser, User, UserPatch } from '../contract/users';
import { audit } from './audit';
import { scopeParams, scopeSql } from './scope';
import { conflict, forbidden, invalid, notFound, staleVersion } from '../domain/errors';

interface UserRow {
  username: string;
  role: User['role'];
  display_name: string;
  cell_codes: string[];
  scope_code: string | null;
  active: boolean;
  version: number;
  updated_at: string;
}

const COLUMNS = `username, role, display_name, cell_codes, scope_code, active, version,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at`;

const toUser = (r: UserRow): User => ({
  username: r.username,
  role: r.role,
  displayName: r.display_name,
  cells: r.cell_codes,
  scopeCode: r.scope_code,
  disabled: !r.active,
  version: r.version,
  updatedAt: r.updated_at,
});

export async function listUsers(c: Queryable): Promise<User[]> {
  const { rows } = await c.query<UserRow>(`SELECT ${COLUMNS} FROM app_user ORDER BY username`);
  return rows.map(toUser);
}

export async function getUser(c: Queryable, username: string): Promise<User | undefined> {
  const { rows } = await c.query<UserRow>(`SELECT ${COLUMNS} FROM app_user WHERE username = $1`, [username]);
  return rows[0] && toUser(rows[0]);
}

/** Number of active admins: the system must always keep one. */
export async function countActiveAdmins(c: Queryable): Promise<number> {
  const { rows } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active");
  return rows[0].n;
}

async function checkCells(c: Queryable, cells: string[]): Promise<string[]> {
  const wanted = [...new Set(cells)].sort();
  if (!wanted.length) return wanted;
  const { rows } = await c.query<{ code: string }>('SELECT DISTINCT code FROM grid_cell WHERE code = ANY($1::text[])', [wanted]);
  const known = new Set(rows.map((r) => r.code));
  const unknown = wanted.filter((code) => !known.has(code));
  if (unknown.length) throw invalid('account.unknown_cells', { codes: unknown.join(', ') }, { codes: unknown });
  return wanted;
}

/**
 * `code` as a data scope: refused (scope.unknown) unless it is a known division or some community's
 * code starts with it (a town made from its communities has no division row).
 */
async function checkScope(c: Queryable, code: string | null | undefined): Promise<string | null> {
  if (code === null || code === undefined) return null;
  const { rows } = await c.query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM division WHERE code = $1) OR EXISTS (SELECT 1 FROM community WHERE ${scopeSql('code', '$2', '$3')}) AS known`,
    [code, ...scopeParams(code)],
  );
  if (!rows[0].known) throw invalid('scope.unknown', { code }, { field: 'scopeCode' });
  return code;
}

/** The bounds [west, south, east, north] of a scope's communities; null for no scope or an empty one. */
export async function scopeBbox(c: Queryable, scope: string | null): Promise<[number, number, number, number] | null> {
  if (scope === null) return null;
  const { rows } = await c.query<{ w: number | null; s: number; e: number; n: number }>(
    `SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
       FROM (SELECT ST_Extent(geom)::box2d AS x FROM community WHERE ${scopeSql('code', '$1', '$2')}) e`,
    scopeParams(scope),
  );
  const { w, s, e, n } = rows[0];
  return w === null ? null : [w, s, e, n];
}

/** Creates an account with an already hashed password; `actor` null = the command line. */
export async function createUser(
  c: Queryable,
  user: Omit<NewUser, 'password'> & { passwordHash: string },
  actor: string | null,
): Promise<User> {
  const cells = await checkCells(c, user.cells ?? []);
  const scope = await checkScope(c, user.scopeCode);
  const { rows } = await c.query<UserRow>(
    `INSERT INTO app_user (username, password_hash, role, display_name, cell_codes, scope_code)
     VALUES ($1, $2, $3, $4, $5::text[], $6)
     ON CONFLICT (username) DO NOTHING
     RETURNING ${COLUMNS}`,
    [user.username, user.passwordHash, user.role, user.displayName ?? '', cells, scope],
  );
  if (!rows[0]) throw conflict('account.exists', { username: user.username });
  const created = toUser(rows[0]);
  await audit(c, { username: actor, action: 'create', entity: 'app_user', entityId: user.username, after: created });
  return created;
}

/** Changes role, name, cells, scope or disabled; a disabled account's sessions end at once. */
export async function updateUser(c: Queryable, username: string, patch: UserPatch, actor: string | null): Promise<User> {
  const { rows } = await c.query<UserRow>(`SELECT ${COLUMNS} FROM app_user WHERE username = $1 FOR UPDATE`, [username]);
  if (!rows[0]) throw notFound('account.not_found', { username });
  const before = toUser(rows[0]);
  if (before.version !== patch.version) throw staleVersion('app_user', username, before.version, patch.version);
  if (patch.disabled === true && actor === username) throw forbidden('account.self_disable');
  const losesAdmin =
    before.role === 'admin' && !before.disabled && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'));
  if (losesAdmin && (await countActiveAdmins(c)) <= 1) throw conflict('account.last_admin');
  const cells = patch.cells === undefined ? before.cells : await checkCells(c, patch.cells);
  const scope = patch.scopeCode === undefined ? before.scopeCode : await checkScope(c, patch.scopeCode);
  const updated = await c.query<UserRow>(
    `UPDATE app_user SET role = $2, display_name = $3, cell_codes = $4::text[], active = $5, scope_code = $6,
            version = version + 1, updated_at = now()
      WHERE username = $1 RETURNING ${COLUMNS}`,
    [username, patch.role ?? before.role, patch.displayName ?? before.displayName, cells, !(patch.disabled ?? before.disabled), scope],
  );
  const after = toUser(updated.rows[0]);
  if (after.disabled) await c.query('DELETE FROM session WHERE username = $1', [username]);
  await audit(c, { username: actor, action: 'update', entity: 'app_user', entityId: username, before, after });
  return after;
}

/** The stored hash, for checking a user's current password. */
export async function passwordHashOf(c: Queryable, username: string): Promise<string | undefined> {
  const { rows } = await c.query<{ password_hash: string }>('SELECT password_hash FROM app_user WHERE username = $1', [username]);
  return rows[0]?.password_hash;
}

/**
 * Sets a new (hashed) password and ends the user's sessions, except the one whose raw token is
 * `keepToken` (the session that made the change stays signed in).
 */
export async function setPassword(
  c: Queryable,
  username: string,
  passwordHash: string,
  actor: string | null,
  keepToken?: string,
): Promise<void> {
  const { rowCount } = await c.query(
    'UPDATE app_user SET password_hash = $2, version = version + 1, updated_at = now() WHERE username = $1',
    [username, passwordHash],
  );
  if (!rowCount) throw notFound('account.not_found', { username });
  // Same hashing as db/sessions.ts: only token hashes are stored.
  const keep = keepToken === undefined ? null : createHash('sha256').update(keepToken).digest('hex');
  await c.query('DELETE FROM session WHERE username = $1 AND ($2::text IS NULL OR token_hash <> $2)', [username, keep]);
  await audit(c, { username: actor, action: 'change_password', entity: 'app_user', entityId: username });
}

/** SQL for the codes of the cells an account covers, from SQL expressions for its username and person id. */
export const accountCellsSql = (username: string, personId: string) => `
  SELECT unnest(cell_codes) AS code FROM app_user WHERE username = ${username}
  UNION
  SELECT g.code FROM cell_assignment a JOIN grid_cell g ON g.id = a.cell_id AND g.county_code = a.county_code JOIN grid_plan p ON p.id = g.plan_id AND p.county_code = g.county_code
   WHERE a.person_id = ${personId} AND a.valid_to IS NULL AND p.status = 'published' AND g.code IS NOT NULL`;

/** The cells an account covers: those given to it directly plus those its person is assigned to. */
export async function cellsOfAccount(c: Queryable, username: string, personId: number | null): Promise<string[]> {
  const { rows } = await c.query<{ code: string }>(`${accountCellsSql('$1', '$2')} ORDER BY code`, [username, personId]);
  return rows.map((r) => r.code);
}
