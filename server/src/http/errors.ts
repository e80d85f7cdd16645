/**
 * The one error path. `db/` and `domain/` throw `DomainError`s (a kind, a message code and its
 * params); the HTTP layer's own refusals (401, 403, 413) are `ApiError`s. `onError` renders every
 * error as `{error: {code, params, message, details}}`; unknown errors are logged and answered
 * with a generic 500, never with their text.
 */
import { HTTPException } from 'hono/http-exception';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { msg, type MessageCode, type MessageParams } from '../contract/messages';
import type { ErrorBody } from '../contract/common';
import { DomainError, type ErrorKind } from '../domain/errors';
import { PG, pgErrorCode } from '../db/pg-errors';

export class ApiError extends HTTPException {
  readonly params: MessageParams;
  constructor(
    status: ContentfulStatusCode,
    readonly code: MessageCode,
    params: MessageParams = {},
    readonly details?: unknown,
  ) {
    super(status, { message: msg(code, params).message });
    this.params = params;
  }
}

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unprocessable: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  too_many: 429,
  unavailable: 503,
};

/** Maps a database constraint failure that a user can provoke to a 4xx; others stay 500. */
export function fromDatabaseError(err: unknown): ApiError | undefined {
  const constraint = (err as { constraint?: string }).constraint;
  switch (pgErrorCode(err)) {
    case PG.UNIQUE_VIOLATION:
      return new ApiError(409, 'duplicate', {}, { constraint });
    case PG.FOREIGN_KEY_VIOLATION:
      return new ApiError(400, 'reference', {}, { constraint });
    case PG.CHECK_VIOLATION:
    case PG.NOT_NULL_VIOLATION:
      return new ApiError(400, 'constraint', {}, { constraint });
    default:
      return undefined;
  }
}

function body(code: MessageCode, params: MessageParams, details: unknown): ErrorBody {
  return { error: { ...msg(code, params), ...(details === undefined ? {} : { details }) } };
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof DomainError) {
    const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (err.kind === 'too_many' && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
    return c.json(body(err.code, err.params, err.details), STATUS[err.kind]);
  }
  if (err instanceof ApiError) return c.json(body(err.code, err.params, err.details), err.status);
  if (err instanceof HTTPException) {
    const code =
      ({ 401: 'unauthorized', 403: 'forbidden', 413: 'too_large', 415: 'unsupported_media_type' } as Record<number, MessageCode>)[
        err.status
      ] ?? 'invalid_input';
    return c.json(body(code, {}, undefined), err.status);
  }
  const mapped = fromDatabaseError(err);
  if (mapped) return c.json(body(mapped.code, mapped.params, mapped.details), mapped.status);
  console.error(`${c.req.method} ${c.req.path} failed:`, err);
  return c.json(body('internal', {}, undefined), 500);
};

export const onNotFound: NotFoundHandler = (c) => c.json(body('not_found', { method: c.req.method, path: c.req.path }, undefined), 404);
