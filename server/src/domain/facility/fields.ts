/**
 * A request field the domain refuses after the schema accepted it (a rule across fields or
 * against the database): the same 400 `invalid_input` shape as a schema failure, its details one
 * coded problem per field, so a form can point at the field in the active language.
 */
import { msg, type MessageCode, type MessageParams } from '../../contract/messages';
import type { FieldProblem } from '../../contract/common';
import { invalid, type DomainError } from '../errors';

/** One coded problem with a field, e.g. `json.forceUse.0`. */
export function fieldProblem(field: string, code: MessageCode, params: MessageParams = {}): FieldProblem {
  return { field, ...msg(code, { field, ...params }) };
}

/** The 400 for one or more field problems. */
export function fieldErrors(problems: readonly FieldProblem[]): DomainError {
  return invalid('invalid_input', { field: problems.map((p) => p.field), problem: problems[0]?.message ?? '' }, problems);
}

/** The 400 for one bad field. */
export function fieldError(field: string, code: MessageCode, params: MessageParams = {}): DomainError {
  return fieldErrors([fieldProblem(field, code, params)]);
}
