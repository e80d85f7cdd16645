/**
 * The HTTP application: one Hono app, one sub-app per resource under /api, one error path.
 * It takes its database as an argument so tests and the CLI can hand in their own.
 */
import { scopeGuard } from './http/scope-guard';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import type { Db } from './db/pool';
import type { AppEnv } from './http/env';
import { ApiError, onError, onNotFound } from './http/errors';
import { createRouter } from './http/openapi';
import { loadUser } from './http/auth';
import { trustProxyFrom } from './http/client';
import { securityHeaders } from './http/security-headers';
import { refuseUnsafeText } from './http/safe-text';
import { auth } from './routes/auth';
import { account } from './routes/account';
import { users } from './routes/users';
import { communities } from './routes/communities';
import { gridPlanCommunities } from './routes/grid-plan-communities';
import { printRoute } from './routes/print';
import { gridPlans } from './routes/grid-plans';
import { buildings, lookup } from './routes/buildings';
import { people } from './routes/people';
import { assignments } from './routes/assignments';
import { party } from './routes/party';
import { volunteers } from './routes/volunteers';
import { coverageReport, rosterRoute } from './routes/coverage-report';
import { features, layers, tiles } from './routes/layers';
import { auditRoute, health, searchRoute, settings } from './routes/misc';
import { facilities } from './routes/facilities';
import { facilityOptions } from './routes/facility-options';
import { facilityPlans } from './routes/facility-plans';
import { inbox } from './routes/inbox';
import { projects } from './routes/projects';
import { locate, siting } from './routes/locate';
import { exportRoute, importHistoryRoute, importRoute } from './routes/io';
import { importJobs } from './routes/import-jobs';
import { gridPlansExportRoute, gridPlansImportRoute } from './routes/grid-plan-io';
import { disputes } from './routes/disputes';
import { publicPages } from './routes/public';
import { scorecard } from './routes/scorecard';
import { grading } from './routes/grading';
import { openApiDocument, docsPage } from './openapi';
import { readEnded, readStarted } from './domain/solver/api-reads';

/** JSON bodies above this are refused before parsing (imports have their own, larger limit). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The API's resources; every one is a sub-app that declares its routes with `createRoute`. */
export function createApi() {
  return createRouter()
    .route('/health', health)
    .route('/auth', auth)
    .route('/auth', account)
    .route('/users', users)
    .route('/communities', communities)
    .route('/communities', gridPlanCommunities)
    .route('/communities', printRoute)
    .route('/grid-plans', gridPlans)
    .route('/buildings', buildings)
    .route('/lookup', lookup)
    .route('/people', people)
    .route('/assignments', assignments)
    .route('/party', party)
    .route('/volunteers', volunteers)
    .route('/coverage-report', coverageReport)
    .route('/roster', rosterRoute)
    .route('/layers', layers)
    .route('/tiles', tiles)
    .route('/features', features)
    .route('/search', searchRoute)
    .route('/settings', settings)
    .route('/audit', auditRoute)
    .route('/facilities', facilities)
    .route('/facility-options', facilityOptions)
    .route('/facility-plans', facilityPlans)
    .route('/projects', projects)
    .route('/locate', locate)
    .route('/siting', siting)
    .route('/import', importHistoryRoute)
    .route('/import', importJobs)
    .route('/import', gridPlansImportRoute)
    .route('/import', importRoute)
    .route('/export', gridPlansExportRoute)
    .route('/export', exportRoute)
    .route('/disputes', disputes)
    .route('/public', publicPages)
    .route('/scorecard', scorecard)
    .route('/grading', grading)
    .route('/inbox', inbox);
}

/**
 * The app over `deps.db`. `trustProxy` (default: GRIDPLAN_TRUST_PROXY=1) believes a reverse
 * proxy's X-Forwarded-For and X-Forwarded-Proto.
 */
export function createApp(deps: { db: Db; trustProxy?: boolean }) {
  const app = new OpenAPIHono<AppEnv>();
  const trustProxy = deps.trustProxy ?? trustProxyFrom();
  app.use('*', async (c, next) => {
    c.set('db', deps.db);
    c.set('trustProxy', trustProxy);
    await next();
  });
  // Every answer, static files and errors included (routes added later pass through here too).
  app.use('*', securityHeaders);
  // Reads in flight, which a long p-median search on a solver thread gives way to (solver/api-reads.ts).
  app.use('/api/*', async (c, next) => {
    if (c.req.method !== 'GET') return next();
    readStarted();
    try {
      await next();
    } finally {
      readEnded();
    }
  });
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'too_large', { limitMegabytes: MAX_BODY_BYTES / 1024 / 1024 });
    },
  });
  // Imports and case photos carry files and apply their own limits (routes/io.ts, routes/disputes.ts).
  const ownLimit = (path: string) => path.startsWith('/api/import/') || /^\/api\/disputes\/\d+\/photo$/.test(path);
  app.use('/api/*', (c, next) => (ownLimit(c.req.path) ? next() : jsonBodyLimit(c, next)));
  app.use('/api/*', csrf());
  app.use('/api/*', refuseUnsafeText);
  // Tiles are the same for everyone and come by the dozen per map move: no session lookup for them.
  app.use('/api/*', async (c, next) => {
    if (c.req.path.startsWith('/api/tiles/')) {
      c.set('user', null);
      return next();
    }
    return loadUser(c, next);
  });
  app.use('/api/*', scopeGuard);
  app.route('/api', createApi());
  // Generated once from the routes' declarations; the document does not change while running.
  let doc: ReturnType<typeof openApiDocument> | undefined;
  const document = () => (doc ??= openApiDocument(app));
  app.get('/api/openapi.json', (c) => c.json(document()));
  app.get('/api/docs', (c) => c.html(docsPage(document())));
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
