/**
 * The operator commands: `users …`, `backup FILE`, `restore FILE [--force]`. Kept apart from
 * cli.ts, which only hands them the words after the command.
 */
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { openConfigured } from '../db/pool';
import { migrate } from '../db/migrate';
import { runUsersCommand, UsageError, USERS_USAGE } from './users-cli';

export const OPS_COMMANDS = ['users', 'backup', 'restore'] as const;
export const OPS_USAGE = `${USERS_USAGE}
  backup FILE                              the whole database as a gzip of JSON lines (either engine)
  restore FILE [--force]                   into an empty database (--force replaces its data)`;

export { UsageError };

/** Runs one operator command; `args` are the words after it. */
export async function runOpsCommand(command: (typeof OPS_COMMANDS)[number], args: string[]): Promise<void> {
  if (command === 'users') return runUsersCommand(args);
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file) throw new UsageError(`usage: gridplan ${command} FILE${command === 'restore' ? ' [--force]' : ''}`);
  if (command === 'backup' && existsSync(file))
    throw new UsageError(`${file} already exists: a backup never overwrites a file; choose another name`);
  const db = await openConfigured();
  try {
    if (command === 'backup') {
      await migrate(db);
      const { backupDatabase } = await import('./backup');
      const report = await backupDatabase(db, file);
      const megabytes = (statSync(file).size / 1024 / 1024).toFixed(1);
      console.log(
        `backed up ${report.rows} rows of ${report.tables} tables to ${file} (${megabytes} MB) in ${(report.durationMs / 1000).toFixed(1)} s`,
      );
    } else {
      const { restoreDatabase } = await import('./restore');
      const report = await restoreDatabase(db, file, { force: values.force === true, log: console.log });
      console.log(`restored ${report.rows} rows of ${report.tables} tables in ${(report.durationMs / 1000).toFixed(1)} s`);
    }
  } finally {
    await db.close();
  }
}
