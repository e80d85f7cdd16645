/**
 * Refuses NUL bytes and lone surrogates in JSON bodies, query strings and path segments with a
 * 400 `invalid_input` naming the field (`json.name`, `query.q`, `path.2`), before any route
 * validates or stores anything. CSV and GeoJSON files are checked cell by cell by their readers.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { findUnsafeText, unsafeText, unsafeTextError as refuse } from '../domain/text/unsafe';

/** A percent-encoded part as text; undefined when its bytes are not UTF-8 (e.g. an encoded lone surrogate). */
function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function check(field: string, raw: string): void {
  const text = decodePart(raw);
  if (text === undefined) throw refuse(field, 'bad_encoding');
  const problem = unsafeText(text);
  if (problem) throw refuse(field, problem);
}

export const refuseUnsafeText: MiddlewareHandler<AppEnv> = async (c, next) => {
  // The raw URL: Hono keeps a part it cannot decode as it was, which would hide a bad encoding.
  const url = new URL(c.req.url);
  url.pathname.split('/').forEach((segment, i) => check(`path.${i}`, segment));
  for (const pair of url.search.slice(1).split('&')) {
    if (!pair) continue;
    const [rawName, ...rest] = pair.split('=');
    const name = decodePart(rawName) ?? rawName;
    check(`query.${name}`, rawName);
    check(`query.${name}`, rest.join('='));
  }
  // File imports stream their own bodies and check them in their readers (data/parse-*.ts).
  if (/^application\/json/i.test(c.req.header('content-type') ?? '') && !c.req.path.startsWith('/api/import/')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = undefined; // Malformed JSON is the validator's to refuse.
    }
    const found = findUnsafeText(body, 'json');
    if (found) throw refuse(found.field, found.problem);
  }
  await next();
};
