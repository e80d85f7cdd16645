// Solver worker thread: loads HiGHS, says 'ready', then solves one posted model at a time, so a
// long solve blocks this thread instead of the server's event loop. Bundled as solver-worker.js
// for the built server; from source it is started through worker-entry.mjs (see worker-url.ts).
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { solvePMedianExact } from '../locate/pMedianSearch';
import { getHighs, solvePacked } from './native';
import type { SolveRequest, WorkerReply } from './protocol';
import { givingWayTo } from './api-reads';

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
const reply = (message: WorkerReply): void => port.postMessage(message);

/** The API's reads in flight, shared by the pool (absent: the search never pauses). */
const apiReads = (workerData as { apiReads?: SharedArrayBuffer } | undefined)?.apiReads;

try {
  await getHighs();
  port.on('message', (request: SolveRequest) => {
    if (request.type === 'pmedian') {
      const deadline = performance.now() + request.timeLimitSeconds * 1000;
      const giveWay = apiReads ? givingWayTo(new Int32Array(apiReads)) : undefined;
      reply({ type: 'pmedian', id: request.id, answer: solvePMedianExact(request.instance, { deadline, giveWay }) });
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
