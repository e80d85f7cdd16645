// Typed calls to the scorecard and grading API; failures throw ApiError with the server's message code.
import { request } from '../api';
import type { Comparator, IndicatorKey, ImportResult, Scorecard, Target } from '$contract/scorecard';
import type { GradeHistory, GradeSource, Round } from '$contract/grading';

export type { Scorecard, Target, Round, IndicatorKey, Comparator, ImportResult, GradeSource };
export type GradeRecord = GradeHistory[number];

export const scorecardApi = {
  card: (year: number) => request<Scorecard>('GET', `/api/scorecard?year=${year}`),
  years: () => request<{ years: number[]; currentYear: number }>('GET', '/api/scorecard/years'),
  targets: (year: number) => request<Target[]>('GET', `/api/scorecard/targets?year=${year}`),
  startYear: (year: number) => request<Target[]>('POST', `/api/scorecard/targets/${year}`),
  putTarget: (
    year: number,
    key: IndicatorKey,
    body: { comparator: Comparator; target: number; townShare: number | null; townCount: number | null; version?: number },
  ) => request<Target>('PUT', `/api/scorecard/targets/${year}/${key}`, body),
  putIndicators: (year: number, values: { communityCode: string; key: IndicatorKey; value: number | null }[]) =>
    request<ImportResult>('PUT', '/api/scorecard/indicators', { year, values }),
  importCsv: (year: number, csv: string) => request<ImportResult>('POST', '/api/scorecard/import', { year, csv }),
  /** The same import as a dry run: what the file would add or change, nothing written. */
  checkCsv: (year: number, csv: string) => request<ImportResult>('POST', '/api/scorecard/import', { year, csv, dryRun: true }),
};

export const gradingApi = {
  rounds: () => request<{ id: number; year: number; status: 'open' | 'confirmed' }[]>('GET', '/api/grading/rounds'),
  round: (id: number) => request<Round>('GET', `/api/grading/rounds/${id}`),
  create: (year: number) => request<Round>('POST', '/api/grading/rounds', { year }),
  putScores: (id: number, scores: { communityCode: string; source: GradeSource; score: number }[]) =>
    request<Round>('PUT', `/api/grading/rounds/${id}/scores`, { scores }),
  patch: (id: number, body: { version: number; weights?: Round['weights']; bands?: Round['bands']; rewards?: Round['rewards'] }) =>
    request<Round>('PATCH', `/api/grading/rounds/${id}`, body),
  confirm: (id: number) => request<Round>('POST', `/api/grading/rounds/${id}/confirm`),
  history: () => request<GradeRecord[]>('GET', '/api/grading/history'),
};
