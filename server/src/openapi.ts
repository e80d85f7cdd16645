/**
 * The OpenAPI 3.1 document, generated from the routes' own `createRoute` declarations (request
 * and response schemas, `x-roles`). Every operation also lists the errors the shared layers add:
 * 400 for a route that validates input, 401/403 for one that needs a session or a role, 413 for
 * a body over the limit. `/api/docs` renders it as a plain HTML page (no CDN: the app must work
 * without internet).
 */
import { z } from 'zod';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { errorBodySchema } from './contract/common';
import type { Access } from './http/openapi';

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: unknown }>;
  'x-roles'?: Access;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const errorContent = { 'application/json': { schema: z.toJSONSchema(errorBodySchema) } };

/** The statuses every operation can answer because of the shared layers, with why. */
export function sharedErrors(op: { parameters?: unknown[]; requestBody?: unknown; 'x-roles'?: Access }): Record<number, string> {
  const errors: Record<number, string> = {};
  // Any request can carry a query string, and every query is checked for NUL bytes, lone
  // surrogates and bad encodings before the route runs (http/safe-text.ts).
  errors[400] =
    (op.parameters?.length ?? 0) > 0 || op.requestBody
      ? 'Invalid input (invalid_input); details name each field'
      : 'A query parameter with a NUL byte, a lone surrogate or a bad encoding (invalid_input)';
  if (op.requestBody) {
    errors[413] = 'Body over the size limit (too_large)';
    errors[415] = 'Body of a media type the route does not take (unsupported_media_type)';
  }
  const roles = op['x-roles'];
  if (roles && roles !== 'public') {
    errors[401] = 'Not signed in (unauthorized)';
    errors[403] =
      roles === 'signed-in'
        ? 'Outside your data scope (scope.outside)'
        : `Role is not ${roles.join(' / ')} (forbidden), or outside your data scope (scope.outside)`;
  }
  return errors;
}

// Any environment: the document reads only the routes' declarations.
export function openApiDocument<E extends Env>(app: OpenAPIHono<E>) {
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Gridplan API',
      version: '0.2.0',
      description:
        "Grid cells, responsibility, lookup and facility planning for a town's communities. Errors are `{error: {code, params, message, details}}`: `code` and `params` are data a client renders in its own language, `message` is an English fallback. Sign in with POST /api/auth/login; the session is an HttpOnly cookie. Versioned writes take the record's `version` and answer 409 when it is stale.",
    },
  });
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const ops of Object.values(paths)) {
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) continue;
      const roles = op['x-roles'];
      op.description ??=
        roles === 'public' ? 'Public' : roles === 'signed-in' ? 'Any signed-in user' : roles ? `Roles: ${roles.join(', ')}` : undefined;
      for (const [status, why] of Object.entries(sharedErrors(op))) op.responses[status] ??= { description: why, content: errorContent };
    }
  }
  return { ...doc, paths };
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function docsPage(doc: ReturnType<typeof openApiDocument>): string {
  const rows = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      METHODS.filter((m) => ops[m]).map((method) => {
        const o = ops[method]!;
        const codes = Object.entries(o.responses)
          .map(([s, r]) => `<li><b>${s}</b> ${escapeHtml(r.description)}</li>`)
          .join('');
        return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
          <p>${escapeHtml(o.summary ?? '')} <i>(${escapeHtml(o.tags?.[0] ?? '')}; ${escapeHtml(o.description ?? '')})</i></p><ul>${codes}</ul></section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gridplan API</title>
<style>body{font:14px system-ui,sans-serif;max-width:960px;margin:2em auto;color:#1f2933}code{font-size:15px}
.m{display:inline-block;min-width:4em;padding:2px 6px;border-radius:4px;color:#fff;font-size:12px;text-align:center}
.get{background:#2f80ed}.post{background:#27ae60}.patch{background:#f2994a}.put{background:#9b51e0}.delete{background:#eb5757}
section{border-bottom:1px solid #e4e7eb;padding:4px 0}</style></head><body>
<h1>Gridplan API</h1><p>${escapeHtml(doc.info.description ?? '')} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
${rows}</body></html>`;
}
