// Client of the grid-plan endpoints; errors are the shared ApiError with the server's message.
import { request } from '../api';
import type { BuildingCollection, Comparison, EditBody, GridPlan, PlanListItem } from './types';

const enc = encodeURIComponent;

export const gridApi = {
  list: (community: string) => request<PlanListItem[]>('GET', `/api/communities/${enc(community)}/grid-plans`),
  create: (community: string, from: 'empty' | 'published' | number) => request<GridPlan>('POST', `/api/communities/${enc(community)}/grid-plans`, { from }),
  generate: (community: string, minHouseholds: number, maxHouseholds: number) =>
    request<GridPlan>('POST', `/api/communities/${enc(community)}/grid-plans/generate`, { minHouseholds, maxHouseholds }),
  get: (id: number) => request<GridPlan>('GET', `/api/grid-plans/${id}`),
  buildings: (id: number) => request<BuildingCollection>('GET', `/api/grid-plans/${id}/buildings`),
  edit: (id: number, version: number, body: EditBody) => request<GridPlan>('POST', `/api/grid-plans/${id}/edits`, { version, ...body }),
  undo: (id: number, version: number) => request<GridPlan>('POST', `/api/grid-plans/${id}/undo`, { version }),
  redo: (id: number, version: number) => request<GridPlan>('POST', `/api/grid-plans/${id}/redo`, { version }),
  step: (id: number, version: number, action: 'submit' | 'approve' | 'reject' | 'reopen' | 'publish', reason?: string) =>
    request<GridPlan>('POST', `/api/grid-plans/${id}/${action}`, reason === undefined ? { version } : { version, reason }),
  remove: (id: number, version: number) => request<void>('DELETE', `/api/grid-plans/${id}?version=${version}`),
  compare: (a: number, b: number) => request<Comparison>('GET', `/api/grid-plans/compare?a=${a}&b=${b}`),
};
