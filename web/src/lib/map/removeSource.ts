import type { Map } from 'maplibre-gl';

/** Remove a source and any layer still drawing from it (children may unmount after parents). */
export function removeSource(map: Map, sourceId: string): void {
  // After map.remove() the style is gone and there is nothing left to clean.
  if (!map.style || !map.getSource(sourceId)) return;
  for (const layer of map.getStyle().layers) {
    if ('source' in layer && layer.source === sourceId) map.removeLayer(layer.id);
  }
  map.removeSource(sourceId);
}
