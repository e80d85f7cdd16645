/** Roster rules per cell, community and town, the printable roster, and problems found in register CSV files. */
import { z } from 'zod';
import { messageSchema } from './common';
import { cellCode, cellRoleSchema, communityCode, personTypeSchema, volunteerCategorySchema } from './responsibility';

export const severitySchema = z.enum(['error', 'warning']);
export const coverageStatusSchema = z.enum(['ok', 'error', 'warning']);
export type CoverageStatus = z.infer<typeof coverageStatusSchema>;

/** A broken roster rule: a `coverage.*` message with its severity. */
export const coverageProblemSchema = messageSchema.extend({ severity: severitySchema });
export type CoverageProblem = z.infer<typeof coverageProblemSchema>;

export const coverageSettingsSchema = z.object({
  maxHouseholdsPerGridWorker: z.number(),
  residentsPerWorker: z.number(),
  requiredParticipantTypes: z.array(personTypeSchema),
});

export const cellFactsSchema = z.object({
  cellCode: z.string(),
  communityCode: z.string(),
  label: z.string(),
  /** The name given to the cell beside its label; empty when it has none. */
  name: z.string(),
  households: z.number().int(),
  residents: z.number().int(),
  buildingCount: z.number().int(),
  gridWorkers: z.number().int(),
  gridLeaders: z.number().int(),
  /** Types of the people with a responsibility touching the cell (assignment, party area or branch, volunteer team). */
  participantTypes: z.array(personTypeSchema),
  buildingsWithoutBranch: z.number().int(),
  buildingsOutsideAreas: z.number().int(),
});
export type CellFacts = z.infer<typeof cellFactsSchema>;

export const communityFactsSchema = z.object({
  communityCode: z.string(),
  name: z.string(),
  households: z.number().int(),
  residents: z.number().int(),
  /** Distinct community cadres plus people holding a grid leader / worker assignment. */
  communityWorkers: z.number().int(),
  volunteerCategories: z.array(volunteerCategorySchema),
  buildingsWithoutBranch: z.number().int(),
  buildingsOutsideAreas: z.number().int(),
  /** Buildings of the community in no cell of its published plan (or all, when it has none). */
  buildingsWithoutCell: z.number().int(),
});
export type CommunityFacts = z.infer<typeof communityFactsSchema>;

export const cellReportSchema = cellFactsSchema.extend({
  /** Households per grid worker; null with no worker. */
  householdsPerWorker: z.number().nullable(),
  problems: z.array(coverageProblemSchema),
  status: coverageStatusSchema,
});
export type CellReport = z.infer<typeof cellReportSchema>;

export const communityReportSchema = communityFactsSchema.extend({
  cellCount: z.number().int(),
  workersRequired: z.number().int(),
  cellsWithoutWorker: z.number().int(),
  cellsOverLimit: z.number().int(),
  problems: z.array(coverageProblemSchema),
  status: coverageStatusSchema,
});
export type CommunityReport = z.infer<typeof communityReportSchema>;

export const townReportSchema = z.object({
  communities: z.number().int(),
  cells: z.number().int(),
  households: z.number().int(),
  residents: z.number().int(),
  cellsWithoutWorker: z.number().int(),
  cellsOverLimit: z.number().int(),
  communitiesUnderstaffed: z.number().int(),
  communitiesMissingVolunteerCategory: z.number().int(),
  buildingsWithoutBranch: z.number().int(),
  buildingsOutsideAreas: z.number().int(),
  /** How many cells and communities have each problem, by message code. */
  problemCounts: z.record(z.string(), z.number().int()),
});
export type TownReport = z.infer<typeof townReportSchema>;

