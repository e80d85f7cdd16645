/**
 * Errors that `db/` and `domain/` throw for expected failures. They carry a message code and
 * its params, never an HTTP status: the one error handler at the edge (http/errors.ts) maps
 * each kind to a status, and the CLI prints the message.
 */
import { msg, type MessageCode, type MessageParams } from '../contract/messages';

export type ErrorKind = 'invalid' | 'unprocessable' | 'not_found' | 'conflict' | 'forbidden' | 'too_many' | 'unavailable';

export class DomainError extends Error {
  readonly params: MessageParams;
  constructor(
    readonly kind: ErrorKind,
    readonly code: MessageCode,
    params: MessageParams = {},
    /** Machine-readable extras: the fields or rows at fault, the current version, … */
    readonly details?: unknown,
  ) {
    super(msg(code, params).message);
    this.name = 'DomainError';
    this.params = params;
  }
}

/** The input breaks a rule (400). */
export const invalid = (code: MessageCode, params?: MessageParams, details?: unknown) => new DomainError('invalid', code, params, details);
/** Well-formed input that cannot be carried out as asked (422). */
export const unprocessable = (code: MessageCode, params?: MessageParams, details?: unknown) =>
  new DomainError('unprocessable', code, params, details);
export const notFound = (code: MessageCode, params?: MessageParams, details?: unknown) =>
  new DomainError('not_found', code, params, details);
/** The record changed under the caller or is in a state that does not allow this (409). */
export const conflict = (code: MessageCode, params?: MessageParams, details?: unknown) =>
  new DomainError('conflict', code, params, details);
export const forbidden = (code: MessageCode, params?: MessageParams, details?: unknown) =>
  new DomainError('forbidden', code, params, details);
/** Something the server itself lacks (a system package), not the caller's fault (503). */
export const unavailable = (code: MessageCode, params?: MessageParams, details?: unknown) =>
  new DomainError('unavailable', code, params, details);

/** The optimistic-lock failure every versioned write shares. */
export function staleVersion(entity: string, id: string | number, currentVersion: number, version: number): DomainError {
  return conflict('stale_version', { entity, id: String(id), currentVersion, version }, { currentVersion });
}
