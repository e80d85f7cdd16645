// Solver worker thread: loads HiGHS, says 'ready', then solves one posted model at a time, so a
// long solve blocks this thread instead of the server's event loop. Bundled as solver-worker.js
// for the built server; from source it is started through worker-entry.mjs (see worker-url.ts).
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { solvePMedianExact } from '../locate/pMedianSearch';
import { getHighs, solvePacked } from './native';
import type { SolveRequest, WorkerReply } from './protocol';

const port = parentPort;
if (!port) throw new Error('solver worker.ts must run in a worker thread');

/**
 * Nice value of the solver thread. On Linux the nice value belongs to the thread that sets it, so
 * the server's own threads keep theirs and the scheduler gives the event loop the CPU first: a
 * long solve no longer halves lookup throughput on a busy machine.
 */
const SOLVER_NICE = 10;
try {
  setPriority(SOLVER_NICE);
} catch {
  // Not permitted here (some containers): the solve still runs, at the server's priority.
}

/**
 * On Linux the solver thread also takes the idle scheduling policy (SCHED_IDLE, through util-linux's
 * `chrt`): a nice value only weighs threads against each other, and the kernel's scheduler may let a
 * niced solve finish its time slice before a woken request thread runs; a thread of the idle
 * policy gives way to any other at once and runs on what they leave. A solve on a busy server so
 * takes longer (its time limit then returns the best plan found), never the requests' time.
 */
function takeIdlePolicy(): void {
  if (process.platform !== 'linux') return;
  try {
    const thread = readlinkSync('/proc/thread-self').split('/').pop()!;
    execFileSync('chrt', ['--idle', '--pid', '0', thread], { stdio: 'ignore', timeout: 5000 });
  } catch {
    // No chrt (util-linux), or not permitted: the nice value alone.
  }
}
takeIdlePolicy();
const reply = (message: WorkerReply): void => port.postMessage(message);

try {
  await getHighs();
  port.on('message', (request: SolveRequest) => {
    if (request.type === 'pmedian') {
      const deadline = performance.now() + request.timeLimitSeconds * 1000;
      reply({ type: 'pmedian', id: request.id, answer: solvePMedianExact(request.instance, { deadline }) });
      return;
    }
    // solvePacked never rejects, and requests arrive one at a time (the pool waits for each result).
    void solvePacked(request.model, request.settings).then((result) => reply({ type: 'result', id: request.id, result }));
  });
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'failed', message: `could not load HiGHS: ${error instanceof Error ? error.message : String(error)}` });
  process.exit(1);
}
