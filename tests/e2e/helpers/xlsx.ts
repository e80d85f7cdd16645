/**
 * Reads back an .xlsx file a browser test downloaded: the zip's central directory, each sheet's
 * cells (shared strings resolved, numbers as numbers) and its number format. Small on purpose: it
 * knows only what the app's exports write, so a workbook Excel could not open fails here too.
 */
import { inflateRawSync } from 'node:zlib';

/** The files of a zip archive by name (stored or deflated entries). */
export function unzip(zip: Buffer): Map<string, Buffer> {
  // The end-of-central-directory record sits in the last 22 bytes (no archive comment is written).
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    files.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const unescape = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export interface XlsxCell {
  value: string | number;
  /** The cell's number format code, when its style has a custom one. */
  format?: string;
}

export interface XlsxSheet {
  name: string;
  /** Rows as written, cells by column (a missing cell is null). */
  rows: (XlsxCell | null)[][];
}

const column = (ref: string) => [...ref.replace(/[0-9]/g, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** The sheets of a workbook in order, with their cells. */
export function readXlsx(file: Buffer): XlsxSheet[] {
  const files = unzip(file);
  const text = (name: string) => files.get(name)?.toString('utf8') ?? '';
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const styles = text('xl/styles.xml');
  const numFmts = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1], unescape(m[2])]));
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  // One entry per <xf>, in order: a cell's s="n" is the index here.
  const styleFormats = [...cellXfs.matchAll(/<xf\b([^>]*)>/g)].map((m) => numFmts.get(/numFmtId="(\d+)"/.exec(m[1])?.[1] ?? ''));
  const names = [...text('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => unescape(m[1]));
  return names.map((name, i) => {
    const xml = text(`xl/worksheets/sheet${i + 1}.xml`);
    const rows = [...xml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
      const cells: (XlsxCell | null)[] = [];
      for (const c of row[1].matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const [, ref, attrs, inner = ''] = c;
        const raw = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
        const type = /\bt="(\w+)"/.exec(attrs)?.[1];
        const style = /\bs="(\d+)"/.exec(attrs)?.[1];
        let value: string | number | undefined;
        if (type === 's' && raw !== undefined) value = shared[Number(raw)];
        else if (type === 'inlineStr') value = unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(inner)?.[1] ?? '');
        else if (type === 'str' && raw !== undefined) value = unescape(raw);
        else if (raw !== undefined) value = Number(raw);
        while (cells.length < column(ref)) cells.push(null);
        const format = style === undefined ? undefined : styleFormats[Number(style)];
        cells.push(value === undefined ? null : { value, ...(format ? { format } : {}) });
      }
      return cells;
    });
    return { name, rows };
  });
}
