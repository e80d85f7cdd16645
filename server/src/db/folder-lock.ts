/**
 * One process per embedded data folder. PGlite runs PostgreSQL inside the process that opens
 * it, so two processes on one folder each keep their own copy of the database in memory and
 * overwrite each other's writes. Whoever opens a folder holds `gridplan.lock` in it (created
 * atomically, naming pid, host, command and start time) until it closes the database; a lock
 * left by a dead process on this host is taken over.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

export const LOCK_FILE = 'gridplan.lock';

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

/** Raised when another live process holds the folder; its message names the holder. */
export class FolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `data folder ${dataDir} is in use by ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); ` +
        `stop it first or run the command against the server's database`,
    );
    this.name = 'FolderInUseError';
  }
}

export interface FolderLock {
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** What this process is, as other processes will read it: `gridplan serve`, `gridplan backup`. */
export function describeCommand(argv: string[] = process.argv): string {
  const script = path.basename(argv[1] ?? '');
  if (/^(gridplan(\.js)?|cli\.ts)$/.test(script)) return `gridplan ${argv[2] ?? ''}`.trim();
  return script || 'node';
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined; // missing, or half-written by a process that died writing it
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isStale = (h: LockHolder | undefined) => !h || (h.host === hostname() && h.pid !== process.pid && !alive(h.pid));

/** Takes the folder's lock or throws FolderInUseError naming the live holder. */
export function lockFolder(dataDir: string, command = describeCommand()): FolderLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  // Written under a private name, then hard-linked into place: link fails if the lock exists,
  // so the lock appears complete or not at all.
  const mine = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(mine, JSON.stringify(holder));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, file);
        return ownLock(file, holder);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = readHolder(file);
      if (!isStale(current)) throw new FolderInUseError(dataDir, current!);
      // Move the stale lock aside under our own name before looking again, so two processes
      // taking over at once cannot both delete a lock the other has just made.
      const aside = `${file}.stale.${process.pid}`;
      try {
        renameSync(file, aside);
      } catch {
        continue; // someone else moved it first; look again
      }
      const moved = readHolder(aside);
      if (!isStale(moved)) {
        // We moved a fresh lock another process had just taken: put it back and report it.
        try {
          linkSync(aside, file);
        } catch {
          /* a third process holds it now; it will be reported on the next look */
        }
        unlinkSync(aside);
        throw new FolderInUseError(dataDir, moved!);
      }
      unlinkSync(aside);
    }
    throw new Error(`could not take the lock of data folder ${dataDir}`);
  } finally {
    unlinkSync(mine);
  }
}

function ownLock(file: string, holder: LockHolder): FolderLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    const current = readHolder(file);
    if (current?.pid === holder.pid && current.startedAt === holder.startedAt) unlinkSync(file);
  };
  // A command that ends with process.exit() still leaves the folder free.
  process.on('exit', release);
  return { holder, release };
}
