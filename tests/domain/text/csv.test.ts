import { describe, expect, it } from 'vitest';
import { unneutralise, writeCsv } from '../../../server/src/domain/text/csv';
import { findUnsafeText, unsafeText } from '../../../server/src/domain/text/unsafe';

describe('writeCsv', () => {
  it('prefixes text cells that a spreadsheet would run as formulas (and quotes them), quoting the rest per RFC 4180', () => {
    const text = writeCsv(
      ['a', 'b'],
      [
        ['=1+1', '+86 138'],
        ['-x', '@SUM(A1)'],
        ['\tx', '\rx'],
        ['=a\nb', 'plain'],
        ['say "hi", ok', null],
      ],
    );
    expect(text).toBe(
      ['\uFEFFa,b', `"'=1+1","'+86 138"`, `"'-x","'@SUM(A1)"`, `"'\tx","'\rx"`, `"'=a\nb",plain`, '"say ""hi"", ok",', ''].join('\r\n'),
    );
  });

  it('leaves numbers alone and writes no BOM when asked', () => {
    expect(writeCsv(['n'], [[-5], [0]], { bom: false })).toBe('n\r\n-5\r\n0\r\n');
  });

  it('unneutralise undoes the prefix only where the writer added it', () => {
    expect(unneutralise("'=1+1")).toBe('=1+1');
    expect(unneutralise("'quoted")).toBe("'quoted");
    expect(unneutralise('=raw')).toBe('=raw');
  });
});

describe('unsafe text', () => {
  it('finds NUL and unpaired surrogates, not paired ones', () => {
    expect(unsafeText('a\u0000b')).toBe('nul');
    expect(unsafeText('\uD800')).toBe('lone_surrogate');
    expect(unsafeText('x\uDC00')).toBe('lone_surrogate');
    expect(unsafeText('\uD83D\uDE00 中文')).toBeUndefined();
    expect(findUnsafeText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'json')).toEqual({ field: 'json.a.1.c', problem: 'nul' });
  });
});
