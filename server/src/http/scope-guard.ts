/**
 * Data scopes at the edge: a signed-in account with a scope reaches a community, building, cell
 * or record by its code or id only when it lies inside the scope (403 scope.outside otherwise,
 * asked before the route runs, so the answer is the same whether or not the thing exists). Lists,
 * reports and tiles filter by scope in their own statements (db/scope.ts).
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env';
import { scopeOf } from './auth';
import { communitiesOf, firstCommunityOutside, type ScopedRecord } from '../db/scope';
import { requireInScope } from '../domain/access/scope';
import { forbidden } from '../domain/errors';

/** Paths whose segment after the resource is a code that starts with its community's code. */
const BY_CODE = /^\/api\/(?:communities|buildings|cells)\/([0-9]{12,17})(?:\/|$)/;

/** Paths whose segment after the resource is a record's id (or an option's code). */
const BY_RECORD: [RegExp, ScopedRecord][] = [
  [/^\/api\/grid-plans\/([0-9]+)(?:\/|$)/, 'grid_plan'],
  [/^\/api\/disputes\/([0-9]+)(?:\/|$)/, 'dispute'],
  [/^\/api\/people\/([0-9]+)$/, 'person'],
  [/^\/api\/projects\/([0-9]+)$/, 'facility_project'],
  [/^\/api\/facility-options\/([^/]+)$/, 'facility_option'],
  [/^\/api\/party\/orgs\/([0-9]+)$/, 'party_org'],
  [/^\/api\/party\/areas\/([0-9]+)$/, 'party_area'],
  [/^\/api\/volunteers\/teams\/([0-9]+)$/, 'volunteer_team'],
  [/^\/api\/assignments\/([0-9]+)$/, 'cell_assignment'],
];

/**
 * Query parameters that name a community or a cell (whose code starts with its community's): a
 * list, export or register import asked for one outside the scope is refused like its path would be.
 */
const CODE_QUERIES = ['community', 'cell'];

/** The records a request names: its path's record, or both plans of a comparison. */
function namedRecords(path: string, query: (name: string) => string | undefined): [ScopedRecord, string[]] | null {
  if (path === '/api/grid-plans/compare') {
    const ids = [query('a'), query('b')].filter((id): id is string => id !== undefined && /^[0-9]+$/.test(id));
    return ids.length ? ['grid_plan', ids] : null;
  }
  for (const [pattern, kind] of BY_RECORD) {
    const id = pattern.exec(path)?.[1];
    if (id !== undefined) return [kind, [id]];
  }
  return null;
}

/**
 * Throws scope.outside (403) unless every `kind` record with these ids lies inside a scoped
 * account's scope. An id that names nothing is refused the same way, so a scoped account cannot
 * tell another scope's records from records that do not exist.
 */
export async function requireRecordsInScope(c: Context<AppEnv>, kind: ScopedRecord, ids: string[]): Promise<void> {
  const scope = scopeOf(c);
  if (scope === null) return;
  const communities = await c.var.db.withClient((q) => communitiesOf(q, kind, ids));
  for (const community of communities) requireInScope(scope, community);
  if (communities.length < new Set(ids).size) throw forbidden('scope.outside', { code: ids.join(', '), scope });
}

/**
 * Throws scope.outside (403), naming a community the account cannot see, unless its scope holds
 * every community of the installation: for decisions that apply to all of them.
 */
export async function requireWholeInstallation(c: Context<AppEnv>): Promise<void> {
  const scope = scopeOf(c);
  const outside = await c.var.db.withClient((q) => firstCommunityOutside(q, scope));
  if (outside !== null) requireInScope(scope, outside);
}

export const scopeGuard = createMiddleware<AppEnv>(async (c, next) => {
  const scope = scopeOf(c);
  if (scope === null) return next();
  const code = BY_CODE.exec(c.req.path)?.[1];
  if (code !== undefined) requireInScope(scope, code);
  for (const name of CODE_QUERIES) {
    const value = c.req.query(name);
    if (value !== undefined && /^[0-9]{12,15}$/.test(value)) requireInScope(scope, value);
  }
  const named = namedRecords(c.req.path, (name) => c.req.query(name));
  if (named) await requireRecordsInScope(c, named[0], named[1]);
  return next();
});
