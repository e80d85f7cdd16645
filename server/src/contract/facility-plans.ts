/**
 * Facility scenarios: the request that solves one, the stored parameters and result (per
 * community and per year, with a coded reason for every community that misses the goal), the
 * list, the comparison and the approval.
 */
import { z } from 'zod';
import { messageSchema, version } from './common';
import { acquisitionMethodSchema, optionCode } from './facility';
import { projectSchema } from './projects';

const money = z.number().nonnegative().max(1e11);

export const planBody = z
  .object({
    /** Left out: stored empty, and screens name the scenario from its parameters. */
    name: z.string().trim().max(80).optional(),
    years: z.number().int().min(1).max(10).optional(),
    budgetPerYear: z.array(money).min(1).max(10).optional(),
    accessibilityWeight: z.number().nonnegative().max(1e6).optional(),
    maxSitesPerCommunity: z.number().int().min(1).max(20).nullable().optional(),
    forceUse: z.array(optionCode).max(500).optional(),
    forbid: z.array(optionCode).max(500).optional(),
    requireFallbackForUncertain: z.boolean().optional(),
    timeLimitSeconds: z.number().min(1).max(120).optional(),
  })
  .strict();
export type PlanBody = z.input<typeof planBody>;

export const overrideBody = z
  .object({
    name: z.string().trim().max(80).optional(),
    forceUse: z.array(optionCode).max(500).default([]),
    forbid: z.array(optionCode).max(500).default([]),
  })
  .strict();
export type OverrideBody = z.input<typeof overrideBody>;

export const scenarioListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
/** `ids=3,5,8`: two to six different scenarios. */
export const compareQuery = z.object({ ids: z.string().regex(/^[0-9]{1,15}(,[0-9]{1,15}){1,5}$/) });
export const approveBody = z.object({ version }).strict();

export const SOLVE_STATUSES = ['optimal', 'feasible', 'partial', 'infeasible', 'time_limit'] as const;
export const solveStatusSchema = z.enum(SOLVE_STATUSES);
export type SolveStatus = z.infer<typeof solveStatusSchema>;
export const scenarioStateSchema = z.enum(['solved', 'approved', 'superseded']);
export type ScenarioState = z.infer<typeof scenarioStateSchema>;

/** The parameters a scenario was solved with, stored with it. */
export const scenarioParamsSchema = z.object({
  startYear: z.number().int(),
  years: z.number().int(),
  budgetPerYear: z.array(z.number()),
  accessibilityWeight: z.number(),
  maxSitesPerCommunity: z.number().int().nullable(),
  forceUse: z.array(z.string()),
  forbid: z.array(z.string()),
  /** Options of in-progress projects, kept in every plan automatically. */
  committed: z.array(z.string()),
  requireFallbackForUncertain: z.boolean(),
  timeLimitSeconds: z.number(),
  basedOn: z.number().int().nullable(),
});
export type ScenarioParams = z.infer<typeof scenarioParamsSchema>;

export const yearFigureSchema = z.object({
  year: z.number().int(),
  /** Communities compliant at the end of this year, counting those compliant from the start. */
  compliantCount: z.number().int(),
  cost: z.number(),
  budget: z.number(),
});
export type YearFigure = z.infer<typeof yearFigureSchema>;

export const chosenOptionSchema = z.object({
  id: z.string(),
  method: acquisitionMethodSchema,
  areaM2: z.number(),
  /** CNY spent on this option within the horizon (one-off plus yearly payments). */
  cost: z.number(),
  /** Calendar year the option enters service. */
  year: z.number().int(),
  name: z.string(),
  netAreaM2: z.number(),
  homeCommunity: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  distanceMetres: z.number().nullable(),
  needsApproval: z.boolean(),
  uncertain: z.boolean(),
});
export type ChosenOption = z.infer<typeof chosenOptionSchema>;

export const communityPlanSchema = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  requiredAreaM2: z.number(),
  currentAreaM2: z.number(),
  /** Area in service at the end of the last plan year. */
  reachedAreaM2: z.number(),
  /** First calendar year at whose end the community is compliant; null if never within the horizon. */
  compliantYear: z.number().int().nullable(),
  centroid: z.tuple([z.number(), z.number()]).nullable(),
  options: z.array(chosenOptionSchema),
  /**
   * The community's own figures (area now, standard, shortfall) and what the chosen options give
   * it or why nothing was chosen; null when compliant from the start; absent from scenarios
   * solved before it was recorded.
   */
  explanation: messageSchema.nullable().optional(),
});
export type CommunityPlan = z.infer<typeof communityPlanSchema>;

