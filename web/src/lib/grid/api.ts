// Client of the grid-plan endpoints, typed by the server's contract; errors are the shared ApiError.
import { request } from '../api';
import type {
  BuildingCollection,
  CommunityPlanStatus,
  Comparison,
  EditRecord,
  EditRequest,
  PlanListItem,
  PlanView,
  PublishPreview,
  PublishReport,
} from '$contract/grid-plans';

/** What the grid editor holds of a plan: the view, and what the last request that answered it did. */
export type GridPlan = PlanView & { edit?: EditRecord; publish?: PublishReport };
export type WorkflowStep = 'submit' | 'approve' | 'reject' | 'reopen' | 'publish';

const enc = encodeURIComponent;

export const gridApi = {
  list: (community: string) => request<PlanListItem[]>('GET', `/api/communities/${enc(community)}/grid-plans`),
  create: (community: string, from: 'empty' | 'published' | number) =>
    request<PlanView>('POST', `/api/communities/${enc(community)}/grid-plans`, { from }),
  generate: (community: string, minHouseholds: number, maxHouseholds: number, targetCells?: number) =>
    request<PlanView>('POST', `/api/communities/${enc(community)}/grid-plans/generate`, { minHouseholds, maxHouseholds, targetCells }),
  get: (id: number) => request<PlanView>('GET', `/api/grid-plans/${id}`),
  buildings: (id: number) => request<BuildingCollection>('GET', `/api/grid-plans/${id}/buildings`),
  edit: (id: number, version: number, body: EditRequest) => request<GridPlan>('POST', `/api/grid-plans/${id}/edits`, { version, ...body }),
  undo: (id: number, version: number) => request<GridPlan>('POST', `/api/grid-plans/${id}/undo`, { version }),
  redo: (id: number, version: number) => request<GridPlan>('POST', `/api/grid-plans/${id}/redo`, { version }),
  step: (id: number, version: number, action: WorkflowStep, reason?: string) =>
    request<GridPlan>('POST', `/api/grid-plans/${id}/${action}`, reason === undefined ? { version } : { version, reason }),
  rename: (id: number, version: number, name: string) => request<PlanView>('PATCH', `/api/grid-plans/${id}`, { version, name }),
  publishPreview: (id: number) => request<PublishPreview>('GET', `/api/grid-plans/${id}/publish-preview`),
  statuses: () => request<CommunityPlanStatus[]>('GET', '/api/grid-plans/status'),
  remove: (id: number, version: number) => request<void>('DELETE', `/api/grid-plans/${id}?version=${version}`),
  compare: (a: number, b: number) => request<Comparison>('GET', `/api/grid-plans/compare?a=${a}&b=${b}`),
};
