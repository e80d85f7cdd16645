/**
 * What the grid-plan API answers: a plan with its cells, figures, integrity checks and undo/redo
 * state, and the reports of generating, editing, publishing and comparing. The database rows of
 * these shapes are typed from here, so the server, the OpenAPI document and the web app share them.
 */
import { z } from 'zod';
import { messageSchema } from './common';

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'published', 'archived', 'rejected'] as const;
export const planStatusSchema = z.enum(PLAN_STATUSES);
export type PlanStatus = z.infer<typeof planStatusSchema>;

export const EDIT_OPS = ['move', 'new_cell', 'merge', 'split_line', 'draw', 'lock', 'rename', 'rebalance', 'regenerate'] as const;
export type EditOp = (typeof EDIT_OPS)[number];

const lngLat = z.tuple([z.number(), z.number()]);
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const timestamp = z.string().describe('UTC, ISO 8601');

/** How a generated plan came about: its range and seed, and the partition's reasons and notes. */
export const generationSchema = z.object({
  seed: z.number().int().optional(),
  minHouseholds: z.number().int(),
  maxHouseholds: z.number().int(),
  feasible: z.boolean(),
  reasons: z.array(messageSchema),
});
export type Generation = z.infer<typeof generationSchema>;

export const planRowSchema = z.object({
  id: z.number().int(),
  communityCode: z.string(),
  name: z.string(),
  status: planStatusSchema,
  minHouseholds: z.number().int(),
  maxHouseholds: z.number().int(),
  basedOnPlanId: z.number().int().nullable(),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  submittedAt: timestamp.nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: timestamp.nullable(),
  publishedAt: timestamp.nullable(),
  archivedAt: timestamp.nullable(),
  /** Free text of people (a rejection's reason), never a message of the server. */
  notes: z.string(),
  generation: generationSchema.nullable(),
  version: z.number().int(),
});
export type PlanRow = z.infer<typeof planRowSchema>;

export const planListItemSchema = planRowSchema.extend({ cellCount: z.number().int(), assignedBuildings: z.number().int() });
export type PlanListItem = z.infer<typeof planListItemSchema>;

export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(z.array(z.number())))),
});
export type MultiPolygon = z.infer<typeof multiPolygonSchema>;

export const cellViewSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  /** A name beside the label (福星新村片); '' = none. */
  name: z.string(),
  code: z.string().nullable(),
  /** True when `code` is the would-be code of a cell not yet published. */
  codeProvisional: z.boolean(),
  locked: z.boolean(),
  households: z.number().int(),
  residents: z.number().int(),
  buildingCount: z.number().int(),
  buildingCodes: z.array(z.string()),
  areaM2: z.number(),
  perimeterM: z.number(),
  /** Polsby-Popper 4πA/P² of the outline: 1 for a disc, near 0 for a sliver. */
  compactness: z.number(),
  inRange: z.boolean(),
  /** households − target. */
  deviation: z.number(),
  geometry: multiPolygonSchema.nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export type CellView = z.infer<typeof cellViewSchema>;

export const PROBLEM_KINDS = [
  'unassigned',
  'double_assigned',
  'foreign_building',
  'missing_atom',
  'empty_cell',
  'out_of_range',
  'non_contiguous',
  'gap',
  'overlap',
  'outside',
  'low_compactness',
] as const;
export const problemKindSchema = z.enum(PROBLEM_KINDS);
export type ProblemKind = z.infer<typeof problemKindSchema>;

