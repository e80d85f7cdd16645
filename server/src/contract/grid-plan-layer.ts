/**
 * Grid plans as a layer, so a town can move between installations: a community's (or the town's)
 * published plan and drafts exported as one GeoJSON FeatureCollection of cells, and imported back
 * as new plans. Each feature is a cell with its plan (`plan_no` numbers a community's plans in the
 * file, the published one first), code, label, households, the codes of its buildings and the
 * outline drawn for it in the editor (`drawn_outline`), which stays its boundary.
 */
import { z } from 'zod';
import { messageSchema } from './common';
import { communityCode } from './communities';
import { importProblemSchema } from './io';

export const gridPlanExportQuery = z.object({ community: communityCode.optional() });

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
export const gridPlanImportQuery = z.object({ dryRun: flag.default(false), name: z.string().max(200).optional() });

/** A plan an import made. */
export const importedPlanSchema = z.object({
  communityCode: communityCode,
  /** The plan's number in the file. */
  planNo: z.number().int(),
  name: z.string(),
  /** As the file had it. */
  statusInFile: z.string(),
  /** As imported: published (an admin's import of a published plan) or draft. */
  status: z.enum(['published', 'draft']),
  /** null in a dry run. */
  planId: z.number().int().nullable(),
  cells: z.number().int(),
  buildings: z.number().int(),
  /** Cells with a drawn outline (kept as their boundary). */
  drawnOutlines: z.number().int(),
});

export const gridPlanImportReportSchema = z.object({
  ok: z.boolean(),
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  plans: z.array(importedPlanSchema),
  /** Located at the cell's feature (0-based); at most 5,000 listed. */
  problems: z.array(importProblemSchema),
  problemsTotal: z.number().int(),
  notes: z.array(messageSchema),
});
export type GridPlanImportReport = z.infer<typeof gridPlanImportReportSchema>;
export const gridPlanImportFailureSchema = z.object({ error: messageSchema.extend({ details: gridPlanImportReportSchema }) });
