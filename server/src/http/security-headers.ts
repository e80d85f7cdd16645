/**
 * Security headers on every answer (API, static files, errors): a Content-Security-Policy that
 * allows the app itself and exactly the hosts of the chosen basemap's tiles, no framing, no MIME sniffing, and a
 * referrer policy that still tells tile servers which site asks (some require it).
 */
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { Db } from '../db/pool';
import { getSettings } from '../db/settings';
import type { AppEnv } from './env';
import { basemapHosts } from '../contract/basemap';

/** How long a process trusts its copy of the basemap setting (its own changes apply at once). */
const BASEMAP_TTL_MS = 10_000;

interface Cached {
  source: Promise<string>;
  readAt: number;
}
const cache = new WeakMap<Db, Cached>();

async function readBasemapSource(db: Db): Promise<string> {
  try {
    return basemapHosts((await db.withClient(getSettings))['map.basemap']).join(' ');
  } catch {
    // A database that is closing must not turn every answer into a 500: no basemap host then.
    return '';
  }
}

/** The basemap's CSP sources (space-separated), read at most every BASEMAP_TTL_MS per database; an expired one is used until the next is read. */
function cachedBasemapSource(db: Db): Promise<string> {
  const now = Date.now();
  const hit = cache.get(db);
  if (hit && now - hit.readAt < BASEMAP_TTL_MS) return hit.source;
  const source = readBasemapSource(db);
  cache.set(db, { source, readAt: now });
  // An expired value answers while the fresh one is read: a long import holding the embedded
  // database must not hold up every answer's headers (a settings change clears the cache instead).
  return hit ? hit.source : source;
}

/** Makes the next answer read the basemap setting afresh (after the settings change). */
export function forgetBasemapSource(db: Db): void {
  cache.delete(db);
}

const basemap = (c: { get(key: 'cspBasemap'): string }) => c.get('cspBasemap');

const headers = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // MapLibre and Svelte transitions set inline styles.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', basemap],
    connectSrc: ["'self'", basemap],
    // MapLibre runs its workers from blob: URLs.
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'strict-origin-when-cross-origin',
  // Only browsers that reached us over HTTPS heed it; the town's other hosts are not ours to bind.
  strictTransportSecurity: 'max-age=15552000',
});

/** The security headers, with the basemap host read (cached) from the settings. */
export const securityHeaders: MiddlewareHandler<AppEnv & { Variables: { cspBasemap: string } }> = createMiddleware(async (c, next) => {
  c.set('cspBasemap', await cachedBasemapSource(c.var.db));
  return headers(c, next);
});
