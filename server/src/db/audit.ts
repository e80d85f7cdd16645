/** The audit log: who changed what, when, with the record before and after. */
import type { Db, Queryable } from './pool';
import type { AuditRow } from '../contract/system';
import { IMPORT_LAYER_IDS, type ImportHistoryEntry, type ImportLayerId } from '../contract/io';
import { scopeParams, scopeSql } from './scope';
import type { Scope } from '../domain/access/scope';
import { DomainError } from '../domain/errors';

export type { AuditRow };

export interface AuditEntry {
  username: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export async function audit(c: Queryable, entry: AuditEntry): Promise<void> {
  await c.query(
    `INSERT INTO audit_log (username, action, entity, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [
      entry.username,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

/**
 * Runs `work` in a transaction; when it is refused as forbidden (e.g. approving one's own work),
 * records the refusal as `<action>_refused` on its own, since the refused transaction rolls back.
 */
export async function withRefusalAudited<T>(
  db: Db,
  entry: Omit<AuditEntry, 'before' | 'after'>,
  work: (c: Queryable) => Promise<T>,
): Promise<T> {
  try {
    return await db.withTransaction(work);
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'forbidden') {
      await db.withClient((c) => audit(c, { ...entry, action: `${entry.action}_refused`, after: { code: err.code, params: err.params } }));
    }
    throw err;
  }
}

export async function listAudit(c: Queryable, filter: { entity?: string; entityId?: string; limit: number }): Promise<AuditRow[]> {
  const { rows } = await c.query<AuditRow>(
    `SELECT id::int AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
            username, action, entity, entity_id, before, after
       FROM audit_log
      WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)
      ORDER BY id DESC LIMIT $3`,
    [filter.entity ?? null, filter.entityId ?? null, filter.limit],
  );
  return rows;
}

/**
 * The layer imports written, newest first, from their audit entries (a scorecard import is audited
 * as an import too, with no layer, and is not one of them): with a scope, those made by
 * accounts of that scope or inside it (an import records its account's scope; '' = unscoped).
 */
export async function listImports(
  c: Queryable,
  filter: { layer?: ImportLayerId; limit: number; scope?: Scope },
): Promise<ImportHistoryEntry[]> {
  const { rows } = await c.query<ImportHistoryEntry>(
    `SELECT id::int AS id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, username,
            after->>'layer' AS layer, after->>'format' AS format, after->>'crs' AS crs, after->>'mode' AS mode,
            after->>'fileName' AS "fileName", after->'counts' AS counts
       FROM audit_log
      WHERE action = 'import' AND after->>'layer' = ANY($3::text[]) AND ($1::text IS NULL OR after->>'layer' = $1)
        AND ${scopeSql("coalesce(after->>'scope', '')", '$4', '$5')}
      ORDER BY id DESC LIMIT $2`,
    // layer imports only: a grid-plan import is audited too, without a layer's format or counts
    [filter.layer ?? null, filter.limit, IMPORT_LAYER_IDS, ...scopeParams(filter.scope ?? null)],
  );
  return rows;
}
