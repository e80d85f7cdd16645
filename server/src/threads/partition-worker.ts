// The thread grid partitions are computed on (partition.ts): one large proposal, or the feasible
// partitions of many communities (the demo loader), one request and one reply, then it ends.
import { parentPort, workerData } from 'node:worker_threads';
import { partition } from '../domain/grid/partition';
import { feasiblePartition, type FeasiblePartition } from '../domain/grid/feasible';
import type { FeasibleJob, FeasibleProgress, FeasibleReply, PartitionJob, PartitionReply } from './partition';

/** How often a thread of many communities says how far it has got. */
const PROGRESS_EVERY = 50;

function one({ units, edges, options }: PartitionJob): PartitionReply {
  try {
    return { ok: true, result: partition(units, edges, options) };
  } catch (err) {
    // partition() throws only on misuse (a RangeError); its findings come back in the result.
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function many({ communities, range, seed }: FeasibleJob): FeasibleReply {
  try {
    const results: FeasiblePartition[] = [];
    for (const c of communities) {
      results.push(feasiblePartition(c.units, c.edges, range, seed));
      if (results.length % PROGRESS_EVERY === 0) parentPort!.postMessage({ done: results.length } satisfies FeasibleProgress);
    }
    return { ok: true, results };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

const job = workerData as PartitionJob | FeasibleJob;
parentPort!.postMessage('communities' in job ? many(job) : one(job));
