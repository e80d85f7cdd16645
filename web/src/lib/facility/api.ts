// Typed calls to the facility planning API; failures throw ApiError with the server's message.
import { request } from '../api';
import type { Comparison, FacilityRow, OptionFields, OptionRow, Project, ProjectStatus, Scenario, ScenarioSummary, SitingResult, StatusBoard } from './types';

const enc = encodeURIComponent;

export interface ScenarioRequest {
  name?: string;
  years?: number;
  budgetPerYear?: number[];
  accessibilityWeight?: number;
  maxSitesPerCommunity?: number | null;
  forceUse?: string[];
  forbid?: string[];
}

export interface SitingRequest {
  communityCode: string | null;
  problem: 'p-median' | 'mclp';
  p: number;
  radius?: number;
  includeExisting: boolean;
}

export const facilityApi = {
  board: () => request<StatusBoard>('GET', '/api/facilities/status'),
  facilities: () => request<FacilityRow[]>('GET', '/api/facilities'),
  options: () => request<OptionRow[]>('GET', '/api/facility-options'),
  createOption: (fields: Partial<OptionFields>) => request<OptionRow>('POST', '/api/facility-options', fields),
  updateOption: (code: string, version: number, changes: Partial<OptionFields>) =>
    request<OptionRow>('PATCH', `/api/facility-options/${enc(code)}`, { version, ...changes }),
  deleteOption: (code: string, version: number) => request<void>('DELETE', `/api/facility-options/${enc(code)}?version=${version}`),
  scenarios: () => request<ScenarioSummary[]>('GET', '/api/facility-plans'),
  scenario: (id: number) => request<Scenario>('GET', `/api/facility-plans/${id}`),
  solve: (body: ScenarioRequest) => request<Scenario>('POST', '/api/facility-plans', body),
  override: (id: number, body: { forceUse?: string[]; forbid?: string[] }) => request<Scenario>('POST', `/api/facility-plans/${id}/override`, body),
  approve: (id: number, version: number) => request<Scenario & { projects: Project[] }>('POST', `/api/facility-plans/${id}/approve`, { version }),
  compare: (ids: number[]) => request<Comparison>('GET', `/api/facility-plans/compare?ids=${ids.join(',')}`),
  projects: () => request<Project[]>('GET', '/api/projects'),
  moveProject: (id: number, version: number, status: ProjectStatus) => request<Project>('PATCH', `/api/projects/${id}`, { version, status }),
  siting: (body: SitingRequest) => request<SitingResult>('POST', '/api/siting', body),
  setSetting: (key: string, version: number, value: unknown) => request<unknown>('PATCH', `/api/settings/${enc(key)}`, { version, value }),
};
