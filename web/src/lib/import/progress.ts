// How far an import job is, as one percentage over its stages (reading and checking are quick,
// writing and rebuilding a community's units take most of the time).
import type { ImportJob, ImportJobStage } from '$contract/io';

const SPAN: Record<ImportJobStage, [from: number, to: number]> = {
  read: [0, 5],
  validate: [5, 35],
  place: [35, 50],
  write: [50, 85],
  atoms: [85, 100],
};

/** 0–100; a finished job is at 100 whether it succeeded or not. */
export function jobPercent(job: Pick<ImportJob, 'state' | 'stage' | 'done' | 'total'>): number {
  if (job.state === 'done' || job.state === 'failed') return 100;
  if (job.stage === null) return 0;
  const [from, to] = SPAN[job.stage];
  const share = job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  return Math.floor(from + (to - from) * share);
}
