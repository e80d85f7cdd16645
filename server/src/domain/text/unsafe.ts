/**
 * Text that no register may store: NUL (PostgreSQL text cannot hold it, so it fails deep in the
 * driver) and lone UTF-16 surrogates (not Unicode; they break JSON and CSV readers downstream).
 * Refused at the edge, before any validation, so nothing with them reaches a query.
 */
import { msg } from '../../contract/messages';
import { invalid, type DomainError } from '../errors';

// NUL; a high surrogate not followed by a low one, or a low one not preceded by a high one.
// eslint-disable-next-line no-control-regex -- finding the control character NUL is the point
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, if anything. */
export function unsafeText(s: string): 'nul' | 'lone_surrogate' | undefined {
  const m = UNSAFE.exec(s);
  if (!m) return undefined;
  return m[0] === '\u0000' ? 'nul' : 'lone_surrogate';
}

/** The first string (key or value) in a parsed JSON value that is unsafe, with its dotted path under `prefix`. */
export function findUnsafeText(value: unknown, prefix: string): { field: string; problem: 'nul' | 'lone_surrogate' } | undefined {
  if (typeof value === 'string') {
    const problem = unsafeText(value);
    return problem ? { field: prefix, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], `${prefix}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const keyProblem = unsafeText(key);
      if (keyProblem) return { field: `${prefix}.${key}`, problem: keyProblem };
      const found = findUnsafeText(v, `${prefix}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The 400 `invalid_input` for unsafe text in `field`. */
export function unsafeTextError(field: string, problem: 'nul' | 'lone_surrogate' | 'bad_encoding'): DomainError {
  const code = ({ nul: 'field.nul', lone_surrogate: 'field.lone_surrogate', bad_encoding: 'field.bad_encoding' } as const)[problem];
  const detail = { field, ...msg(code, { field }) };
  return invalid('invalid_input', { field: [field], problem: detail.message }, [detail]);
}

/** Throws for the first CSV cell (or header) holding unsafe text, named `row N.column` (the header is row 1). */
export function refuseUnsafeCells(columns: readonly string[], records: readonly Record<string, unknown>[]): void {
  for (const column of columns) {
    const problem = unsafeText(column);
    if (problem) throw unsafeTextError(`row 1.${column}`, problem);
  }
  records.forEach((cells, i) => {
    for (const [column, value] of Object.entries(cells)) {
      const found = findUnsafeText(value, `row ${i + 2}.${column}`);
      if (found) throw unsafeTextError(`row ${i + 2}.${column}`, found.problem);
    }
  });
}
