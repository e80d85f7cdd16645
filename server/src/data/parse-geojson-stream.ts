/**
 * Big GeoJSON read feature by feature with stream-json: each feature becomes a record as soon as
 * it ends and is dropped from the parser's tree, so neither the whole text nor the whole object
 * tree of a 100,000-feature file is held beside the records (JSON.parse needs both at once).
 */
import Assembler from 'stream-json/core/assembler.js';
import { jsonParser } from 'stream-json/core/parser.js';
import { getManyValues, isMany, none } from 'stream-chain/core';
import { DomainError } from '../domain/errors';
import { FeatureReader, featuresOf, isObject } from './parse-geojson';
import { problem, type ParsedFile, type Problem } from './types';

/** From this size on, GeoJSON is read as a stream. */
export const STREAM_GEOJSON_MIN_BYTES = 8 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

type Token = Parameters<Assembler['consume']>[0];

/** The array the features are in while the parser is inside it: a bare top-level array, or the top-level object's `features`. */
function openFeatureArray(asm: Assembler): unknown[] | undefined {
  if (!Array.isArray(asm.current)) return undefined;
  const stack = asm.stack;
  if (stack.length === 0) return asm.current;
  return stack.length === 2 && stack[1] === 'features' && isObject(stack[0]) ? asm.current : undefined;
}

export function parseGeoJsonStream(bytes: Uint8Array): { file?: ParsedFile; problems: Problem[] } {
  // called with `none` at the end, as stream-chain flushes its stages
  const parse = jsonParser({ packValues: true, streamValues: false }) as (chunk: string | typeof none) => unknown;
  const asm = new Assembler();
  const reader = new FeatureReader();
  // TextDecoder drops a leading byte order mark, as parseGeoJson does
  const decoder = new TextDecoder();
  const take = (out: unknown) => {
    const tokens = (out === none ? [] : isMany(out) ? getManyValues(out) : [out]) as Token[];
    for (const token of tokens) {
      asm.consume(token);
      const features = openFeatureArray(asm);
      if (features?.length) {
        for (const f of features) reader.add(f);
        features.length = 0;
      }
    }
  };
  try {
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
      take(parse(decoder.decode(bytes.subarray(at, at + CHUNK_BYTES), { stream: true })));
    }
    take(parse(decoder.decode()));
    take(parse(none));
  } catch (err) {
    if (err instanceof DomainError) throw err;
    return { problems: [problem('import.not_json', { detail: (err as Error).message })] };
  }
  if (!asm.done) return { problems: [problem('import.not_json', { detail: 'Unexpected end of JSON input' })] };
  const found = featuresOf(asm.current);
  if ('problem' in found) return { problems: [found.problem] };
  if (isObject(asm.current) && asm.current.type === 'Feature') {
    const single = new FeatureReader();
    single.add(asm.current);
    return single.file(found.doc);
  }
  return reader.file(found.doc);
}
