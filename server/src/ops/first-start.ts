/**
 * What `serve` does with a database that has no accounts. Only a brand-new embedded data folder
 * (absent or empty before this start) gets the demo town with its demo accounts; a folder made
 * by `gridplan migrate` or any database reached through DATABASE_URL gets migrations only, and
 * the server refuses to start until an admin account exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { openConfigured, type Db } from '../db/pool';
import { countActiveAdmins } from '../db/users';
import { DEMO_USERNAMES } from '../../../data/loader/wipe';

/** The embedded data folder the configuration names, or undefined with DATABASE_URL. */
export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DATABASE_URL ? undefined : (env.GRIDPLAN_DATA_DIR ?? '.gridplan');
}

/** True when the configured database is an embedded folder that does not exist yet or is empty. Call before opening. */
export function isBrandNewDataFolder(env: NodeJS.ProcessEnv = process.env): boolean {
  const dir = embeddedDataDir(env);
  return dir !== undefined && (!existsSync(dir) || readdirSync(dir).length === 0);
}

/** A database being opened: when it began, whether its folder was brand new, and the database once open. */
export interface Opening {
  started: number;
  brandNew: boolean;
  db: Promise<Db>;
}

/**
 * Begins opening the configured database. `serve` calls it before loading the server's modules:
 * the embedded database opens on its own thread (about 3.5 s for a town's folder) while this
 * thread loads them (about 1 s).
 */
export function beginOpening(log: (line: string) => void): Opening {
  const started = Date.now();
  const dir = embeddedDataDir();
  log(`opening ${dir === undefined ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${dir}`}…`);
  const brandNew = isBrandNewDataFolder();
  const db = openConfigured();
  // A failure is reported where the server awaits it, not as an unhandled rejection meanwhile.
  db.catch(() => undefined);
  return { started, brandNew, db };
}

export const NO_ADMIN_HELP = `no admin account in this database. Create one, then start again:
  GRIDPLAN_PASSWORD='…at least 10 characters…' gridplan users add NAME --role admin
  (or pipe the password in: … | gridplan users add NAME --role admin --password-stdin)
For a demo town with the demo accounts instead, run: gridplan demo`;

/** Raised by `serve` when no active admin exists; the message says how to make one. */
export class NoAdminError extends Error {
  constructor() {
    super(NO_ADMIN_HELP);
    this.name = 'NoAdminError';
  }
}

/**
 * Loads the demo town into a brand-new embedded folder (with a warning about its accounts), then
 * makes sure an admin exists. Closes the database before throwing NoAdminError.
 */
export async function prepareAccounts(
  db: Db,
  opts: { brandNew: boolean; log: (line: string) => void; loadDemo: () => Promise<void> },
): Promise<void> {
  const accounts = await db.withClient((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user'));
  if (db.kind === 'pglite' && opts.brandNew && accounts.rows[0].n === 0) {
    opts.log('new data folder: loading the demo town (first start only)…');
    await opts.loadDemo();
    opts.log(
      `WARNING: this is a demo town with demo accounts ${DEMO_USERNAMES.join(', ')} (password "demo"). ` +
        'Do not put real data here; see "Accounts" in the README.',
    );
  }
  if ((await db.withClient((c) => countActiveAdmins(c))) === 0) {
    await db.close();
    throw new NoAdminError();
  }
}