/** One integrity problem: a message, and what a map needs to show and zoom to it. */
export const problemSchema = messageSchema.extend({
  kind: problemKindSchema,
  severity: z.enum(['error', 'warning']),
  /** Labels of the cells concerned. */
  cells: z.array(z.string()).optional(),
  buildings: z.array(z.string()).optional(),
  areaM2: z.number().optional(),
  households: z.number().optional(),
  /** A point inside the problem, for zoom-to. */
  location: lngLat.optional(),
  bbox: bbox.optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const validationSchema = z.object({
  ok: z.boolean(),
  errors: z.number().int(),
  warnings: z.number().int(),
  counts: z.partialRecord(problemKindSchema, z.number().int()),
  /** At most 100 per kind; `counts` covers all of them. */
  problems: z.array(problemSchema),
  toleranceM2: z.number(),
  /** Parts below the tolerance, ignored: count and total area. */
  slivers: z.object({ count: z.number().int(), areaM2: z.number() }),
  durationMs: z.number(),
});
export type Validation = z.infer<typeof validationSchema>;

export const planMetricsSchema = z.object({
  cellCount: z.number().int(),
  minHouseholds: z.number(),
  maxHouseholds: z.number(),
  meanHouseholds: z.number(),
  maxDeviationPct: z.number(),
  meanPolsbyPopper: z.number(),
  targetHouseholds: z.number(),
  households: z.number().int(),
  assignedBuildings: z.number().int(),
});
export type PlanMetrics = z.infer<typeof planMetricsSchema>;

export const historySchema = z.object({ applied: z.number().int(), undone: z.number().int(), canUndo: z.boolean(), canRedo: z.boolean() });
export type HistoryStatus = z.infer<typeof historySchema>;

/** The answer of every plan endpoint. Draft cells have a stable `label`; their `code` is provisional. */
export const planViewSchema = planRowSchema.extend({
  cells: z.array(cellViewSchema),
  metrics: planMetricsSchema.nullable(),
  validation: validationSchema,
  history: historySchema,
});
export type PlanView = z.infer<typeof planViewSchema>;

export const editRecordSchema = z.object({
  seq: z.number().int(),
  op: z.enum([...EDIT_OPS, 'undo', 'redo']),
  movedBuildings: z.number().int(),
  createdCells: z.array(z.string()),
  removedCells: z.array(z.string()),
  version: z.number().int(),
  /** Notes of the automatic tools: moves made, cells still out of range, partition reasons. */
  notes: z.array(messageSchema),
});
export type EditRecord = z.infer<typeof editRecordSchema>;

export const editedPlanSchema = planViewSchema.extend({ edit: editRecordSchema });

export const generatedPlanSchema = planViewSchema.extend({
  generation: generationSchema.extend({
    durationMs: z.object({ load: z.number(), partition: z.number(), write: z.number() }),
  }),
});

export const loggedEditSchema = z.object({
  seq: z.number().int(),
  op: z.string(),
  undone: z.boolean(),
  username: z.string().nullable(),
  at: timestamp,
  movedBuildings: z.number().int(),
});
export type LoggedEdit = z.infer<typeof loggedEditSchema>;

export const buildingPropsSchema = z.object({
  code: z.string(),
  name: z.string(),
  address: z.string(),
  households: z.number().int(),
  residents: z.number().int(),
  compound: z.string().nullable(),
  /** The building's cell label in this plan, null when unassigned. */
  cell: z.string().nullable(),
  locked: z.boolean(),
  /** A point on the building's surface. */
  point: lngLat,
});
export type BuildingProps = z.infer<typeof buildingPropsSchema>;

const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) });

export const buildingCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), id: z.string(), geometry: polygonGeometry, properties: buildingPropsSchema })),
});
export type BuildingCollection = z.infer<typeof buildingCollectionSchema>;

const cellRef = z.object({ id: z.number().int(), label: z.string(), code: z.string().nullable() });
export type CellRef = z.infer<typeof cellRef>;
const planRef = z.object({ id: z.number().int(), name: z.string(), status: planStatusSchema });

