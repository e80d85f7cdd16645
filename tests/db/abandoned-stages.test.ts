/**
 * An import's staging tables outlive a server stopped mid-import on PostgreSQL (they are unlogged
 * tables every connection sees). The next start drops those of imports begun over a day ago, and
 * leaves younger ones, which may be an import another server is running. A backup taken meanwhile
 * leaves them out.
 */
import { describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db';
import { dropAbandonedStages } from '../../server/src/data/write-staged';
import { listTables } from '../../server/src/ops/tables';

const HOUR = 3600_000;

describe('staging tables left behind by a stopped server', () => {
  it('drops those of imports begun over a day ago and keeps younger ones', async () => {
    const db = await testDb();
    const now = Date.parse('2026-12-05T12:00:00Z');
    const old = `import_stage_${(now - 25 * HOUR).toString(36)}_00aa11bb22cc`;
    const young = `import_stage_${(now - 2 * HOUR).toString(36)}_33dd44ee55ff`;
    const tables = [`${old}_fresh`, `${old}_atom`, `${young}_fresh`];
    const stages = () =>
      db.withClient(async (c) =>
        (
          await c.query<{ name: string }>(
            `SELECT relname AS name FROM pg_class WHERE relname LIKE 'import_stage_%' AND relkind = 'r' ORDER BY 1`,
          )
        ).rows.map((r) => r.name),
      );
    await db.withClient((c) => c.exec(tables.map((t) => `CREATE TABLE ${t} (code text);`).join('\n')));
    try {
      const backedUp = (await db.withClient(listTables)).map((t) => t.name);
      expect(backedUp).toContain('building');
      expect(backedUp.filter((name) => name.startsWith('import_stage_'))).toEqual([]);
      expect(await db.withClient((c) => dropAbandonedStages(c, now))).toBe(1);
      expect(await stages()).toEqual([`${young}_fresh`]);
      expect(await db.withClient((c) => dropAbandonedStages(c, now))).toBe(0);
    } finally {
      await db.withClient((c) => c.exec(`DROP TABLE IF EXISTS ${tables.join(', ')}`));
    }
  });
});
