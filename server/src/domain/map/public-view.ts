// What a map layer shows to someone who has not signed in: no option costs and no personal data
// in any property, tiles only from the layer's own minzoom, and the big layers only in pieces.
import type { Bbox } from '../../contract/layers';

/** Largest area of a whole-layer GeoJSON request without a session, for layers that need one. */
export const ANONYMOUS_MAX_BBOX_SQUARE_KILOMETRES = 4;

const EARTH_RADIUS_KILOMETRES = 6371.0088;

/** Area of a longitude/latitude box on the sphere (km²): R² · Δλ · (sin φ₂ − sin φ₁). */
export function bboxAreaSquareKilometres([west, south, east, north]: Bbox): number {
  const radians = Math.PI / 180;
  return EARTH_RADIUS_KILOMETRES ** 2 * (east - west) * radians * Math.abs(Math.sin(north * radians) - Math.sin(south * radians));
}

/** What decides a layer's anonymous view. */
export interface LayerPrivacy {
  /** Properties only signed-in users see (costs, names, phones, ID numbers). */
  signedInOnly?: readonly string[];
  /** The whole layer as GeoJSON needs a session or a small bbox. */
  anonymousNeedsBbox?: boolean;
}

/** Property keys to leave out of the answer for this caller. */
export function hiddenProperties(layer: LayerPrivacy, signedIn: boolean): string[] {
  return signedIn ? [] : [...(layer.signedInOnly ?? [])];
}

export type BboxVerdict =
  { ok: true } | { ok: false; reason: 'bbox_required' } | { ok: false; reason: 'bbox_too_large'; areaSquareKilometres: number };

/** Whether a whole-layer GeoJSON request may be answered for this caller. */
export function checkLayerRequest(layer: LayerPrivacy, signedIn: boolean, bbox: Bbox | null): BboxVerdict {
  if (signedIn || !layer.anonymousNeedsBbox) return { ok: true };
  if (!bbox) return { ok: false, reason: 'bbox_required' };
  const areaSquareKilometres = bboxAreaSquareKilometres(bbox);
  if (areaSquareKilometres > ANONYMOUS_MAX_BBOX_SQUARE_KILOMETRES) return { ok: false, reason: 'bbox_too_large', areaSquareKilometres };
  return { ok: true };
}
