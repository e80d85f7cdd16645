/**
 * Starts Gridplan: opens the configured database, applies migrations, loads the demo town
 * into an empty database, warms the MIP solver, then serves the API and the built web app.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app';
import type { Db } from './db/pool';
import { migrate } from './db/migrate';
import { purgeExpiredSessions } from './db/sessions';
import { failJobsLeftRunning } from './data/import-job';
import { loadDemoTown } from '../../data/load';
import { warmHighs } from './domain/solver/highs';
import { PACKAGE_ROOT } from './package-root';
import { beginOpening, prepareAccounts, type Opening } from './ops/first-start';
import { stopOnSignals } from './ops/shutdown';
import { addMissingSearchEntries } from './db/search';
import { dropAbandonedStages } from './data/write-staged';

export const WEB_DIST = path.join(PACKAGE_ROOT, 'dist', 'web');

/** Opens (or finishes `opening`), migrates and (when empty) seeds the configured database. */
export async function prepareDatabase(log: (line: string) => void, opening: Opening = beginOpening(log)): Promise<Db> {
  const { started, brandNew } = opening;
  const db = await opening.db;
  log(`database open in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const report = await migrate(db, log);
  if (report.applied.length) log(`applied ${report.applied.length} migration(s)`);
  const purged = await db.withClient(purgeExpiredSessions);
  if (purged) log(`removed ${purged} expired session(s)`);
  const abandoned = await failJobsLeftRunning(db);
  if (abandoned) log(`marked ${abandoned} import job(s) left unfinished by a stopped server as failed`);
  const stages = db.kind === 'postgres' ? await db.withClient(dropAbandonedStages) : 0;
  if (stages) log(`dropped the staging tables of ${stages} import(s) a stopped server left behind`);
  // A building import adds its buildings' search entries after its commit (data/write-staged.ts).
  const entries = await db.withClient(addMissingSearchEntries);
  if (entries) log(`added the search entries of ${entries} building(s) an import stopped before adding`);
  await prepareAccounts(db, {
    brandNew,
    log,
    loadDemo: async () => log(`demo town loaded: ${JSON.stringify((await loadDemoTown(db, { log })).counts)}`),
  });
  return db;
}

/** Assets named by a hash of their content (the build's assets/ folder): a browser keeps them for good. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The app's shell names the current assets: a browser asks again each time it opens the app. */
export const SHELL_CACHE_CONTROL = 'no-cache';

/**
 * Serves the built web app from `folder` behind the API: a single-page app, so unknown non-API
 * paths get its shell. A returning browser (a grid worker's phone after the server restarts, or
 * after an update) loads the app's scripts and styles from its own cache, and a new build's shell
 * names new assets.
 */
export function serveWebApp(app: ReturnType<typeof createApp>, folder: string): void {
  const root = path.relative(process.cwd(), folder) || '.';
  app.use('/*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    await next();
    if (c.res.status !== 200) return;
    c.res.headers.set('Cache-Control', c.req.path.startsWith('/assets/') ? ASSET_CACHE_CONTROL : SHELL_CACHE_CONTROL);
  });
  app.use('/*', serveStatic({ root }));
  // A missing asset is a 404, never the shell under a name a browser would keep.
  const shellFor = (p: string) => !p.startsWith('/api/') && !p.startsWith('/assets/');
  app.get('*', async (c, next) => (shellFor(c.req.path) ? serveStatic({ root, path: 'index.html' })(c, next) : next()));
}

/**
 * What the map page reads first, anonymously: the community list (its status per community) and
 * the context layers. Read once as the server starts listening, while a first visitor's browser
 * is still loading the app, so the database has planned these statements and read their tables
 * before the visitor asks: on a restarted embedded server the community list took 0.39 s the first
 * time and 0.03 s after.
 */
const FIRST_READS = ['/api/communities', '/api/layers', '/api/layers/town.geojson'];

async function warmFirstReads(app: ReturnType<typeof createApp>): Promise<void> {
  for (const path of FIRST_READS) await (await app.request(path)).arrayBuffer();
}

export async function startServer(opts: {
  port: number;
  log?: (line: string) => void;
  /** The database, already being opened (cli.ts begins before loading this module). */
  opening?: Opening;
}): Promise<{ server: ServerType; db: Db; url: string }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const db = await prepareDatabase(log, opts.opening);
  const app = createApp({ db });
  if (existsSync(WEB_DIST)) {
    serveWebApp(app, WEB_DIST);
  } else {
    log('web app not built (run `npm run build`); serving the API only');
  }
  const warm = warmHighs().catch((err: unknown) => log(`solver warm-up failed: ${String(err)}`));
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: process.env.HOST ?? '0.0.0.0' }, () => resolve(s));
  });
  const warmReads = warmFirstReads(app).catch((err: unknown) => log(`warming the first reads failed: ${String(err)}`));
  // Stopping is possible as soon as requests are: a SIGTERM during the solver's warm-up still
  // closes the database and frees the data folder.
  stopOnSignals({ server, db, log });
  await Promise.all([warm, warmReads]);
  const url = `http://localhost:${opts.port}`;
  log(`Gridplan is running at ${url}`);
  return { server, db, url };
}
