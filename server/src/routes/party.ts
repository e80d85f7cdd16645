/** Party organisation tree per community: general branch → compound/building branch → party group. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { EDITORS, scopeOf } from '../http/auth';
import { requireInScope } from '../domain/access/scope';
import { communityQuery, optionalCommunityQuery, recordIdParam, versionQuery } from '../contract/responsibility';
import { partyOrgCreate, partyOrgSchema, partyOrgUpdate, type PartyOrg } from '../contract/responsibility-party';
import { importPreviewSchema, registerImportQuery } from '../contract/responsibility-report';
import { previewOf, reconcile, sameSet, type ImportPlan } from '../domain/responsibility/reconcile';
import { deletePartyOrg, insertPartyOrg, listPartyOrgs, requirePartyOrg as requireOrg, updatePartyOrg } from '../db/party';
import type { Queryable } from '../db/pool';
import {
  csvProblem,
  partyOrgRow,
  readRegister,
  REGISTER_COLUMNS,
  rowProblem,
  writeRegister,
  type CsvProblem,
  type CsvRow,
} from '../domain/responsibility/csv';
import {
  csvAnswer,
  csvReply,
  csvUpload,
  error,
  importErrors,
  importTransaction,
  readCsvBody,
  rejectProblems,
  requireConfirmation,
} from './responsibility-common';
import { partyAreas } from './party-areas';

const tags = ['party'];
const orgErrors =
  'The organisation breaks the tree or its community: party.unknown_parent, party.parent_cycle, party.parent_other_community, party.scope_level, party.root_level, party.general_branch_parent, party.under_group, party.branch_under_branch, party.unknown_compound, party.compound_other_community, party.missing_compound, party.buildings_other_community, people.unknown_person, party.secretary_other_community, party.not_party_member; details.field';

type OrgRow = CsvRow<z.output<typeof partyOrgRow>>;

/** Rows of another community, repeated refs and parents that point nowhere. */
function fileProblems(rows: readonly OrgRow[], community: string): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const refs = new Map<string, number>();
  for (const { row, value } of rows) {
    if (value.community_code !== community)
      problems.push(csvProblem(row, 'csv.other_community_row', { communityCode: community }, 'community_code'));
    if (refs.has(value.ref)) problems.push(csvProblem(row, 'csv.ref_repeats', { ref: value.ref, firstRow: refs.get(value.ref)! }, 'ref'));
    refs.set(value.ref, row);
  }
  for (const { row, value } of rows) {
    if (value.parent_ref !== null && !refs.has(value.parent_ref))
      problems.push(csvProblem(row, 'csv.unknown_parent_ref', { ref: value.parent_ref }, 'parent_ref'));
  }
  return problems;
}

type OrgPlan = ImportPlan<PartyOrg, OrgRow>;

/** The organisation a row describes, under the parent already written. */
function orgInput(v: OrgRow['value'], community: string, parentId: number | null) {
  return {
    parentId,
    communityCode: community,
    level: v.level,
    scope: v.scope,
    name: v.name,
    compoundCode: v.compound_code,
    secretaryPersonId: v.secretary_person_id,
    buildingCodes: v.building_codes,
  };
}

/**
 * Writes the plan: rows parents first (each pass takes the rows whose parent is written), adding
 * new organisations and updating matched ones in place; then deletes the organisations the file
 * no longer holds, deepest first. Returns the problems by row.
 */
async function writeTree(q: Queryable, rows: readonly OrgRow[], plan: OrgPlan, community: string, username: string): Promise<CsvProblem[]> {
  const ids = new Map<string, number>();
  const problems: CsvProblem[] = [];
  const changed = new Map(plan.change.map((c) => [c.wanted, c.stored]));
  const added = new Set(plan.add);
  let pending = rows;
  while (pending.length) {
    const ready = pending.filter((r) => r.value.parent_ref === null || ids.has(r.value.parent_ref));
    if (ready.length === 0) {
      for (const r of pending) problems.push(csvProblem(r.row, 'csv.parent_loop', {}, 'parent_ref'));
      break;
    }
    for (const r of ready) {
      const { row, value: v } = r;
      if (v.parent_ref !== null && ids.get(v.parent_ref) === -1) {
        problems.push(csvProblem(row, 'csv.parent_failed', { ref: v.parent_ref }, 'parent_ref'));
        ids.set(v.ref, -1);
        continue;
      }
      const input = orgInput(v, community, v.parent_ref === null ? null : ids.get(v.parent_ref)!);
      const stored = changed.get(r);
      try {
        if (added.has(r)) ids.set(v.ref, await insertPartyOrg(q, input, username, `row ${row}`));
        else if (stored) {
          await updatePartyOrg(q, stored.id, stored.version, input, username);
          ids.set(v.ref, stored.id);
        } else ids.set(v.ref, Number(v.ref));
      } catch (err) {
        problems.push(rowProblem(err, row));
        ids.set(v.ref, -1);
      }
    }
    pending = pending.filter((r) => !ready.includes(r));
  }
  if (problems.length) return problems;
  const parentOf = new Map(plan.remove.map((o) => [o.id, o.parentId]));
  const depth = (id: number): number => {
    const parent = parentOf.get(id);
    return parent === null || parent === undefined ? 0 : 1 + depth(parent);
  };
  for (const o of [...plan.remove].sort((x, y) => depth(y.id) - depth(x.id))) await deletePartyOrg(q, o.id, o.version, username);
  return problems;
}

