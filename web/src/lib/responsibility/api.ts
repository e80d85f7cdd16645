// Calls of the lookup, roster and responsibility screens, on the shared typed fetch client. Answer
// types come from the server's contract.
import { absoluteUrl, ApiError, request, sendFile } from '../api';
import type { BuildingCoverage, PointCoverage } from '$contract/lookup';
import type { Assignment, CellRole, PeoplePage, WorkerSuggestion } from '$contract/responsibility';
import type { AreaSuggestion, PartyArea, PartyOrg, VolunteerTeam } from '$contract/responsibility-party';
import type { CoverageReport, CsvProblem, ImportPreview, Roster } from '$contract/responsibility-report';

const enc = encodeURIComponent;

export type NewAssignment = { cellCode: string; personId: number; role: CellRole };

/** What a register import did or, on a dry run, would do (counts and natural keys). */
export type ImportSummary = ImportPreview;

export const responsibilityApi = {
  coverage: (code: string, signal?: AbortSignal) =>
    request<BuildingCoverage>('GET', `/api/buildings/${enc(code)}/coverage`, undefined, signal),
  lookupPoint: (lng: number, lat: number, toleranceMetres: number, signal?: AbortSignal) =>
    request<PointCoverage>('GET', `/api/lookup?lng=${lng}&lat=${lat}&toleranceMetres=${toleranceMetres}`, undefined, signal),
  report: (community?: string) => request<CoverageReport>('GET', `/api/coverage-report${community ? `?community=${enc(community)}` : ''}`),
  cellsUrl: (community?: string) => absoluteUrl(`/api/coverage-report/cells.geojson${community ? `?community=${enc(community)}` : ''}`),
  roster: (community: string) => request<Roster>('GET', `/api/roster?community=${enc(community)}`),
  assignments: (community: string) => request<Assignment[]>('GET', `/api/assignments?community=${enc(community)}`),
  people: (community: string) => request<PeoplePage>('GET', `/api/people?community=${enc(community)}&limit=1000`),
  partyOrgs: (community: string) => request<PartyOrg[]>('GET', `/api/party/orgs?community=${enc(community)}`),
  partyAreas: (community: string) => request<PartyArea[]>('GET', `/api/party/areas?community=${enc(community)}`),
  teams: (community: string) => request<VolunteerTeam[]>('GET', `/api/volunteers/teams?community=${enc(community)}`),
  assign: (cellCode: string, personId: number, role: CellRole) =>
    request<{ id: number }>('POST', '/api/assignments', { cellCode, personId, role }),
  assignMany: (assignments: NewAssignment[]) => request<{ ids: number[] }>('POST', '/api/assignments/batch', { assignments }),
  endAssignment: (id: number, version: number) => request<void>('DELETE', `/api/assignments/${id}?version=${version}`, {}),
  suggestWorkers: (communityCode: string) => request<WorkerSuggestion>('POST', '/api/assignments/suggest', { communityCode }),
  suggestAreas: (communityCode: string) => request<AreaSuggestion>('POST', '/api/party/areas/suggest', { communityCode }),
  addArea: (personId: number, name: string, buildingCodes: string[]) =>
    request<PartyArea>('POST', '/api/party/areas', { personId, name, buildingCodes }),
  updateArea: (area: PartyArea, buildingCodes: string[]) =>
    request<PartyArea>('PUT', `/api/party/areas/${area.id}`, {
      version: area.version,
      personId: area.personId,
      name: area.name,
      buildingCodes,
    }),
  /** Where a register's CSV downloads from. */
  exportUrl: (register: Register, community: string) => `${REGISTER_PATH[register]}/export.csv?community=${enc(community)}`,
  /**
   * Makes the community's register that of a CSV file (all or nothing): `dryRun` only previews;
   * `confirm` allows the ends and deletes the preview listed. A rejected file is an ApiError whose
   * details list the problems by row.
   */
  importCsv(
    register: Register,
    community: string,
    bytes: ArrayBuffer,
    mode: { dryRun?: boolean; confirm?: boolean } = {},
  ): Promise<ImportSummary> {
    const flags = `${mode.dryRun ? '&dryRun=1' : ''}${mode.confirm ? '&confirm=1' : ''}`;
    return sendFile<ImportSummary>('POST', `${REGISTER_PATH[register]}/import?community=${enc(community)}${flags}`, bytes, 'text/csv');
  },
};

/** The row problems of a rejected register file (empty for any other error). */
export function csvProblems(err: unknown): CsvProblem[] {
  if (!(err instanceof ApiError) || err.code !== 'csv.invalid_file') return [];
  const details = err.details as { problems?: CsvProblem[] } | undefined;
  return details?.problems ?? [];
}

export type Register = 'assignments' | 'partyOrgs' | 'partyAreas' | 'volunteerTeams';
const REGISTER_PATH: Record<Register, string> = {
  assignments: '/api/assignments',
  partyOrgs: '/api/party/orgs',
  partyAreas: '/api/party/areas',
  volunteerTeams: '/api/volunteers/teams',
};

/** True when a phone number came back masked (no use as a tel: link). */
export const isMasked = (phone: string | null) => !!phone && phone.includes('*');
