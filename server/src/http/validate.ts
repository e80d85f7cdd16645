/**
 * Request validation failures as data: a 400 `invalid_input` whose details name every bad field
 * (`json.minHouseholds`, `query.lng`) with a message code per zod issue kind, so a form can point
 * at the field and say what is wrong in the active language.
 */
import type { z } from 'zod';
import { msg, type MessageCode, type MessageParams } from '../contract/messages';
import type { FieldProblem } from '../contract/common';
import { invalid } from '../domain/errors';

type Issue = z.core.$ZodIssue;

function problem(field: string, issue: Issue): FieldProblem {
  const at = (code: MessageCode, params: MessageParams) => ({ field, ...msg(code, { field, ...params }) });
  switch (issue.code) {
    case 'invalid_type':
      return at('field.invalid_type', { expected: issue.expected });
    case 'too_small':
      // `positive()` is an exclusive bound: 0 is refused, so "at least 0" would be wrong.
      return at(issue.inclusive === false ? 'field.not_above' : 'field.too_small', { minimum: Number(issue.minimum) });
    case 'too_big':
      return at('field.too_big', { maximum: Number(issue.maximum) });
    case 'invalid_format':
      return at('field.invalid_format', { format: issue.format });
    case 'invalid_value':
      return at('field.invalid_value', { values: issue.values.map(String) });
    case 'unrecognized_keys':
      return at('field.unrecognized_keys', { keys: issue.keys });
    case 'custom': {
      // A refinement that names its message code (params.code) is shown in the active language.
      const coded = issue.params as { code?: MessageCode; other?: string } | undefined;
      if (coded?.code) return at(coded.code, coded.other ? { other: coded.other } : {});
      return at('field.invalid', { detail: issue.message });
    }
    default:
      // Other refinements name their own problem; its English text is kept as the detail.
      return at('field.invalid', { detail: issue.message });
  }
}

/** One problem per zod issue, each naming `target.path.to.field`. */
export function issuesToFields(target: string, issues: readonly Issue[]): FieldProblem[] {
  return issues.map((issue) => problem([target, ...issue.path.map(String)].join('.'), issue));
}

/** The error for a failed validation of `target` (json, query, param, form, row …). */
export function invalidInput(target: string, issues: readonly Issue[]) {
  const fields = issuesToFields(target, issues);
  // The English fallback reads like the first problem; screens list every field from details.
  return invalid('invalid_input', { field: fields.map((f) => f.field), problem: fields[0]?.message ?? target }, fields);
}
