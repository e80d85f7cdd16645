/**
 * Grid proposals for large communities are computed on a thread of their own: a district of tens
 * of thousands of buildings takes seconds, and the server must answer other requests meanwhile.
 * Small ones are computed in place, where starting a thread would cost more than it saves.
 */
import { partition } from '../domain/grid/partition';
import type { Edge, PartitionOptions, PartitionResult, Unit } from '../domain/grid/types';
import { startThread } from './start';

/** From this many buildings on, the partition runs on its own thread. */
export const PARTITION_THREAD_MIN_UNITS = 1000;

export interface PartitionJob {
  units: readonly Unit[];
  edges: readonly Edge[];
  options: PartitionOptions;
}

export type PartitionReply = { ok: true; result: PartitionResult } | { ok: false; message: string };

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
