// The thread a large grid proposal is computed on (partition.ts): one request, one reply, then it ends.
import { parentPort, workerData } from 'node:worker_threads';
import { partition } from '../domain/grid/partition';
import type { PartitionJob, PartitionReply } from './partition';

const { units, edges, options } = workerData as PartitionJob;
let reply: PartitionReply;
try {
  reply = { ok: true, result: partition(units, edges, options) };
} catch (err) {
  // partition() throws only on misuse (a RangeError); its findings come back in the result.
  reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
}
parentPort!.postMessage(reply);
