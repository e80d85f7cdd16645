/**
 * Grid plans as a layer, so a town can move between installations. The export is a GeoJSON
 * FeatureCollection with one feature per cell of each community's published plan and drafts
 * (submitted and approved ones too): community_code, plan_no (1 = the published plan, then the
 * others oldest first), plan_name, plan_status, the plan's household range per cell
 * (plan_min_households, plan_max_households), code, label, households and building_codes
 * (`;`-separated), with the cell's outline, and drawn_outline, the outline drawn for the cell in
 * the editor (a GeoJSON MultiPolygon, or null). An import recreates every plan of the file as a
 * new plan: its cells with their labels and codes, their buildings and drawn outlines, and
 * outlines drawn again from this installation's building atoms and those drawn outlines. A published plan is published again only when an admin
 * imports it, through the ordinary publish transaction (integrity checks, the plan in force
 * archived, lineage, responsibilities moved); anyone else's import makes it a draft, with a note.
 */
import { inScope, type Scope } from '../domain/access/scope';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GridPlanImportReport } from '../contract/grid-plan-layer';
import { DomainError } from '../domain/errors';
import type { Db, Queryable } from '../db/pool';
import { audit } from '../db/audit';
import { existingCodes } from '../db/io';
import { approveImported, communitiesOfBuildings, exportedCells, insertPlanWithCells, type NewPlanCell } from '../db/grid-plan-io';
import { publishPlan } from '../db/grid-publish';
import { compareLabels } from '../domain/grid-edit/state';
import { parseGeoJson } from './parse-geojson';
import { DRAWN_OUTLINE, drawnOutlineProblems, readDrawnOutline } from './grid-plan-outlines';
import { MAX_PROBLEMS_LISTED } from './import';
import { at, note, problem, type Note, type Problem } from './types';
import { requireImportInScope } from '../domain/access/scope';

/** Who the audit log names for the command line (no account of its own). */
const CLI_USER = 'cli';

/** The plans of one community (or the town, within `scope`) as a GeoJSON FeatureCollection of cells. */
export async function exportGridPlans(c: Queryable, community: string | null, scope: Scope = null): Promise<FeatureCollection> {
  const cells = (await exportedCells(c, community)).filter((cell) => inScope(scope, cell.communityCode));
  const planNo = new Map<number, number>();
  const perCommunity = new Map<string, number>();
  for (const cell of cells) {
    if (planNo.has(cell.planId)) continue;
    const n = (perCommunity.get(cell.communityCode) ?? 0) + 1;
    perCommunity.set(cell.communityCode, n);
    planNo.set(cell.planId, n);
  }
  const ordered = [...cells].sort(
    (a, b) =>
      a.communityCode.localeCompare(b.communityCode) || planNo.get(a.planId)! - planNo.get(b.planId)! || compareLabels(a.label, b.label),
  );
  const features: Feature[] = ordered.map((cell) => ({
    type: 'Feature',
    properties: {
      community_code: cell.communityCode,
      plan_no: planNo.get(cell.planId)!,
      plan_name: cell.planName,
      plan_status: cell.planStatus,
      plan_min_households: cell.minHouseholds,
      plan_max_households: cell.maxHouseholds,
      code: cell.code,
      label: cell.label,
      households: cell.households,
      building_codes: cell.buildingCodes.join(';'),
      [DRAWN_OUTLINE]: cell.drawnOutline === null ? null : (JSON.parse(cell.drawnOutline) as Geometry),
    },
    geometry: cell.geometry === null ? (null as unknown as Geometry) : (JSON.parse(cell.geometry) as Geometry),
  }));
  return { type: 'FeatureCollection', features };
}

interface FileCell extends NewPlanCell {
  feature: number;
  community: string;
  planNo: number;
  planName: string;
  status: string;
  minHouseholds: number;
  maxHouseholds: number;
}

const COMMUNITY = /^[0-9]{12}$/;
const CELL_CODE = /^[0-9]{15}$/;

