/** The system routes: health and the audit log. */
import { z } from 'zod';

/** PRODUCT §7: public shape. */
export const healthSchema = z.object({
  ok: z.literal(true),
  database: z.enum(['pglite', 'postgres']),
  postgis: z.string(),
  /** Present when a read replica (DATABASE_READ_URL) serves lookups and tiles. */
  replica: z
    .object({
      inRecovery: z.boolean().describe('true when the replica is a standby replaying the primary'),
      lagSeconds: z.number().nullable().describe('seconds since the last replayed transaction; null before the first'),
    })
    .optional(),
});
export type Health = z.infer<typeof healthSchema>;

export const auditQuery = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditRowSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;
