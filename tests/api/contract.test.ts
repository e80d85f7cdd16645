/** The API contract: every documented route says who may call it and what it answers, and the suite's answers are held to it. */
import { describe, expect, it } from 'vitest';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { call, testApp } from '../helpers/app';
import { checkResponses } from '../helpers/contract';
import { createRouter, json, open } from '../../server/src/http/openapi';
import { onError } from '../../server/src/http/errors';

type Op = { 'x-roles'?: unknown; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe('GET /api/openapi.json', () => {
  it('declares access and a success answer for every operation', async () => {
    await testApp();
    const doc = (await (await call('GET', '/api/openapi.json')).json()) as { paths: Record<string, Record<string, Op>> };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ at: `${method} ${path}`, op })),
    );
    expect(ops.length).toBeGreaterThan(60);
    for (const { at, op } of ops) {
      expect(op['x-roles'], at).toBeDefined();
      expect(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        at,
      ).toBe(true);
    }
  });

  it('documents the error body on the shared error statuses of a protected route', async () => {
    const doc = (await (await call('GET', '/api/openapi.json')).json()) as { paths: Record<string, Record<string, Op>> };
    const patch = doc.paths['/api/projects/{id}'].patch;
    expect(Object.keys(patch.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '415', '422']);
    expect(patch['x-roles']).toEqual(['admin', 'planner', 'official']);
  });
});

describe('the response check of the test suite', () => {
  const app = () => {
    const api = createRouter()
      .openapi(
        createRoute({ method: 'get', path: '/thing', ...open, responses: { 200: json(z.object({ n: z.number() }), 'A thing') } }),
        (c) =>
          // Deliberately off-contract: a string where the schema says number.
          c.json({ n: 'seven' } as unknown as { n: number }, 200),
      )
      .openapi(createRoute({ method: 'get', path: '/teapot', ...open, responses: { 200: json(z.object({}), 'Nothing') } }), (c) =>
        c.json({}, 418 as 200),
      );
    const outer = new OpenAPIHono().route('/api', api);
    outer.onError(onError);
    return checkResponses(outer);
  };

  it('fails an answer whose body does not match the declared schema', async () => {
    await expect(app().request('/api/thing')).rejects.toThrow(/does not match \/api\/thing/);
  });

  it('fails an answer with a status the route does not document', async () => {
    await expect(app().request('/api/teapot')).rejects.toThrow(/answered 418/);
  });
});

describe('GET /api/health with an unsafe query', () => {
  it('answers the documented 400 naming the parameter, even on a route without parameters', async () => {
    const res = await call('GET', '/api/health?x=%00');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.map((d) => d.field)).toEqual(['query.x']);
  });
});
