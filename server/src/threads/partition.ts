/**
 * Grid proposals for large communities are computed on a thread of their own: a district of tens
 * of thousands of buildings takes seconds, and the server must answer other requests meanwhile.
 * Small ones are computed in place, where starting a thread would cost more than it saves.
 */
import { availableParallelism } from 'node:os';
import { partition } from '../domain/grid/partition';
import type { FeasiblePartition } from '../domain/grid/feasible';
import type { Edge, PartitionOptions, PartitionResult, Unit } from '../domain/grid/types';
import { startThread } from './start';

/** From this many buildings on, the partition runs on its own thread. */
export const PARTITION_THREAD_MIN_UNITS = 1000;

export interface PartitionJob {
  units: readonly Unit[];
  edges: readonly Edge[];
  options: PartitionOptions;
}

/** Many communities' feasible partitions (feasible.ts) on one thread. */
export interface FeasibleJob {
  communities: readonly { units: readonly Unit[]; edges: readonly Edge[] }[];
  range: { min: number; max: number };
  seed: number;
}

export type PartitionReply = { ok: true; result: PartitionResult } | { ok: false; message: string };
export type FeasibleReply = { ok: true; results: FeasiblePartition[] } | { ok: false; message: string };
/** What a thread of feasible partitions says while it works: how many of its communities are done. */
export interface FeasibleProgress {
  done: number;
}

/** `partition`, on a thread of its own when the community is large (or when `offThread` says so). */
export async function partitionOffThread(
  units: readonly Unit[],
  edges: readonly Edge[],
  options: PartitionOptions,
  offThread = units.length >= PARTITION_THREAD_MIN_UNITS,
): Promise<PartitionResult> {
  if (!offThread) return partition(units, edges, options);
  const worker = startThread({ built: 'partition-worker', source: './partition-worker.ts', moduleUrl: import.meta.url }, {
    units,
    edges,
    options,
  } satisfies PartitionJob);
  const reply = await new Promise<PartitionReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the partition thread stopped (exit code ${code})`)));
  });
  void worker.terminate();
  if (reply.ok) return reply.result;
  throw new RangeError(reply.message);
}

/**
 * The feasible partition of every community (in the given order), spread over up to `threads`
 * threads, each taking every n-th community so that large and small ones mix. `onDone` hears how
 * many communities are done in all, now and then.
 */
export async function feasiblePartitions(
  communities: readonly { units: readonly Unit[]; edges: readonly Edge[] }[],
  range: { min: number; max: number },
  seed: number,
  opts: { threads?: number; onDone?: (done: number) => void } = {},
): Promise<FeasiblePartition[]> {
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), communities.length));
  const shards = Array.from({ length: threads }, (_, t) => communities.filter((_, i) => i % threads === t));
  const done = new Array<number>(threads).fill(0);
  const replies = await Promise.all(
    shards.map((shard, t) => {
      const worker = startThread({ built: 'partition-worker', source: './partition-worker.ts', moduleUrl: import.meta.url }, {
        communities: shard,
        range,
        seed,
      } satisfies FeasibleJob);
      return new Promise<FeasibleReply>((resolve, reject) => {
        worker.on('message', (message: FeasibleReply | FeasibleProgress) => {
          if ('ok' in message) {
            resolve(message);
            void worker.terminate();
            return;
          }
          done[t] = message.done;
          opts.onDone?.(done.reduce((a, b) => a + b, 0));
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`a partition thread stopped (exit code ${code})`)));
      });
    }),
  );
  const results = new Array<FeasiblePartition>(communities.length);
  replies.forEach((reply, t) => {
    if (!reply.ok) throw new RangeError(reply.message);
    reply.results.forEach((result, k) => (results[k * threads + t] = result));
  });
  return results;
}