/** Which communities of the scope a report holds: `limit` from `offset`, in code order. */
export const reportPageSchema = z.object({
  offset: z.number().int(),
  /** null when the report was not paged (every community of the scope). */
  limit: z.number().int().nullable(),
  /** Communities in the scope (community and prefix filters), over all pages. */
  total: z.number().int(),
  /** The offset of the next page; null on the last one. */
  nextOffset: z.number().int().nullable(),
});
export type ReportPage = z.infer<typeof reportPageSchema>;

export const coverageReportSchema = z.object({
  settings: coverageSettingsSchema,
  /** Totals over the communities and cells in this answer (the page, when paged). */
  town: townReportSchema,
  communities: z.array(communityReportSchema),
  cells: z.array(cellReportSchema),
  page: reportPageSchema,
});
export type CoverageReport = z.infer<typeof coverageReportSchema>;

/** The largest page of a coverage report, in communities (a county has 300–400). */
export const MAX_REPORT_PAGE = 1000;

/**
 * A report's scope: one community, or every community whose code starts with `prefix` (a
 * province 2 digits, city 4, county 6, town 9), paged by `limit` and `offset` in code order.
 */
export const reportQuery = z.object({
  community: communityCode.optional(),
  prefix: z
    .string()
    .regex(/^[0-9]{2,12}$/, 'a code prefix is 2 to 12 digits')
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_REPORT_PAGE).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ReportQuery = z.output<typeof reportQuery>;
export const reportCsvQuery = reportQuery.extend({ level: z.enum(['cell', 'community']).default('cell') });

/** Current cells with their roster status, for the coverage map. */
export const coverageCellsSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.unknown(),
      properties: z.object({
        code: z.string(),
        label: z.string(),
        communityCode: z.string(),
        status: coverageStatusSchema,
        households: z.number().int(),
        gridWorkers: z.number().int(),
        householdsPerWorker: z.number().nullable(),
        /** The problems' codes, space-separated (vector styles match on strings). */
        problems: z.string(),
      }),
    }),
  ),
});

// Roster ---------------------------------------------------------------------------------------

export const rosterQuery = z
  .object({ community: communityCode.optional(), cell: cellCode.optional() })
  .refine((q) => !!q.community !== !!q.cell, { message: 'give either community or cell', path: ['community'] });

export const rosterSchema = z.object({
  community: z.object({ code: z.string(), name: z.string() }),
  cells: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      /** The cell's name beside its label (福星新村片); '' = none. */
      name: z.string(),
      households: z.number().int(),
      residents: z.number().int(),
      buildingCount: z.number().int(),
      people: z.array(z.object({ name: z.string(), type: personTypeSchema, role: cellRoleSchema, phone: z.string().nullable() })),
    }),
  ),
});
export type Roster = z.infer<typeof rosterSchema>;

// CSV problems ---------------------------------------------------------------------------------

/** One problem of an uploaded register file: its spreadsheet row (the header is row 1) and column. */
export const csvProblemSchema = messageSchema.extend({ row: z.number().int(), field: z.string().optional() });
export type CsvProblem = z.infer<typeof csvProblemSchema>;

/** The error of a rejected register file: every problem (the first 200) by row. */
export const csvRejectionSchema = z.object({
  error: messageSchema.extend({ details: z.object({ problems: z.array(csvProblemSchema) }) }),
});

const keyedCount = z.object({ count: z.number().int(), keys: z.array(z.string()) });

/**
 * What a register import does (or, with `dryRun`, would do): rows added, changed in place,
 * ended (assignments) and deleted, by natural key, and how many stay as they are.
 */
export const importPreviewSchema = z.object({
  dryRun: z.boolean(),
  added: keyedCount,
  changed: keyedCount,
  ended: keyedCount,
  deleted: keyedCount,
  unchanged: z.number().int(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** A register import's query: the community, `dryRun=1` to preview only, `confirm=1` to allow ends and deletes. */
export const registerImportQuery = z.object({
  community: z.string().regex(/^[0-9]{12}$/, 'a community code is 12 digits'),
  dryRun: flag,
  confirm: flag,
});
