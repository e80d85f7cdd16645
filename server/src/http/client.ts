/**
 * Where a request came from: the connection's address and whether it came over HTTPS. Behind a
 * reverse proxy (GRIDPLAN_TRUST_PROXY=1) the proxy's X-Forwarded-For and X-Forwarded-Proto say
 * it instead; without that setting those headers are ignored, since any client can send them.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env';

/** True when GRIDPLAN_TRUST_PROXY=1 in `env`. */
export const trustProxyFrom = (env: NodeJS.ProcessEnv = process.env) => env.GRIDPLAN_TRUST_PROXY === '1';

const firstOf = (header: string | undefined) => header?.split(',')[0]?.trim() || null;

/** The client's address, or null when unknown (an in-process `app.request()` has no connection). */
export function clientAddress(c: Context<AppEnv>): string | null {
  if (c.var.trustProxy) {
    const forwarded = firstOf(c.req.header('X-Forwarded-For'));
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (!env?.incoming && !env?.server?.incoming) return null;
  return getConnInfo(c).remote.address ?? null;
}

/** True when the request reached us (or, behind a trusted proxy, the proxy) over HTTPS. */
export function cameOverHttps(c: Context<AppEnv>): boolean {
  if (c.var.trustProxy) {
    const proto = firstOf(c.req.header('X-Forwarded-Proto'));
    if (proto) return proto.toLowerCase() === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}
