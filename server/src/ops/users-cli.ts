/**
 * `gridplan users add|passwd|list|disable|enable`: accounts from the command line, so a
 * production database gets its first admin without the demo town. Passwords come from standard
 * input (`--password-stdin`) or GRIDPLAN_PASSWORD, never from the command line, where other
 * users of the machine and the shell history could read them.
 */
import { parseArgs } from 'node:util';
import { openConfigured, type Db } from '../db/pool';
import { migrate } from '../db/migrate';
import { createUser, getUser, listUsers, setPassword, updateUser } from '../db/users';
import { hashPassword } from '../domain/auth/password';
import { MIN_PASSWORD_LENGTH, ROLES, roleSchema, scopeCodeSchema, usernameSchema } from '../contract/users';
import { msg } from '../contract/messages';

export const USERS_USAGE = `  users add NAME --role ${ROLES.join('|')} [--cells CODE,…] [--scope CODE] [--display-name TEXT]
        password from --password-stdin or GRIDPLAN_PASSWORD (at least ${MIN_PASSWORD_LENGTH} characters);
        --scope: the only city, county, town or community (4, 6, 9 or 12 digits) the account sees
  users scope NAME CODE|all                the account's data scope (all = the whole installation)
  users passwd NAME                        new password, from the same sources; ends NAME's sessions
  users list
  users disable NAME | users enable NAME   a disabled account cannot log in; its sessions end`;

/** A usage or input problem: printed without a stack, exit code 2. */
export class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The new password from stdin or GRIDPLAN_PASSWORD; refuses one given as an option. */
export async function readPassword(opts: { stdin: boolean; env: NodeJS.ProcessEnv; read?: () => Promise<string> }): Promise<string> {
  let password: string | undefined;
  if (opts.stdin) password = (await (opts.read ?? readStdin)()).replace(/\r?\n$/, '');
  else password = opts.env.GRIDPLAN_PASSWORD;
  if (password === undefined) throw new UsageError('give the password on standard input with --password-stdin, or in GRIDPLAN_PASSWORD');
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(msg('account.password_too_short', { minimum: MIN_PASSWORD_LENGTH }).message);
  return password;
}

function username(value: string | undefined): string {
  const checked = usernameSchema.safeParse(value);
  if (!checked.success) throw new UsageError(`NAME: ${value === undefined ? 'missing' : '2-40 characters: a-z, 0-9, _ . -'}`);
  return checked.data;
}

function scopeArgument(value: string): string {
  const checked = scopeCodeSchema.safeParse(value);
  if (!checked.success || checked.data === null)
    throw new UsageError('scope: a city, county, town or community code (4, 6, 9 or 12 digits)');
  return checked.data;
}

async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openConfigured();
  try {
    // The first admin of a new database comes from here, so the schema must exist first.
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Runs `gridplan users …`; `args` are the words after `users`. */
export async function runUsersCommand(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  print = (line: string) => console.log(line),
): Promise<void> {
  if (args.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new UsageError('passwords are not taken on the command line (other users can see it); use --password-stdin or GRIDPLAN_PASSWORD');
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      cells: { type: 'string' },
      scope: { type: 'string' },
      'display-name': { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  const [sub, name] = positionals;
  switch (sub) {
    case 'add': {
      const user = username(name);
      const role = roleSchema.safeParse(values.role);
      if (!role.success) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const cells = values.cells
        ? values.cells
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
      const bad = cells.filter((code) => !/^[0-9]{15}$/.test(code));
      if (bad.length) throw new UsageError(`--cells: not 15-digit cell codes: ${bad.join(', ')}`);
      const scopeCode = values.scope === undefined ? null : scopeArgument(values.scope);
      const passwordHash = await hashPassword(await readPassword({ stdin: values['password-stdin'] === true, env }));
      const created = await withDatabase((db) =>
        db.withTransaction((c) =>
          createUser(c, { username: user, role: role.data, cells, scopeCode, displayName: values['display-name'], passwordHash }, null),
        ),
      );
      print(`added ${created.username} (${created.role})${created.cells.length ? `, cells ${created.cells.join(', ')}` : ''}`);
      return;
    }
    case 'passwd': {
      const user = username(name);
      const passwordHash = await hashPassword(await readPassword({ stdin: values['password-stdin'] === true, env }));
      await withDatabase((db) => db.withTransaction((c) => setPassword(c, user, passwordHash, null)));
      print(`password of ${user} changed; its sessions have ended`);
      return;
    }
    case 'list': {
      const users = await withDatabase((db) => db.withClient((c) => listUsers(c)));
      for (const u of users) {
        print([u.username, u.role, u.disabled ? 'disabled' : 'active', u.cells.join(','), u.scopeCode ?? ''].join('\t').trimEnd());
      }
      return;
    }
    case 'scope': {
      const user = username(name);
      const word = positionals[2];
      if (word === undefined) throw new UsageError('usage: gridplan users scope NAME CODE|all');
      const scopeCode = word === 'all' ? null : scopeArgument(word);
      await withDatabase((db) =>
        db.withTransaction(async (c) => {
          const current = await getUser(c, user);
          await updateUser(c, user, { version: current?.version ?? 1, scopeCode }, null);
        }),
      );
      print(`${user} sees ${scopeCode ?? 'the whole installation'}`);
      return;
    }
    case 'disable':
    case 'enable': {
      const user = username(name);
      await withDatabase((db) =>
        db.withTransaction(async (c) => {
          const current = await getUser(c, user);
          // updateUser reports the unknown name in its own words.
          await updateUser(c, user, { version: current?.version ?? 1, disabled: sub === 'disable' }, null);
        }),
      );
      print(`${user} ${sub}d`);
      return;
    }
    default:
      throw new UsageError(`usage: gridplan users …\n${USERS_USAGE}`);
  }
}
