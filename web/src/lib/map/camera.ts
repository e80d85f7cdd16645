// Camera moves shared by the search box, the community list and the details panel.
import type { Map } from 'maplibre-gl';

/** Fit the map to a [minx, miny, maxx, maxy] box, leaving room for floating panels. */
export function fitBBox(map: Map, bbox: [number, number, number, number], maxZoom = 17): void {
  map.fitBounds(
    [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ],
    { padding: framePadding(map), maxZoom, duration: 800 },
  );
}

/** Fly to a point at a street-level zoom. */
export function flyToPoint(map: Map, center: [number, number], zoom = 17.5): void {
  map.flyTo({ center, zoom: Math.max(zoom, map.getZoom()), duration: 900 });
}

function framePadding(map: Map): number {
  const { clientWidth, clientHeight } = map.getContainer();
  return Math.max(16, Math.min(80, Math.round(Math.min(clientWidth, clientHeight) / 8)));
}
