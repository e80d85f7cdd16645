/** Optimistic locking for the registers: lock a record and check the caller's version before changing it. */
import type { Queryable } from './pool';
import { notFound, staleVersion } from '../domain/errors';
import type { MessageCode } from '../contract/messages';

type Register = { table: 'person' | 'party_org' | 'party_area' | 'volunteer_team'; entity: string; missing: MessageCode };

export const REGISTERS = {
  person: { table: 'person', entity: 'person', missing: 'people.not_found' },
  partyOrg: { table: 'party_org', entity: 'party organisation', missing: 'party.not_found' },
  partyArea: { table: 'party_area', entity: 'party area', missing: 'party_areas.not_found' },
  volunteerTeam: { table: 'volunteer_team', entity: 'volunteer team', missing: 'volunteers.not_found' },
} as const satisfies Record<string, Register>;

/** Locks the record for this transaction; unknown id → not found, other version → stale. */
export async function lockVersion(c: Queryable, register: Register, id: number, expectedVersion: number): Promise<void> {
  // The table name comes from the allow-list above, never from a request.
  const { rows } = await c.query<{ version: number }>(`SELECT version FROM ${register.table} WHERE id = $1 FOR UPDATE`, [id]);
  if (!rows[0]) throw notFound(register.missing, { id });
  if (rows[0].version !== expectedVersion) throw staleVersion(register.entity, id, rows[0].version, expectedVersion);
}
