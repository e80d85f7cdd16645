// Types that screens use to talk to the map components without importing maplibre-gl.
import type { Geometry } from 'geojson';
import type { FilterSpecification, LayerSpecification, Map } from 'maplibre-gl';

export type { Map as MapHandle, FilterSpecification };

/** Paint or layout properties of one layer type, as plain data. */
export type PaintOf<T extends LayerSpecification['type']> = NonNullable<Extract<LayerSpecification, { type: T }>['paint']>;
export type LayoutOf<T extends LayerSpecification['type']> = NonNullable<Extract<LayerSpecification, { type: T }>['layout']>;
export type LayerType = Exclude<LayerSpecification['type'], 'background' | 'raster' | 'hillshade' | 'color-relief'>;

/** A feature the user clicked, detached from MapLibre's classes. */
export interface PickedFeature {
  layerId: string;
  sourceId: string;
  id: string | number | undefined;
  properties: Record<string, unknown>;
  geometry: Geometry;
  lngLat: [number, number];
}

/** One HTML label placed on the map. */
export interface MapLabel {
  key: string;
  lngLat: [number, number];
  text: string;
  sub?: string;
}

export interface LegendItem {
  label: string;
  color: string;
  shape: 'fill' | 'line' | 'circle' | 'dash' | 'road';
  stroke?: string;
  /** Several colours shown as stripes, for qualitative schemes (e.g. colour by cell). */
  colors?: string[];
}