const orgs = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'Party organisations (general branch, branches, groups) with their buildings',
      ...allow(),
      request: { query: optionalCommunityQuery },
      responses: { 200: json(z.array(partyOrgSchema), 'The organisations, general branches first') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listPartyOrgs(q, c.req.valid('query').community, scopeOf(c))), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/export.csv',
      tags,
      summary:
        "A community's organisations as CSV (ref, parent_ref, community_code, level, scope, name, compound_code, secretary_person_id, building_codes)",
      ...allow(...EDITORS),
      request: { query: communityQuery },
      responses: { 200: csvAnswer('The organisations') },
    }),
    async (c) => {
      const { community } = c.req.valid('query');
      const rows = await c.var.db.withClient((q) => listPartyOrgs(q, community));
      const csv = writeRegister(
        REGISTER_COLUMNS.partyOrgs,
        rows.map((o) => ({
          ref: o.id,
          parent_ref: o.parentId,
          community_code: o.communityCode,
          level: o.level,
          scope: o.scope,
          name: o.name,
          compound_code: o.compoundCode,
          secretary_person_id: o.secretaryPersonId,
          building_codes: o.buildingCodes,
        })),
      );
      return csvReply(c, `party-orgs-${community}.csv`, csv);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/import',
      tags,
      summary:
        "Make a community's organisations those of a CSV (text/csv body; parent_ref refers to another row's ref; a ref that is an organisation's id updates it in place); missing ones are deleted (only with confirm=1), all or nothing; dryRun=1 answers what it would do",
      ...allow(...EDITORS),
      request: { query: registerImportQuery, body: csvUpload },
      responses: {
        200: json(importPreviewSchema, 'What was (or, on a dry run, would be) added, changed and deleted, by ref'),
        ...importErrors,
      },
    }),
    async (c) => {
      const { community, dryRun, confirm } = c.req.valid('query');
      const { rows, problems } = readRegister(await readCsvBody(c), partyOrgRow);
      rejectProblems([...problems, ...fileProblems(rows, community)]);
      const preview = await importTransaction(c.var.db, dryRun, async (q) => {
        // An export writes each organisation's id as its ref, so a re-imported export matches row for row.
        const current = await listPartyOrgs(q, community);
        const keys = { stored: (o: PartyOrg) => String(o.id), wanted: (r: OrgRow) => r.value.ref };
        const plan = reconcile(
          current,
          rows,
          keys,
          (o, { value: v }) =>
            (o.parentId === null ? null : String(o.parentId)) === v.parent_ref &&
            o.level === v.level &&
            o.scope === v.scope &&
            o.name === v.name &&
            o.compoundCode === v.compound_code &&
            o.secretaryPersonId === v.secretary_person_id &&
            sameSet(o.buildingCodes, v.building_codes),
        );
        const preview = previewOf(plan, keys, 'deleted', dryRun);
        requireConfirmation(preview, { dryRun, confirm });
        rejectProblems(await writeTree(q, rows, plan, community, c.var.user!.username));
        return preview;
      });
      return c.json(preview, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'One party organisation',
      ...allow(),
      request: { params: recordIdParam },
      responses: { 200: json(partyOrgSchema, 'The organisation'), 404: error('Unknown organisation (party.not_found)') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => requireOrg(q, c.req.valid('param').id)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary:
        'Add an organisation; parent, compound, buildings and secretary must be of its community, and the level must fit under the parent',
      ...allow(...EDITORS),
      request: { body: jsonBody(partyOrgCreate) },
      responses: { 201: json(partyOrgSchema, 'The organisation'), 400: error(orgErrors) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      requireInScope(scopeOf(c), body.communityCode);
      const org = await c.var.db.withTransaction(async (q) => requireOrg(q, await insertPartyOrg(q, body, c.var.user!.username)));
      return c.json(org, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}',
      tags,
      summary: "Replace an organisation's fields and buildings (versioned)",
      ...allow(...EDITORS),
      request: { params: recordIdParam, body: jsonBody(partyOrgUpdate) },
      responses: {
        200: json(partyOrgSchema, 'The organisation after the change'),
        400: error(orgErrors),
        404: error('Unknown organisation (party.not_found)'),
        409: error('Stale version (stale_version), or a level change under sub-organisations (party.level_locked)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { version, ...fields } = c.req.valid('json');
      const org = await c.var.db.withTransaction(async (q) => {
        await updatePartyOrg(q, id, version, fields, c.var.user!.username);
        return requireOrg(q, id);
      });
      return c.json(org, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete an organisation without sub-organisations',
      ...allow(...EDITORS),
      request: { params: recordIdParam, query: versionQuery },
      responses: {
        204: { description: 'Deleted' },
        404: error('Unknown organisation (party.not_found)'),
        409: error('Has sub-organisations (party.has_children), or stale version (stale_version)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await c.var.db.withTransaction((q) => deletePartyOrg(q, id, c.req.valid('query').version, c.var.user!.username));
      return c.body(null, 204);
    },
  );

export const party = createRouter().route('/orgs', orgs).route('/areas', partyAreas);