/** Reads one feature's properties into a cell, or the problems that stop it. */
function readCell(feature: number, props: Record<string, unknown>, problems: Problem[]): FileCell | null {
  const bad = (column: string, value: unknown, example: string) =>
    problems.push(at({ feature }, problem('grid_import.field_invalid', { column, value: String(value ?? ''), example }, column)));
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  const community = text(props.community_code);
  const planNo = Number(props.plan_no);
  const label = text(props.label);
  const code = text(props.code);
  const status = text(props.plan_status) || 'draft';
  // a file without the range gets the plan defaults (300–500)
  const minHouseholds = props.plan_min_households === undefined ? 300 : Number(props.plan_min_households);
  const maxHouseholds = props.plan_max_households === undefined ? 500 : Number(props.plan_max_households);
  const before = problems.length;
  if (!COMMUNITY.test(community)) bad('community_code', props.community_code, '321012100006');
  if (!Number.isInteger(planNo) || planNo < 1) bad('plan_no', props.plan_no, '1');
  if (label === '' || label.length > 40) bad('label', props.label, '第1网格');
  if (!Number.isInteger(minHouseholds) || minHouseholds < 1) bad('plan_min_households', props.plan_min_households, '300');
  else if (!Number.isInteger(maxHouseholds) || maxHouseholds < minHouseholds) bad('plan_max_households', props.plan_max_households, '500');
  if (code !== '' && !CELL_CODE.test(code)) bad('code', props.code, '321012100006001');
  else if (code !== '' && !code.startsWith(community))
    problems.push(at({ feature }, problem('grid_import.code_other_community', { code, community }, 'code')));
  const list = props.building_codes;
  const buildings = (Array.isArray(list) ? list.map(text) : text(list).split(';')).map((b) => b.trim()).filter((b) => b !== '');
  const drawnOutline = readDrawnOutline(feature, props[DRAWN_OUTLINE], problems);
  if (problems.length > before || drawnOutline === undefined) return null;
  return {
    feature,
    community,
    planNo,
    planName: text(props.plan_name),
    status,
    minHouseholds,
    maxHouseholds,
    label,
    code: code || null,
    buildings,
    drawnOutline,
  };
}

/** Problems of the plans as a whole: communities, statuses, labels and buildings. */
async function checkPlans(c: Queryable, plans: FileCell[][]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const cells = plans.flat();
  const communities = await existingCodes(c, 'community', [...new Set(cells.map((x) => x.community))]);
  const homes = await communitiesOfBuildings(c, [...new Set(cells.flatMap((x) => x.buildings))]);
  const publishedPlans = new Map<string, number[]>();
  for (const plan of plans) {
    const [first] = plan;
    if (!communities.has(first.community)) {
      problems.push(
        at({ feature: first.feature }, problem('grid_import.community_unknown', { community: first.community }, 'community_code')),
      );
      continue;
    }
    if (first.status === 'published') publishedPlans.set(first.community, [...(publishedPlans.get(first.community) ?? []), first.planNo]);
    const labels = new Map<string, number>();
    const cellOf = new Map<string, string>();
    for (const cell of plan) {
      const where = { feature: cell.feature };
      const planRef = { community: cell.community, planNo: cell.planNo };
      if (cell.status !== first.status)
        problems.push(
          at(
            where,
            problem('grid_import.plan_status_mixed', { ...planRef, status: first.status, otherStatus: cell.status }, 'plan_status'),
          ),
        );
      const seen = labels.get(cell.label);
      if (seen !== undefined)
        problems.push(at(where, problem('grid_import.label_twice', { ...planRef, label: cell.label, first: seen }, 'label')));
      else labels.set(cell.label, cell.feature);
      for (const building of cell.buildings) {
        const home = homes.get(building);
        const other = cellOf.get(building);
        if (home === undefined)
          problems.push(at(where, problem('grid_import.building_unknown', { label: cell.label, building }, 'building_codes')));
        else if (home !== cell.community) {
          const params = { label: cell.label, building, buildingCommunity: home, community: cell.community };
          problems.push(at(where, problem('grid_import.building_other_community', params, 'building_codes')));
        } else if (other !== undefined)
          problems.push(
            at(where, problem('grid_import.building_twice', { label: cell.label, building, otherLabel: other }, 'building_codes')),
          );
        else cellOf.set(building, cell.label);
      }
    }
  }
  for (const plan of plans)
    if (communities.has(plan[0].community)) problems.push(...(await drawnOutlineProblems(c, plan[0].community, plan)));
  for (const [community, numbers] of publishedPlans) {
    if (numbers.length > 1) problems.push(problem('grid_import.two_published', { community, plans: numbers }));
  }
  return problems;
}

class Rollback extends Error {
  constructor(readonly report: GridPlanImportReport) {
    super('rollback');
  }
}

