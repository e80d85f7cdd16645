// A small pool of solver worker threads with a FIFO queue. Workers start on the first solve and
// are reused; an idle worker is unref'd so it never keeps the process alive. A worker that dies
// answers its solve with 'error'; one that overruns the time limit by more than the margin is
// terminated and its solve answered 'time_limit' without values. Either way the next solve gets
// a fresh worker. If a worker cannot start at all, solves come back 'unavailable' so the caller
// can solve on its own thread.
import { Worker } from 'node:worker_threads';
import type { PMedianAnswer, PMedianInstance } from '../locate/pMedianSearch';
import type { RawSolve, SolveSettings } from './native';
import { transferables, type PackedMip } from './packed';
import type { SolveRequest, TaskReply, WorkerReply, WorkerTask } from './protocol';
import { API_READS } from './api-reads';

export interface PoolOptions {
  /** Number of worker threads (each solves one model at a time). */
  size: number;
  /** Module the workers run (see worker-url.ts; a stand-in in tests). */
  workerUrl: URL;
  /** How long a worker may take to load HiGHS and say 'ready'. */
  startTimeoutMs: number;
  /** How far past its time limit a solve may run before its worker is terminated. */
  hangMarginMs: number;
  /** Solver time limit when the settings name none, seconds (HiGHS is told the same). */
  defaultTimeLimitSeconds: number;
  log: (line: string) => void;
}

export type PoolAnswer = { kind: 'answer'; result: RawSolve } | { kind: 'unavailable'; reason: string };

/** A p-median task's outcome: the search's answer, or why there is none (the caller then solves itself). */
export type PMedianPoolAnswer =
  | { kind: 'answer'; answer: PMedianAnswer }
  | { kind: 'failed'; status: 'error' | 'time_limit'; message: string }
  | { kind: 'unavailable'; reason: string };

/** How a job ended: the worker's reply, a stop by the pool, or no worker at all. */
type Outcome =
  | { kind: 'reply'; reply: TaskReply }
  | { kind: 'stopped'; status: 'error' | 'time_limit'; message: string }
  | { kind: 'unavailable'; reason: string };

interface Job {
  id: number;
  task: WorkerTask;
  /** The task's own time limit, seconds (the watchdog allows the pool's margin beyond it). */
  limitSeconds: number | undefined;
  transfer: ArrayBuffer[];
  settle: (outcome: Outcome) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  lastError: string | null;
}