/** A community that misses the goal: the reason, then the figures that qualify it. */
export const infeasibleEntrySchema = z.object({
  code: z.string(),
  name: z.string(),
  reason: messageSchema,
  details: z.array(messageSchema),
});
export type InfeasibleEntry = z.infer<typeof infeasibleEntrySchema>;

export const accessibilitySchema = z.object({
  /** Households-weighted mean distance from served communities' buildings to their new sites. */
  meanDistanceMetres: z.number().nullable(),
  /** Households of the communities that get at least one new site. */
  householdsServed: z.number(),
  penaltyCost: z.number(),
});

/** What the optimiser answered, enriched with names and places; stored as the scenario's result. */
export const scenarioResultSchema = z.object({
  status: solveStatusSchema,
  totalCost: z.number(),
  accessibilityCost: z.number(),
  gap: z.number().nullable(),
  solveMs: z.number(),
  byYear: z.array(yearFigureSchema),
  communities: z.array(communityPlanSchema),
  infeasible: z.array(infeasibleEntrySchema),
  /** Things that concern options rather than communities (forces that were ignored). */
  notes: z.array(messageSchema),
  accessibility: accessibilitySchema,
  /**
   * Partial plans: the most communities that can comply by the deadline as far as the solver
   * proved; equal to the compliant count when proven, higher when the time limit came first.
   * Null otherwise (absent from scenarios solved before it was recorded).
   */
  compliantBound: z.number().int().nullable().optional(),
});
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;

const bookkeeping = {
  scenarioStatus: scenarioStateSchema,
  params: scenarioParamsSchema,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  /** The data scope it was solved for (its communities' code prefix); null = every community. */
  scopeCode: z.string().nullable(),
  version: z.number().int(),
};

/** `name` is empty when the planner gave none. */
export const scenarioSchema = z.object({ id: z.number().int(), name: z.string(), ...scenarioResultSchema.shape, ...bookkeeping });
export type Scenario = z.infer<typeof scenarioSchema>;

export const approvedScenarioSchema = scenarioSchema.extend({ projects: z.array(projectSchema) });

/** A chosen option as approval treats it. */
export const approvalPickSchema = z.object({
  optionCode: z.string(),
  optionName: z.string(),
  communityCode: z.string(),
  communityName: z.string(),
  year: z.number().int(),
  cost: z.number(),
});

/** What approving a scenario would do now, for the official's confirmation. */
export const approvalPreviewSchema = z.object({
  /** Chosen options that become new tracked projects, in the plan's order. */
  created: z.array(approvalPickSchema),
  /** Chosen options whose planned or in-progress project carries on under this scenario. */
  kept: z.array(approvalPickSchema),
  /** Planned projects approval cancels: moved to another community, or dropped by the plan. */
  cancelled: z.array(
    z.object({
      projectId: z.number().int(),
      optionCode: z.string(),
      optionName: z.string(),
      communityCode: z.string(),
      communityName: z.string(),
      plannedYear: z.number().int(),
    }),
  ),
  totalCost: z.number(),
  /** Each plan year's spending against its budget. */
  byYear: z.array(yearFigureSchema),
});
export type ApprovalPreview = z.infer<typeof approvalPreviewSchema>;
export type ApprovedScenario = z.infer<typeof approvedScenarioSchema>;

export const scenarioSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: solveStatusSchema,
  totalCost: z.number(),
  gap: z.number().nullable(),
  byYear: z.array(yearFigureSchema),
  infeasibleCount: z.number().int(),
  optionCount: z.number().int(),
  accessibility: accessibilitySchema,
  ...bookkeeping,
});
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const comparisonSchema = z.object({
  scenarios: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      status: solveStatusSchema,
      scenarioStatus: scenarioStateSchema,
      totalCost: z.number(),
      gap: z.number().nullable(),
      byYear: z.array(yearFigureSchema),
      accessibility: accessibilitySchema,
      infeasible: z.array(infeasibleEntrySchema),
      optionCount: z.number().int(),
      params: scenarioParamsSchema,
    }),
  ),
  optionsThatDiffer: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      method: acquisitionMethodSchema,
      netAreaM2: z.number(),
      choices: z.array(
        z.object({
          scenarioId: z.number().int(),
          chosen: z.boolean(),
          communityCode: z.string().nullable(),
          communityName: z.string().nullable(),
          year: z.number().int().nullable(),
        }),
      ),
    }),
  ),
  communitiesThatDiffer: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      compliantYear: z.array(z.object({ scenarioId: z.number().int(), year: z.number().int().nullable() })),
    }),
  ),
});
export type Comparison = z.infer<typeof comparisonSchema>;
