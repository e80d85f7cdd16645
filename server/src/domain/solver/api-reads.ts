// How many reads (GET requests) the API is answering right now, in memory the solver's threads
// share: while any is in flight, an exact p-median search on a solver thread works 2 ms and then
// pauses 2 ms, so it takes at most half a CPU from a busy server. Nice +10 orders the threads on
// a CPU; this keeps a long search from slowing the other CPU too (on small machines two CPUs share
// caches and cores). Writes are left out: a solve is itself asked for by a write, whose request
// stays in flight while it runs.
export const API_READS = new Int32Array(new SharedArrayBuffer(4));

export function readStarted(): void {
  Atomics.add(API_READS, 0, 1);
}

export function readEnded(): void {
  Atomics.sub(API_READS, 0, 1);
}

/** Milliseconds a search works between looks at the API, and pauses while a read is in flight. */
const WORK_MS = 2;
const PAUSE_MS = 2;

/** A search's pause check over `reads` (the shared counter): cheap when it is not yet time to look. */
export function givingWayTo(reads: Int32Array): () => void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let since = performance.now();
  return () => {
    const now = performance.now();
    if (now - since < WORK_MS) return;
    if (Atomics.load(reads, 0) > 0) Atomics.wait(sleeper, 0, 0, PAUSE_MS);
    since = performance.now();
  };
}
