// Typed calls to the disputes register and the public community page; failures throw ApiError.
import { request, sendFile } from '../api';
import type { Dispute, DisputeCreate, DisputeDetail, DisputeStatus, RateRow } from '$contract/disputes';
import type { PublicCommunity } from '$contract/public';

export type { Dispute, DisputeDetail, DisputeStatus, PublicCommunity, RateRow };

export interface DisputeFilter {
  status?: DisputeStatus;
  communityCode?: string;
  cellCode?: string;
  overdue?: boolean;
}

const enc = encodeURIComponent;

function query(filter: DisputeFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const disputesApi = {
  list: (filter: DisputeFilter = {}) => request<Dispute[]>('GET', `/api/disputes${query(filter)}`),
  get: (id: number) => request<DisputeDetail>('GET', `/api/disputes/${id}`),
  report: (body: Omit<DisputeCreate, 'parties'> & { parties: string[] }) => request<DisputeDetail>('POST', '/api/disputes', body),
  move: (id: number, version: number, status: DisputeStatus, note: string) =>
    request<DisputeDetail>('POST', `/api/disputes/${id}/status`, { version, status, note }),
  rates: (year: number, scope: 'cell' | 'community' | 'town') =>
    request<{ year: number; rows: RateRow[]; targets: { mediationRate: number; successRate: number } }>(
      'GET',
      `/api/disputes/rates?year=${year}&scope=${scope}`,
    ),
  photoUrl: (id: number) => `/api/disputes/${id}/photo`,
  /** Sends the image itself as the body (JPEG or PNG, at most 2 MB). */
  uploadPhoto: (id: number, file: File) => sendFile<void>('PUT', `/api/disputes/${id}/photo`, file, file.type),
  publicCommunity: (code: string) => request<PublicCommunity>('GET', `/api/public/communities/${enc(code)}`),
};

/** Largest photo the server takes, and the types it takes. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'];
