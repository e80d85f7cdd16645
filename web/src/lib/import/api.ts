// Calls of the import screen: the file inspection, background import jobs and the history. The
// file goes as the raw request body; answer types come from the server's contract.
import type { ColumnMapping, ImportHistoryEntry, ImportInspection, ImportJob, ImportLayerId } from '$contract/io';
import { request, sendFile } from '../api';
import { formatOf } from './format';

function postFile<T>(path: string, file: File): Promise<T> {
  return sendFile<T>('POST', path, file, 'application/octet-stream');
}

export interface JobChoice {
  layer: ImportLayerId;
  crs: string;
  /** A GeoPackage's table (the inspection names the one it described). */
  table?: string;
  columns: ColumnMapping;
  dryRun: boolean;
}

export const importApi = {
  inspect: (file: File, table?: string) => {
    const query = new URLSearchParams({ format: formatOf(file.name), name: file.name });
    if (table) query.set('table', table);
    return postFile<ImportInspection>(`/api/import/inspect?${query}`, file);
  },
  start(file: File, choice: JobChoice): Promise<{ job: ImportJob }> {
    const query = new URLSearchParams({
      format: formatOf(file.name),
      name: file.name,
      dryRun: String(choice.dryRun),
      preview: String(choice.dryRun),
      columns: JSON.stringify(choice.columns),
    });
    if (choice.crs) query.set('crs', choice.crs);
    if (choice.table) query.set('table', choice.table);
    return postFile(`/api/import/jobs/${choice.layer}?${query}`, file);
  },
  job: (id: number) => request<{ job: ImportJob }>('GET', `/api/import/jobs/${id}`),
  history: () => request<{ imports: ImportHistoryEntry[] }>('GET', '/api/import/history?limit=50'),
};

/** Polls a job until it has finished, telling each answer; `every` milliseconds apart. */
export async function followJob(id: number, onjob: (job: ImportJob) => void, every = 300): Promise<ImportJob> {
  for (;;) {
    const { job } = await importApi.job(id);
    onjob(job);
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