// setTimeout clamps longer delays to 1 ms; a limit beyond this simply has no watchdog.
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SolverPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private unavailable: string | null = null;
  private nextId = 1;

  private readonly options: PoolOptions;

  constructor(options: PoolOptions) {
    this.options = { ...options };
  }

  /** Solves `model` on a worker; the model's buffers are transferred (unusable afterwards) once sent. */
  solve(model: PackedMip, settings: SolveSettings): Promise<PoolAnswer> {
    return this.run({ type: 'solve', model, settings }, settings.timeLimitSeconds, transferables(model)).then((outcome) => {
      if (outcome.kind === 'unavailable') return outcome;
      if (outcome.kind === 'stopped') return stopped(outcome.status, outcome.message);
      if (outcome.reply.type === 'result') return { kind: 'answer', result: outcome.reply.result };
      return stopped('error', 'solver worker answered a MIP with a p-median');
    });
  }

  /** Runs the exact p-median search on a worker; the cost buffer is transferred once sent. */
  solvePMedian(instance: PMedianInstance, timeLimitSeconds: number): Promise<PMedianPoolAnswer> {
    const transfer = [instance.cost.buffer as ArrayBuffer];
    return this.run({ type: 'pmedian', instance, timeLimitSeconds }, timeLimitSeconds, transfer).then((outcome) => {
      if (outcome.kind === 'unavailable') return outcome;
      if (outcome.kind === 'stopped') return { kind: 'failed', status: outcome.status, message: outcome.message };
      if (outcome.reply.type === 'pmedian') return { kind: 'answer', answer: outcome.reply.answer };
      return { kind: 'failed', status: 'error', message: 'solver worker answered a p-median with a MIP' };
    });
  }

  private run(task: WorkerTask, limitSeconds: number | undefined, transfer: ArrayBuffer[]): Promise<Outcome> {
    return new Promise((settle) => {
      this.queue.push({ id: this.nextId++, task, limitSeconds, transfer, settle });
      this.pump();
    });
  }

  /**
   * Changes how many workers may run. Running solves finish where they are; idle workers beyond
   * the new size stop, and new workers start up to it as solves arrive.
   */
  resize(size: number): void {
    this.options.size = Math.max(1, Math.floor(size));
    this.pump();
  }

  /** Most workers this pool runs at once. */
  get size(): number {
    return this.options.size;
  }

  /** Workers started and alive (for tests and diagnostics). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Terminates every worker; solves still running or queued come back as 'error'. */
  async close(): Promise<void> {
    const closed: Outcome = { kind: 'stopped', status: 'error', message: 'solver pool closed' };
    const stopping = [...this.slots].map((slot) => this.stop(slot, closed));
    for (const job of this.queue.splice(0)) job.settle(closed);
    this.unavailable = null; // a later solve may try to start workers again
    await Promise.all(stopping);
  }

  private pump(): void {
    const idle = this.slots.filter((slot) => slot.ready && !slot.job);
    for (const slot of idle.slice(0, Math.max(0, this.slots.length - this.options.size))) void this.stop(slot, null);
    if (this.unavailable !== null && this.slots.length === 0) {
      for (const job of this.queue.splice(0)) job.settle({ kind: 'unavailable', reason: this.unavailable });
      return;
    }
    for (const slot of this.slots) {
      const job = slot.ready && !slot.job ? this.queue.shift() : undefined;
      if (job) this.dispatch(slot, job);
    }
    const starting = this.slots.filter((slot) => !slot.ready).length;
    const canSpawn = this.unavailable === null && this.slots.length < this.options.size;
    if (this.queue.length > starting && canSpawn) this.spawn();
    // Keep the process alive only while a solve is running or waiting for a starting worker.
    for (const slot of this.slots) {
      if (slot.job || (!slot.ready && this.queue.length > 0)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private spawn(): void {
    let worker: Worker;
    try {
      worker = new Worker(this.options.workerUrl, { workerData: { apiReads: API_READS.buffer } });
    } catch (error) {
      this.giveUp(`new Worker failed: ${describe(error)}`);
      return;
    }
    const slot: Slot = { worker, ready: false, job: null, timer: null, lastError: null };
    this.slots.push(slot);
    slot.timer = setTimeout(() => {
      void this.stop(slot, null);
      this.giveUp(`no ready message within ${this.options.startTimeoutMs} ms`);
    }, this.options.startTimeoutMs);
    slot.timer.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (error) => {
      slot.lastError = describe(error);
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (!this.slots.includes(slot)) return;
    if (reply.type === 'ready') {
      slot.ready = true;
      clearSlotTimer(slot);
    } else if (reply.type === 'failed') {
      void this.stop(slot, null);
      this.giveUp(reply.message);
    } else if (slot.job?.id === reply.id) {
      const job = slot.job;
      slot.job = null;
      clearSlotTimer(slot);
      job.settle({ kind: 'reply', reply });
    }
    this.pump();
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.includes(slot)) return; // stopped on purpose
    this.slots = this.slots.filter((other) => other !== slot);
    clearSlotTimer(slot);
    const why = `solver worker exited with code ${code}${slot.lastError ? `: ${slot.lastError}` : ''}`;
    if (!slot.ready) {
      this.giveUp(why);
      return;
    }
    slot.job?.settle({ kind: 'stopped', status: 'error', message: why });
    this.pump();
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    const request: SolveRequest = { ...job.task, id: job.id };
    slot.worker.postMessage(request, job.transfer);
    const limitSeconds = job.limitSeconds ?? this.options.defaultTimeLimitSeconds;
    const deadlineMs = Math.max(0.001, limitSeconds) * 1000 + this.options.hangMarginMs;
    if (deadlineMs > MAX_TIMER_MS) return; // NaN or an effectively unlimited solve: no watchdog
    slot.timer = setTimeout(() => {
      const message = `solver worker gave no answer ${this.options.hangMarginMs} ms past the ${limitSeconds} s time limit; it was stopped`;
      void this.stop(slot, { kind: 'stopped', status: 'time_limit', message });
      this.pump();
    }, deadlineMs);
    slot.timer.unref();
  }

  /** Takes `slot` out of the pool and answers its job (if any) at once; resolves when the thread is gone. */
  private stop(slot: Slot, outcome: Outcome | null): Promise<void> {
    this.slots = this.slots.filter((other) => other !== slot);
    clearSlotTimer(slot);
    if (slot.job && outcome) slot.job.settle(outcome);
    slot.job = null;
    return slot.worker.terminate().then(() => undefined);
  }

  private giveUp(reason: string): void {
    if (this.unavailable === null) this.options.log(`solver worker could not start (${reason}); solving on the main thread instead`);
    this.unavailable = reason;
    this.pump();
  }
}

function stopped(status: 'error' | 'time_limit', message: string): PoolAnswer & { kind: 'answer' } {
  return { kind: 'answer', result: { status, values: null, mipGap: null, message } };
}

function clearSlotTimer(slot: Slot): void {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
