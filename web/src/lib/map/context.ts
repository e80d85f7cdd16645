// Contexts that let layer components find their map and source without prop drilling.
import { createContext } from 'svelte';
import type { Map } from 'maplibre-gl';

export interface MapContext {
  /** The MapLibre map; children render only once it has loaded its style. */
  readonly map: Map;
}

export interface SourceContext {
  readonly sourceId: string;
}

export const [getMapContext, setMapContext] = createContext<MapContext>();
export const [getSourceContext, setSourceContext, hasSourceContext] = createContext<SourceContext>();
