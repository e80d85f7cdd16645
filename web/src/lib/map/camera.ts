// Camera moves shared by the search box, the community list and the details panel.
import type { Map } from 'maplibre-gl';
import { frameOf } from './frame';

/** Screen space covered by floating panels, in CSS pixels; the camera frames the rest. */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const noInsets: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

function framePadding(map: Map, insets: Insets): Insets {
  const { clientWidth, clientHeight } = map.getContainer();
  const width = clientWidth - insets.left - insets.right;
  const height = clientHeight - insets.top - insets.bottom;
  const margin = Math.max(12, Math.min(60, Math.round(Math.min(width, height) / 10)));
  return { top: insets.top + margin, right: insets.right + margin, bottom: insets.bottom + margin, left: insets.left + margin };
}

/** Fit the map to a WGS84 [minx, miny, maxx, maxy] box in the part of the map not under panels. */
export function fitBBox(
  map: Map,
  bbox: [number, number, number, number],
  { maxZoom = 17, insets = noInsets, durationMs = 800 } = {},
): void {
  const frame = frameOf(map);
  map.fitBounds([frame.toMap([bbox[0], bbox[1]]), frame.toMap([bbox[2], bbox[3]])], {
    padding: framePadding(map, insets),
    maxZoom,
    duration: durationMs,
  });
}

/** Fly to a WGS84 point at a street-level zoom, centred in the part of the map not under panels. */
export function flyToPoint(map: Map, center: [number, number], { zoom = 17.5, insets = noInsets } = {}): void {
  map.flyTo({ center: frameOf(map).toMap(center), zoom: Math.max(zoom, map.getZoom()), padding: insets, duration: 900 });
}
