/**
 * /api/grading: ABC × 3 evaluation rounds (分类晋级考评). Staff enter the four scores per
 * community; the round proposes grades from the weighted score and lists promotions against
 * last year; an official who entered none of the scores confirms it into the grade history.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { allow, createRouter, json, jsonBody } from '../http/openapi';
import { errorBodySchema, idParam } from '../contract/common';
import { gradeHistorySchema, roundCreate, roundPatch, roundSchema, roundSummarySchema, scoresPut, type Round } from '../contract/grading';
import type { Queryable } from '../db/pool';
import {
  confirmRound,
  createRound,
  getRound,
  gradeHistory,
  listRounds,
  patchRound,
  putScores,
  roundScores,
  scoreEnterers,
} from '../db/grading';
import { gradesOfYear, listCommunityNames } from '../db/scorecard';
import { evaluateRound } from '../domain/grading/round';
import { requireInScope, type Scope } from '../domain/access/scope';
import { scopeOf } from '../http/auth';
import { requireWholeInstallation } from '../http/scope-guard';

const tags = ['grading'];

/** The round with the communities of `scope` (null = all; a confirmation evaluates them all). */
async function loadRound(q: Queryable, id: number, lock = false, scope: Scope = null): Promise<Round> {
  const round = await getRound(q, id, lock);
  const evaluated = evaluateRound({
    weights: round.weights,
    bands: round.bands,
    rewards: round.rewards,
    communities: await listCommunityNames(q, scope),
    scores: await roundScores(q, id),
    previous: await gradesOfYear(q, round.year - 1),
  });
  return { ...round, ...evaluated, enteredBy: await scoreEnterers(q, id) };
}

const roundResponses = {
  200: json(roundSchema, 'The round with each community’s scores, weighted score, proposed grade, change against last year and reward'),
  404: json(errorBodySchema, 'Unknown round (grading.round_not_found)'),
};

export const grading = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/rounds',
      tags,
      summary: 'Grading rounds by year',
      ...allow(),
      responses: { 200: json(z.array(roundSummarySchema), 'The rounds') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => listRounds(q)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/rounds',
      tags,
      summary: "Open a year's round with the default weights (equal), score bands and rewards",
      ...allow('planner', 'official', 'admin'),
      request: { body: jsonBody(roundCreate) },
      responses: { 201: json(roundSchema, 'The new round'), 409: json(errorBodySchema, 'The year has a round (grading.round_exists)') },
    }),
    async (c) => {
      const { year } = c.req.valid('json');
      await requireWholeInstallation(c);
      const round = await c.var.db.withTransaction(async (q) => loadRound(q, await createRound(q, year, c.var.user!.username)));
      return c.json(round, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/rounds/{id}',
      tags,
      summary: 'One round with its proposals',
      ...allow(),
      request: { params: idParam },
      responses: roundResponses,
    }),
    async (c) => c.json(await c.var.db.withClient((q) => loadRound(q, c.req.valid('param').id, false, scopeOf(c))), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/rounds/{id}',
      tags,
      summary: 'Change an open round’s weights, score bands or rewards (send the version read)',
      ...allow('official', 'admin'),
      request: { params: idParam, body: jsonBody(roundPatch) },
      responses: {
        ...roundResponses,
        400: json(errorBodySchema, 'Bands that do not name the nine grades in order (grading.bands_invalid)'),
        409: json(errorBodySchema, 'Stale version (stale_version) or a confirmed round (grading.round_confirmed)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireWholeInstallation(c);
      const round = await c.var.db.withTransaction(async (q) => {
        await patchRound(q, id, c.req.valid('json'), c.var.user!.username);
        return loadRound(q, id);
      });
      return c.json(round, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/rounds/{id}/scores',
      tags,
      summary: 'Enter scores (0–100) of any communities and sources; later puts replace those entries',
      ...allow('planner', 'official', 'admin'),
      request: { params: idParam, body: jsonBody(scoresPut) },
      responses: {
        ...roundResponses,
        400: json(errorBodySchema, 'A score out of range or an unknown community (grading.unknown_community)'),
        409: json(errorBodySchema, 'The round is confirmed (grading.round_confirmed)'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { scores } = c.req.valid('json');
      for (const s of scores) requireInScope(scopeOf(c), s.communityCode);
      const round = await c.var.db.withTransaction(async (q) => {
        await putScores(q, id, scores, c.var.user!.username);
        return loadRound(q, id, false, scopeOf(c));
      });
      return c.json(round, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/rounds/{id}/confirm',
      tags,
      summary: 'Confirm a complete round: its proposals become the year’s grades. Not by anyone who entered its scores',
      ...allow('official', 'admin'),
      request: { params: idParam },
      responses: {
        ...roundResponses,
        403: json(
          errorBodySchema,
          'Not an official, the caller entered scores in this round (grading.confirm_own_scores), or the caller’s data scope leaves out some community (scope.outside)',
        ),
        409: json(
          errorBodySchema,
          'Already confirmed (grading.round_confirmed) or communities still miss scores (grading.round_incomplete)',
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireWholeInstallation(c);
      const round = await c.var.db.withTransaction(async (q) => {
        const before = await loadRound(q, id, true);
        const grades = before.communities.flatMap((x) =>
          x.proposed && x.weighted !== null
            ? [{ code: x.code, class: x.proposed.class, level: x.proposed.level, weighted: x.weighted, scores: x.scores }]
            : [],
        );
        const incomplete = before.communities.length - grades.length;
        await confirmRound(q, before, grades, incomplete, c.var.user!.username);
        return loadRound(q, id);
      });
      return c.json(round, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/history',
      tags,
      summary: 'Confirmed grades of every community and year',
      ...allow(),
      responses: { 200: json(gradeHistorySchema, 'Grades by year') },
    }),
    async (c) => c.json(await c.var.db.withClient((q) => gradeHistory(q, scopeOf(c))), 200),
  );
