/**
 * A small, bounded zip reader for uploaded shapefiles: reads the central directory, inflates
 * stored or deflated entries, and refuses archives that would expand past a limit (zip bombs).
 */
import { inflateRawSync } from 'node:zlib';
import type { MessageCode, MessageParams } from '../contract/messages';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** Total bytes an archive may expand to. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/** Why an archive cannot be read, as a message code and its params. */
export class ZipError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly params: MessageParams = {},
  ) {
    super(code);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes at the very end.
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) return i;
  }
  throw new ZipError('import.zip_not_zip');
}

/** Entries whose names pass `want` (others are not inflated). */
export function unzip(bytes: Uint8Array, want: (name: string) => boolean): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 22) throw new ZipError('import.zip_not_zip');
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.byteLength || view.getUint32(p, true) !== CENTRAL)
      throw new ZipError('import.zip_damaged', { entry: 'central directory' });
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
    if (!want(name)) continue;
    total += size;
    if (total > MAX_UNZIPPED_BYTES) throw new ZipError('import.zip_too_large', { limitMegabytes: MAX_UNZIPPED_BYTES / 1024 / 1024 });
    if (localOffset + 30 > bytes.byteLength || view.getUint32(localOffset, true) !== LOCAL)
      throw new ZipError('import.zip_damaged', { entry: name });
    const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const raw = bytes.subarray(start, start + compressedSize);
    if (method === 0) entries.push({ name, data: raw });
    else if (method === 8) {
      try {
        entries.push({ name, data: new Uint8Array(inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) })) });
      } catch {
        throw new ZipError('import.zip_inflate', { entry: name });
      }
    } else throw new ZipError('import.zip_method', { entry: name, method });
  }
  return entries;
}
