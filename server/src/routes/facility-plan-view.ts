/**
 * What the API answers for stored scenarios: the full view, the list summary, and the side-by-side
 * comparison (cost, compliant count by year, accessibility, options that differ).
 */
import type { ScenarioRow } from '../db/facility-plans';
import { inScope, type Scope } from '../domain/access/scope';
import type { AcquisitionMethod } from '../contract/facility';
import type { Comparison, Scenario, ScenarioSummary } from '../contract/facility-plans';

/**
 * The scenario as an account of `scope` sees it: only its own communities' plans and reasons (a
 * town-wide scenario read from a county shows that county's rows; its totals stay the scenario's).
 */
export function rowsInScope(row: ScenarioRow, scope: Scope): ScenarioRow {
  if (scope === null) return row;
  const own = (c: { code: string }) => inScope(scope, c.code);
  return {
    ...row,
    result: { ...row.result, communities: row.result.communities.filter(own), infeasible: row.result.infeasible.filter(own) },
  };
}

/** The full scenario: result first (status = the optimiser's status), then its bookkeeping. */
export function scenarioView(row: ScenarioRow): Scenario {
  const { result, params, scenarioStatus, ...meta } = row;
  return {
    id: meta.id,
    name: meta.name,
    ...result,
    scenarioStatus,
    params,
    createdBy: meta.createdBy,
    createdAt: meta.createdAt,
    approvedBy: meta.approvedBy,
    approvedAt: meta.approvedAt,
    scopeCode: meta.scopeCode,
    version: meta.version,
  };
}

/** One line of the scenario list. */
export function scenarioSummary(row: ScenarioRow): ScenarioSummary {
  const { result, params, ...meta } = row;
  return {
    id: meta.id,
    name: meta.name,
    status: result.status,
    scenarioStatus: meta.scenarioStatus,
    totalCost: result.totalCost,
    gap: result.gap,
    byYear: result.byYear,
    infeasibleCount: result.infeasible.length,
    optionCount: result.communities.reduce((n, c) => n + c.options.length, 0),
    accessibility: result.accessibility,
    params,
    createdBy: meta.createdBy,
    createdAt: meta.createdAt,
    approvedBy: meta.approvedBy,
    approvedAt: meta.approvedAt,
    scopeCode: meta.scopeCode,
    version: meta.version,
  };
}

interface Pick {
  communityCode: string;
  year: number;
}

/** Side by side: each scenario's figures, then every option not chosen identically by all. */
export function compareScenarios(rows: ScenarioRow[]): Comparison {
  const scenarios = rows;
  const picks = new Map<string, { name: string; method: AcquisitionMethod; netAreaM2: number; cost: number; by: Map<number, Pick> }>();
  for (const s of scenarios) {
    for (const community of s.result.communities) {
      for (const option of community.options) {
        const entry = picks.get(option.id) ?? {
          name: option.name,
          method: option.method,
          netAreaM2: option.netAreaM2,
          cost: option.cost,
          by: new Map(),
        };
        entry.by.set(s.id, { communityCode: community.code, year: option.year });
        picks.set(option.id, entry);
      }
    }
  }
  const same = (by: Map<number, Pick>) => {
    if (by.size !== scenarios.length) return false;
    const [first, ...rest] = [...by.values()];
    return rest.every((p) => p.communityCode === first.communityCode && p.year === first.year);
  };
  const names = new Map(scenarios.flatMap((s) => s.result.communities.map((c) => [c.code, c.name] as const)));
  const optionsThatDiffer = [...picks.entries()]
    .filter(([, entry]) => !same(entry.by))
    .map(([id, entry]) => ({
      id,
      name: entry.name,
      method: entry.method,
      netAreaM2: entry.netAreaM2,
      choices: scenarios.map((s) => {
        const pick = entry.by.get(s.id);
        return {
          scenarioId: s.id,
          chosen: !!pick,
          communityCode: pick?.communityCode ?? null,
          communityName: pick ? (names.get(pick.communityCode) ?? null) : null,
          year: pick?.year ?? null,
        };
      }),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const codes = scenarios[0]?.result.communities.map((c) => c.code) ?? [];
  const communitiesThatDiffer = codes
    .map((code) => ({
      code,
      name: names.get(code) ?? code,
      compliantYear: scenarios.map((s) => ({
        scenarioId: s.id,
        year: s.result.communities.find((c) => c.code === code)?.compliantYear ?? null,
      })),
    }))
    .filter((c) => new Set(c.compliantYear.map((y) => y.year)).size > 1);
  return {
    scenarios: scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.result.status,
      scenarioStatus: s.scenarioStatus,
      totalCost: s.result.totalCost,
      gap: s.result.gap,
      byYear: s.result.byYear,
      accessibility: s.result.accessibility,
      infeasible: s.result.infeasible,
      optionCount: s.result.communities.reduce((n, c) => n + c.options.length, 0),
      params: s.params,
    })),
    optionsThatDiffer,
    communitiesThatDiffer,
  };
}
