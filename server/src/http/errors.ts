/**
 * The one error path. `db/` and `domain/` throw `DomainError`s (a kind, a message code and its
 * params); the HTTP layer's own refusals (401, 403, 413) are `ApiError`s. `onError` renders every
 * error as `{error: {code, params, message, details}}`; unknown errors are logged and answered
 * with a generic 500, never with their text.
 */
import { HTTPException } from 'hono/http-exception';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { MESSAGES, msg, type MessageCode, type MessageParams } from '../contract/messages';
import type { ErrorBody } from '../contract/common';
import { DomainError, type ErrorKind } from '../domain/errors';
import { PG, pgErrorCode } from '../db/pg-errors';

export class ApiError extends HTTPException {
  readonly params: MessageParams;
  constructor(
    status: ContentfulStatusCode,
    // TRANSITIONAL: any string until every route sends catalogued codes.
    readonly code: MessageCode | (string & {}),
    // TRANSITIONAL: a string here is the old prose message; goes once every route sends codes.
    params: MessageParams | string = {},
    readonly details?: unknown,
  ) {
    super(status, { message: typeof params === 'string' ? params : msg(code as MessageCode, params).message });
    this.params = typeof params === 'string' ? {} : params;
  }
}

// TRANSITIONAL shims with the old prose signature; each goes when its last caller does.
/** @deprecated throw a DomainError from domain/errors.ts */
export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'bad_request' as MessageCode, message, details);
/** @deprecated throw a DomainError from domain/errors.ts */
export const notFound = (message: string, details?: unknown) => new ApiError(404, 'not_found', message, details);
/** @deprecated throw a DomainError from domain/errors.ts */
export const conflict = (message: string, details?: unknown) => new ApiError(409, 'conflict' as MessageCode, message, details);
/** @deprecated throw a DomainError from domain/errors.ts */
export const unprocessable = (message: string, details?: unknown) => new ApiError(422, 'unprocessable' as MessageCode, message, details);

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unprocessable: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  too_many: 429,
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

function body(code: MessageCode, params: MessageParams, details: unknown, message?: string): ErrorBody {
  // TRANSITIONAL: uncatalogued codes keep their prose message until their route moves over.
  const base = code in MESSAGES ? msg(code, params) : { code, params, message: message ?? code };
  return { error: { ...base, ...(message ? { message } : {}), ...(details === undefined ? {} : { details }) } };
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof DomainError) return c.json(body(err.code, err.params, err.details), STATUS[err.kind]);
  if (err instanceof ApiError) return c.json(body(err.code as MessageCode, err.params, err.details, err.message), err.status);
  if (err instanceof HTTPException) {
    const code = ({ 401: 'unauthorized', 403: 'forbidden', 413: 'too_large' } as Record<number, MessageCode>)[err.status] ?? 'invalid_input';
    return c.json(body(code, {}, undefined), err.status);
  }
  const mapped = fromDatabaseError(err);
  if (mapped) return c.json(body(mapped.code as MessageCode, mapped.params, mapped.details), mapped.status);
  console.error(`${c.req.method} ${c.req.path} failed:`, err);
  return c.json(body('internal', {}, undefined), 500);
};

export const onNotFound: NotFoundHandler = (c) => c.json(body('not_found', { method: c.req.method, path: c.req.path }, undefined), 404);