export interface GridPlanImportOptions {
  dryRun: boolean;
  fileName: string | null;
  /** The signed-in user; null for the command line, whose operator counts as an admin. */
  username: string | null;
  /** Only an admin's import publishes a plan the file marks published. */
  isAdmin: boolean;
  /** The importing account's data scope: a cell of a community outside it refuses the file (403). */
  scope?: Scope;
}

/** Imports the plans of a grid plan file; nothing is written when anything is wrong. */
export async function importGridPlans(db: Db, bytes: Uint8Array, opts: GridPlanImportOptions): Promise<GridPlanImportReport> {
  const notes: Note[] = [];
  const report = (problems: Problem[], plans: GridPlanImportReport['plans'] = []): GridPlanImportReport => ({
    ok: problems.length === 0,
    dryRun: opts.dryRun,
    fileName: opts.fileName,
    plans,
    problems: [...problems].sort((a, b) => (a.feature ?? -1) - (b.feature ?? -1)).slice(0, MAX_PROBLEMS_LISTED),
    problemsTotal: problems.length,
    notes,
  });
  const parsed = parseGeoJson(new TextDecoder().decode(bytes));
  if (!parsed.file) return report(parsed.problems.length ? parsed.problems : [problem('grid_import.not_feature_collection')]);
  const problems = [...parsed.problems];
  const cells = parsed.file.records.flatMap((r) => readCell('feature' in r.ref ? r.ref.feature : 0, r.props, problems) ?? []);
  if (cells.length === 0 && problems.length === 0) problems.push(problem('import.no_records'));
  requireImportInScope(
    opts.scope ?? null,
    cells.map((cell) => ({ feature: cell.feature, field: 'community_code', code: cell.community })),
  );
  const byPlan = new Map<string, FileCell[]>();
  for (const cell of cells) {
    const key = `${cell.community} ${cell.planNo}`;
    byPlan.set(key, [...(byPlan.get(key) ?? []), cell]);
  }
  const plans = [...byPlan.values()];
  problems.push(...(await db.withClient((c) => checkPlans(c, plans))));
  if (problems.length) return report(problems);

  try {
    return await db.withTransaction(async (c) => {
      const made: GridPlanImportReport['plans'] = [];
      for (const plan of plans) {
        const [first] = plan;
        const { community: communityCode, planName: name, minHouseholds, maxHouseholds } = first;
        const written = await insertPlanWithCells(c, { communityCode, name, minHouseholds, maxHouseholds, username: opts.username }, plan);
        const publish = first.status === 'published' && opts.isAdmin;
        if (publish) await publishImported(c, written.id, first.community, opts.username);
        else if (first.status === 'published') notes.push(note('grid_import.note.published_as_draft', { community: first.community }));
        if (publish) notes.push(note('grid_import.note.published', { community: first.community }));
        made.push({
          communityCode: first.community,
          planNo: first.planNo,
          name: first.planName,
          statusInFile: first.status,
          status: publish ? 'published' : 'draft',
          planId: opts.dryRun ? null : written.id,
          cells: plan.length,
          buildings: plan.reduce((n, cell) => n + cell.buildings.length, 0),
          drawnOutlines: plan.filter((cell) => cell.drawnOutline !== null).length,
        });
      }
      const done = report([], made);
      if (opts.dryRun) throw new Rollback(done);
      await audit(c, {
        username: opts.username ?? CLI_USER,
        action: 'import',
        entity: 'grid_plan',
        entityId: opts.fileName ?? 'grid-plans',
        after: { layer: 'grid-plans', fileName: opts.fileName, plans: made },
      });
      return done;
    });
  } catch (err) {
    if (err instanceof Rollback) return err.report;
    if (err instanceof PublishRefused) {
      const params = { community: err.community, count: err.problems.length, first: err.problems[0]?.message ?? '' };
      return report([problem('grid_import.publish_failed', params)]);
    }
    throw err;
  }
}

/** The integrity checks refused to publish an imported plan. */
class PublishRefused extends Error {
  constructor(
    readonly community: string,
    readonly problems: { message: string }[],
  ) {
    super('publish refused');
  }
}

/** Publishes an imported plan through the ordinary publish transaction (as approved by the importing admin). */
async function publishImported(c: Queryable, planId: number, community: string, username: string | null): Promise<void> {
  const version = await approveImported(c, planId, username);
  try {
    await publishPlan(c, planId, version, username ?? CLI_USER);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'grid.plan.integrity_failed') throw err;
    throw new PublishRefused(community, (err.details as { problems?: { message: string }[] } | undefined)?.problems ?? []);
  }
}
