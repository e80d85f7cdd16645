/**
 * Every field the import screen's column mapping can offer, for every layer the server defines,
 * has a label in Chinese and in English: a field added to a layer without one fails here instead
 * of showing its code name in the list.
 */
import { describe, expect, it } from 'vitest';
import { IMPORT_LAYER_IDS } from '../../server/src/contract/io';
import { importLayer } from '../../server/src/data/layers';
import { mappableFields } from '../../server/src/data/column-mapping';
import { imports as zh } from '../../web/src/lib/i18n/zh-CN/imports';
import { imports as en } from '../../web/src/lib/i18n/en/imports';

const fields = IMPORT_LAYER_IDS.flatMap((layer) => mappableFields(importLayer(layer)).map((f) => ({ layer, field: f.column })));
const label = (catalogue: Record<string, unknown>, field: string) => catalogue[`importScreen.column.${field}`];

describe('column mapping labels', () => {
  it('reads the fields from the layer definitions (every layer offers some)', () => {
    for (const layer of IMPORT_LAYER_IDS) expect(fields.filter((f) => f.layer === layer).length, layer).toBeGreaterThan(2);
  });

  it.each(fields)('$field ($layer) has a Chinese label in Chinese characters', ({ field }) => {
    expect(label(zh, field)).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(fields)('$field ($layer) has an English label that is not its code name', ({ field }) => {
    const text = label(en, field);
    expect(text).toMatch(/^[A-Z]/);
    expect(text).not.toBe(field);
  });
});
