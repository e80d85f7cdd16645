/** Runs `gridplan …` and fixtures as child processes with their own environment. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../e2e/helpers/server';

export { freePort, REPO_ROOT } from '../e2e/helpers/server';

export interface Child {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** Resolves when the output contains `text` (rejects if the process ends first). */
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
}

/** Starts `node bin/gridplan.js ARGS` (or a tsx script when `script` is given) in the repository. */
export function start(args: string[], env: Record<string, string | undefined>, opts: { script?: string; stdin?: string } = {}): Child {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const argv = opts.script ? ['--import', 'tsx', opts.script, ...args] : ['bin/gridplan.js', ...args];
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  else child.stdin!.end();
  let log = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    log += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (text: string | RegExp, timeoutMs = 120_000) =>
    new Promise<void>((resolve, reject) => {
      const found = () => (typeof text === 'string' ? log.includes(text) : text.test(log));
      if (found()) return resolve();
      const timer = setTimeout(() => done(new Error(`timed out waiting for ${text}:\n${log}`)), timeoutMs);
      const check = () => found() && done();
      const done = (err?: Error) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (err) reject(err);
        else resolve();
      };
      listeners.add(check);
      void exited.then(() => setTimeout(() => (found() ? done() : done(new Error(`exited before ${text}:\n${log}`))), 50));
    });
  return { process: child, output: () => log, exited, waitFor };
}

/** Runs a command to the end: its exit code and output. */
export async function run(
  args: string[],
  env: Record<string, string | undefined>,
  opts: { stdin?: string } = {},
): Promise<{ code: number | null; output: string }> {
  const child = start(args, env, opts);
  const code = await child.exited;
  return { code, output: child.output() };
}

/** PostgreSQL's cluster state from pg_control: 1 = shut down cleanly, 6 = in production (was not closed). */
export function clusterState(dataDir: string): number {
  return readFileSync(path.join(dataDir, 'global', 'pg_control')).readInt32LE(16);
}
