/**
 * The OpenAPI 3.1 document, built from each route module's `RouteDoc` list and its zod schemas,
 * so the document and the validation can't drift apart. `/api/docs` renders it as a plain HTML
 * page (no CDN: the app must work without internet).
 */
import { z } from 'zod';
import type { RouteDoc } from './http/openapi-types';
import { coreDocs } from './routes/docs';
import { gridPlanDocs } from './routes/grid-plan-docs';
import { responsibilityDocs } from './routes/responsibility-docs';
import { facilityDocs } from './routes/facilities';
import { facilityOptionDocs } from './routes/facility-options';
import { facilityPlanDocs } from './routes/facility-plans';
import { projectDocs } from './routes/projects';
import { locateDocs } from './routes/locate';
import { ioDocs } from './routes/io';

const DOCS: RouteDoc[] = [...coreDocs, ...responsibilityDocs, ...facilityDocs, ...facilityOptionDocs, ...facilityPlanDocs, ...projectDocs, ...locateDocs, ...ioDocs, ...gridPlanDocs];

/** Lets feature modules add their routes to the document. */
export function registerDocs(docs: RouteDoc[]): void {
  for (const d of docs) if (!DOCS.some((x) => x.method === d.method && x.path === d.path)) DOCS.push(d);
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
};

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of DOCS) {
    const responses: Record<string, unknown> = { 200: { description: d.returns } };
    if (d.params || d.query || d.body) responses[400] = { description: 'Invalid input; details name each field', content: { 'application/json': { schema: errorSchema } } };
    if (d.roles?.length) {
      responses[401] = { description: 'Not signed in', content: { 'application/json': { schema: errorSchema } } };
      if (d.roles[0] !== '*') responses[403] = { description: `Role is not ${d.roles.join(' / ')}`, content: { 'application/json': { schema: errorSchema } } };
    }
    for (const [status, why] of Object.entries(d.errors ?? {})) {
      responses[status] = { description: why, content: { 'application/json': { schema: errorSchema } } };
    }
    (paths[`/api${d.path}`] ??= {})[d.method] = {
      summary: d.summary,
      tags: [d.tag],
      description: d.roles?.length ? `Roles: ${d.roles.join(', ')}` : 'Public',
      parameters: [...parameters(d.params, 'path'), ...parameters(d.query, 'query')],
      ...(d.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(d.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gridplan API',
      version: '0.1.0',
      description:
        'Grid cells, responsibility, lookup and facility planning for a town\'s communities. Errors are `{error: {code, message, details}}`. Sign in with POST /api/auth/login; the session is an HttpOnly cookie. Versioned writes take the record\'s `version` and answer 409 when it is stale.',
    },
    paths,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function docsPage(): string {
  const doc = openApiDocument();
  const rows = Object.entries(doc.paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const o = op as { summary: string; tags: string[]; description: string; responses: Record<string, { description: string }> };
        const codes = Object.entries(o.responses).map(([s, r]) => `<li><b>${s}</b> ${escapeHtml(r.description)}</li>`).join('');
        return `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
          <p>${escapeHtml(o.summary)} <i>(${escapeHtml(o.tags[0])}; ${escapeHtml(o.description)})</i></p><ul>${codes}</ul></section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gridplan API</title>
<style>body{font:14px system-ui,sans-serif;max-width:960px;margin:2em auto;color:#1f2933}code{font-size:15px}
.m{display:inline-block;min-width:4em;padding:2px 6px;border-radius:4px;color:#fff;font-size:12px;text-align:center}
.get{background:#2f80ed}.post{background:#27ae60}.patch{background:#f2994a}.put{background:#9b51e0}.delete{background:#eb5757}
section{border-bottom:1px solid #e4e7eb;padding:4px 0}</style></head><body>
<h1>Gridplan API</h1><p>${escapeHtml(doc.info.description)} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
${rows}</body></html>`;
}
