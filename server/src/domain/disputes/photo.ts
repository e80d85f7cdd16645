/** What a case photo may be: a JPEG or PNG of at most 2 MB, checked by its bytes, not only its label. */
import { MAX_PHOTO_BYTES, PHOTO_TYPES } from '../../contract/disputes';

export type PhotoType = (typeof PHOTO_TYPES)[number];

export type PhotoCheck =
  { valid: true; contentType: PhotoType } | { valid: false; reason: 'photo_empty' | 'photo_too_large' | 'photo_type' };

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Checks a photo's declared type against its first bytes and its size. */
export function checkPhoto(bytes: Uint8Array, declaredType: string | undefined): PhotoCheck {
  if (bytes.byteLength === 0) return { valid: false, reason: 'photo_empty' };
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { valid: false, reason: 'photo_too_large' };
  const type = (declaredType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'image/jpeg' && startsWith(bytes, JPEG)) return { valid: true, contentType: 'image/jpeg' };
  if (type === 'image/png' && startsWith(bytes, PNG)) return { valid: true, contentType: 'image/png' };
  return { valid: false, reason: 'photo_type' };
}
