/**
 * The one error path: expected failures throw `ApiError` (an HTTPException with a code and
 * details); `onError` renders every error as `{error: {code, message, details}}`. Unknown
 * errors are logged and answered with a generic 500, never with their text.
 */
import { HTTPException } from 'hono/http-exception';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** PostgreSQL error codes this project reacts to. */
export const PG = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  NOT_NULL_VIOLATION: '23502',
  INVALID_TEXT_REPRESENTATION: '22P02',
  SERIALIZATION_FAILURE: '40001',
} as const;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'bad_request', message, details);
export const notFound = (message: string, details?: unknown) => new ApiError(404, 'not_found', message, details);
export const conflict = (message: string, details?: unknown) => new ApiError(409, 'conflict', message, details);
export const unprocessable = (message: string, details?: unknown) =>
  new ApiError(422, 'unprocessable', message, details);

function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Maps a database constraint failure that a user can provoke to a 4xx; others stay 500. */
export function fromDatabaseError(err: unknown): ApiError | undefined {
  const code = pgCode(err);
  const constraint = (err as { constraint?: string }).constraint;
  const detail = (err as { detail?: string }).detail;
  switch (code) {
    case PG.UNIQUE_VIOLATION:
      return new ApiError(409, 'duplicate', 'A record with the same key already exists', { constraint, detail });
    case PG.FOREIGN_KEY_VIOLATION:
      return new ApiError(400, 'reference', 'A referenced record does not exist or is still in use', { constraint, detail });
    case PG.CHECK_VIOLATION:
    case PG.NOT_NULL_VIOLATION:
      return new ApiError(400, 'constraint', 'A value breaks a data rule', { constraint });
    default:
      return undefined;
  }
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof ApiError) {
    return c.json<ErrorBody>({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = ({ 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 413: 'too_large' } as Record<number, string>)[status] ?? 'http_error';
    return c.json<ErrorBody>({ error: { code, message: err.message || 'Request failed' } }, status);
  }
  const mapped = fromDatabaseError(err);
  if (mapped) return c.json<ErrorBody>({ error: { code: mapped.code, message: mapped.message, details: mapped.details } }, mapped.status);
  console.error(`${c.req.method} ${c.req.path} failed:`, err);
  return c.json<ErrorBody>({ error: { code: 'internal', message: 'Internal server error' } }, 500);
};

export const onNotFound: NotFoundHandler = (c) =>
  c.json<ErrorBody>({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