export const comparisonSchema = z.object({
  communityCode: z.string(),
  a: planRef,
  b: planRef,
  matches: z.array(z.object({ a: cellRef, b: cellRef, sharedBuildings: z.number().int(), sharedHouseholds: z.number().int() })),
  onlyInA: z.array(cellRef),
  onlyInB: z.array(cellRef),
  moved: z.array(
    z.object({ building: z.string(), households: z.number().int(), from: cellRef.nullable(), to: cellRef.nullable(), location: lngLat }),
  ),
  movedBuildings: z.number().int(),
  movedHouseholds: z.number().int(),
  totalHouseholds: z.number().int(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export const repointedResponsibilitySchema = z.object({
  assignmentId: z.number().int(),
  personId: z.number().int(),
  personName: z.string(),
  role: z.string(),
  fromCell: z.object({ id: z.number().int(), code: z.string().nullable() }),
  /** The new cell that took most of the retired cell's households; null = none (to re-assign by hand). */
  toCell: z.object({ id: z.number().int(), code: z.string() }).nullable(),
  newAssignmentId: z.number().int().nullable(),
  note: messageSchema.optional(),
});
export type RepointedResponsibility = z.infer<typeof repointedResponsibilitySchema>;

export const lineageSchema = z.object({
  parentCellId: z.number().int(),
  parentCode: z.string().nullable(),
  childCellId: z.number().int(),
  childCode: z.string(),
  buildingCount: z.number().int(),
  households: z.number().int(),
});
export type Lineage = z.infer<typeof lineageSchema>;

export const publishReportSchema = z.object({
  codes: z.array(z.object({ label: z.string(), code: z.string(), cellId: z.number().int() })),
  archivedPlanId: z.number().int().nullable(),
  retiredCells: z.array(z.object({ id: z.number().int(), code: z.string().nullable(), label: z.string() })),
  lineage: z.array(lineageSchema),
  responsibilities: z.array(repointedResponsibilitySchema),
  volunteerAreas: z.array(z.object({ teamId: z.number().int(), fromCode: z.string(), toCode: z.string().nullable() })),
});
export type PublishReport = z.infer<typeof publishReportSchema>;

export const publishedPlanSchema = planViewSchema.extend({ publish: publishReportSchema });

const previewCell = z.object({ code: z.string(), label: z.string(), name: z.string() });

/** What publishing a plan would change now, for the confirmation before it (nothing is written). */
export const publishPreviewSchema = z.object({
  planId: z.number().int(),
  /** The published plan that would be archived; null for a community's first plan. */
  archivedPlanId: z.number().int().nullable(),
  /** Published cells whose code the plan does not keep: they close for good. */
  closingCells: z.array(previewCell),
  /** Codes the plan gives for the first time. */
  newCells: z.array(previewCell),
  keptCells: z.number().int(),
  /** Buildings whose cell code changes (or that get their first cell). */
  movedBuildings: z.number().int(),
  movedHouseholds: z.number().int(),
  responsibilities: z.object({
    /** Open responsibilities of the published cells (each is closed and reopened on the successor). */
    total: z.number().int(),
    /** Of those, the ones whose cell code changes. */
    repointed: z.number().int(),
    /** Of those, the ones whose cell has no successor: to be assigned again by hand. */
    withoutSuccessor: z.number().int(),
  }),
});
export type PublishPreview = z.infer<typeof publishPreviewSchema>;

/** Where a community's grid plans stand, for the badges of the community picker. */
export const communityPlanStatusSchema = z.object({
  communityCode: z.string(),
  drafts: z.number().int(),
  /** Submitted plans waiting for approval. */
  submitted: z.number().int(),
  /** Approved plans waiting to be published. */
  approved: z.number().int(),
  /** Plans returned (rejected) to the planner. */
  returned: z.number().int(),
  publishedPlanId: z.number().int().nullable(),
  /** Cells of the published plan outside its household range. */
  outOfRangeCells: z.number().int(),
  /** The community's buildings in no cell of the published plan (all of them when there is none). */
  unassignedBuildings: z.number().int(),
});
export type CommunityPlanStatus = z.infer<typeof communityPlanStatusSchema>;
