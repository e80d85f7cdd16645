// How far an import job is, as one percentage over its stages (reading and checking are quick,
// writing and rebuilding a community's units take most of the time).
// Plain shapes (an ImportJob fits them) so the rule has no imports to test through.

/** The job fields the percentage reads. */
export interface JobProgress {
  state: 'queued' | 'running' | 'done' | 'failed';
  stage: 'read' | 'validate' | 'place' | 'write' | 'atoms' | null;
  done: number;
  total: number;
}

const SPAN: Record<NonNullable<JobProgress['stage']>, [from: number, to: number]> = {
  read: [0, 5],
  validate: [5, 35],
  place: [35, 50],
  write: [50, 85],
  atoms: [85, 100],
};

/** 0–100; a finished job is at 100 whether it succeeded or not. */
export function jobPercent(job: JobProgress): number {
  if (job.state === 'done' || job.state === 'failed') return 100;
  if (job.stage === null) return 0;
  const [from, to] = SPAN[job.stage];
  const share = job.total > 0 ? Math.min(1, job.done / job.total) : 0;
  return Math.floor(from + (to - from) * share);
}
