/**
 * Holds every API answer of the test suite to its documented contract: the route's declared
 * response schema for that status (or the shared error body for the statuses the shared layers
 * add). An answer with a status the route does not document, or a body that does not match,
 * fails the test that received it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { z } from 'zod';
import { errorBodySchema } from '../../server/src/contract/common';
import { sharedErrors } from '../../server/src/openapi';

interface Documented {
  method: string;
  pattern: RegExp;
  /** Literal segments count: `/grid-plans/compare` beats `/grid-plans/{id}`. */
  literals: number;
  path: string;
  responses: Record<string, z.ZodType | 'any'>;
}

type RouteDefinition = {
  type: string;
  route?: {
    method: string;
    path: string;
    request?: { params?: unknown; query?: unknown; body?: unknown };
    responses: Record<string, { content?: Record<string, { schema?: z.ZodType }> }>;
    'x-roles'?: Parameters<typeof sharedErrors>[0]['x-roles'];
  };
};

function index<E extends Env>(app: OpenAPIHono<E>): Documented[] {
  const out: Documented[] = [];
  for (const def of app.openAPIRegistry.definitions as RouteDefinition[]) {
    if (def.type !== 'route' || !def.route) continue;
    const r = def.route;
    const responses: Documented['responses'] = {};
    for (const [status, res] of Object.entries(r.responses)) {
      const json = res.content?.['application/json']?.schema;
      responses[status] = json ?? 'any';
    }
    const shared = sharedErrors({
      parameters: r.request?.params || r.request?.query ? [1] : [],
      requestBody: r.request?.body,
      'x-roles': r['x-roles'],
    });
    for (const status of Object.keys(shared)) responses[status] ??= errorBodySchema;
    const segments = r.path.split('/').filter(Boolean);
    const pattern = new RegExp(
      '^' + segments.map((s) => '/' + (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('') + '/?$',
    );
    out.push({
      method: r.method.toUpperCase(),
      pattern,
      literals: segments.filter((s) => !s.startsWith('{')).length,
      path: r.path,
      responses,
    });
  }
  return out;
}

/** Wraps `app.request` so each answer is checked against the route's documented responses. */
export function checkResponses<E extends Env>(app: OpenAPIHono<E>): OpenAPIHono<E> {
  const documented = index(app);
  const request = app.request.bind(app);
  app.request = (async (...args: Parameters<OpenAPIHono<E>['request']>) => {
    const res = await request(...(args as Parameters<typeof request>));
    const input = args[0];
    const url = new URL(typeof input === 'string' ? input : input instanceof Request ? input.url : String(input), 'http://test');
    const method = (args[1]?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const route = documented.filter((d) => d.method === method && d.pattern.test(url.pathname)).sort((a, b) => b.literals - a.literals)[0];
    if (!route) {
      // Only the not-found answer for an unknown path may come from no declared route.
      if (res.status === 404 || !url.pathname.startsWith('/api/') || ['/api/openapi.json', '/api/docs'].includes(url.pathname)) return res;
      throw new Error(`${method} ${url.pathname} answered ${res.status} from a route that declares no contract`);
    }
    const schema = route.responses[String(res.status)];
    if (!schema) {
      throw new Error(
        `${method} ${url.pathname} answered ${res.status}, which ${route.path} does not document (${Object.keys(route.responses).join(', ')})`,
      );
    }
    if (schema !== 'any' && (res.headers.get('content-type') ?? '').includes('application/json')) {
      const parsed = schema.safeParse(await res.clone().json());
      if (!parsed.success) {
        throw new Error(
          `${method} ${url.pathname} → ${res.status} does not match ${route.path}'s schema: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`,
        );
      }
    }
    return res;
  }) as OpenAPIHono<E>['request'];
  return app;
}
