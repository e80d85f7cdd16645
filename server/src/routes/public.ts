/**
 * /api/public: what a community shows everyone, without signing in (居务公开). Only public
 * facts: cells and their grid workers' names, the office phone, the approved facility plan and
 * its progress, the grade and the scorecard summary of the current plan year. No resident, no
 * personal phone, no dispute.
 */
import { readerOf } from '../db/pool';
import { createRoute } from '@hono/zod-openapi';
import { createRouter, json, open } from '../http/openapi';
import { errorBodySchema } from '../contract/common';
import { publicCommunityParam, publicCommunitySchema } from '../contract/public';
import { getCommunity } from '../db/communities';
import { approvedProjects, latestGrade, officeOf, publishedCells } from '../db/public-community';
import { currentYear } from '../db/scorecard';
import { scorecardOfYear } from '../db/scorecard-of-year';
import { notFound } from '../domain/errors';
import { publicScorecardSummary } from '../domain/scorecard/public-summary';

export const publicPages = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/communities/{code}',
    tags: ['public'],
    summary:
      "A community's public page: cells with their grid workers, office phone, approved facility plan and progress, grade, scorecard summary",
    ...open,
    request: { params: publicCommunityParam },
    responses: {
      200: json(publicCommunitySchema, 'The public facts'),
      404: json(errorBodySchema, 'Unknown community (public.community_not_found)'),
    },
  }),
  async (c) => {
    const { code } = c.req.valid('param');
    const page = await readerOf(c.var.db).withClient(async (q) => {
      const community = await getCommunity(q, code);
      if (!community) throw notFound('public.community_not_found', { code });
      const office = await officeOf(q, code);
      const cells = await publishedCells(q, code);
      const projects = await approvedProjects(q, code);
      const grade = await latestGrade(q, code);
      const card = await scorecardOfYear(q, await currentYear(q));
      return {
        code: community.code,
        name: community.name,
        officePhone: office?.phone ?? null,
        officeAddress: office?.address || null,
        households: community.households,
        cells: {
          type: 'FeatureCollection' as const,
          features: cells.map((cell) => ({
            type: 'Feature' as const,
            geometry: cell.geometry ? JSON.parse(cell.geometry) : null,
            properties: { code: cell.code, label: cell.label, households: cell.households, gridWorkers: cell.gridWorkers },
          })),
        },
        bbox: community.bbox,
        facility: {
          requiredAreaM2: community.requiredAreaM2,
          currentAreaM2: community.currentAreaM2,
          compliant: community.compliant,
          projects,
          progress: projects.length ? { delivered: projects.filter((p) => p.status === 'delivered').length, total: projects.length } : null,
        },
        grade: grade ?? null,
        scorecard: card ? publicScorecardSummary(card, code) : null,
      };
    });
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(page, 200);
  },
);
