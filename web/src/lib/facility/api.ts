// Typed calls to the facility planning API: requests and answers are the server's contract
// types; failures throw ApiError carrying the server's message code and params.
import { request } from '../api';
import type { FacilityRow, OptionCreate, OptionPatch, OptionRow, StatusBoard } from '$contract/facility';
import type {
  ApprovalPreview,
  ApprovedScenario,
  Comparison,
  OverrideBody,
  PlanBody,
  Scenario,
  ScenarioSummary,
} from '$contract/facility-plans';
import type { MovedProject, Project, ProjectPatch } from '$contract/projects';
import type { PeoplePage } from '$contract/responsibility';
import type { SitingRequest, SitingResult } from '$contract/locate';

const enc = encodeURIComponent;

export const facilityApi = {
  board: () => request<StatusBoard>('GET', '/api/facilities/status'),
  facilities: () => request<FacilityRow[]>('GET', '/api/facilities'),
  options: () => request<OptionRow[]>('GET', '/api/facility-options'),
  createOption: (fields: OptionCreate) => request<OptionRow>('POST', '/api/facility-options', fields),
  updateOption: (code: string, version: number, changes: Omit<OptionPatch, 'version'>) =>
    request<OptionRow>('PATCH', `/api/facility-options/${enc(code)}`, { version, ...changes }),
  deleteOption: (code: string, version: number) => request<void>('DELETE', `/api/facility-options/${enc(code)}?version=${version}`),
  scenarios: () => request<ScenarioSummary[]>('GET', '/api/facility-plans'),
  scenario: (id: number) => request<Scenario>('GET', `/api/facility-plans/${id}`),
  solve: (body: PlanBody) => request<Scenario>('POST', '/api/facility-plans', body),
  override: (id: number, body: OverrideBody) => request<Scenario>('POST', `/api/facility-plans/${id}/override`, body),
  /** What approving would create, keep and cancel, worked out by the server's own rule. */
  approvalPreview: (id: number) => request<ApprovalPreview>('GET', `/api/facility-plans/${id}/approve-preview`),
  approve: (id: number, version: number) => request<ApprovedScenario>('POST', `/api/facility-plans/${id}/approve`, { version }),
  compare: (ids: number[]) => request<Comparison>('GET', `/api/facility-plans/compare?ids=${ids.join(',')}`),
  projects: () => request<Project[]>('GET', '/api/projects'),
  /** A move along the life cycle and/or new owner, dates and progress, in one versioned write. */
  changeProject: (id: number, patch: ProjectPatch) => request<MovedProject>('PATCH', `/api/projects/${id}`, patch),
  people: (communityCode: string) => request<PeoplePage>('GET', `/api/people?community=${enc(communityCode)}&limit=200`),
  siting: (body: SitingRequest) => request<SitingResult>('POST', '/api/siting', body),
  setSetting: (key: string, version: number, value: unknown) => request<unknown>('PATCH', `/api/settings/${enc(key)}`, { version, value }),
};
