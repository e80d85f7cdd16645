// The map toolkit: the only module tree that imports maplibre-gl.
export { default as MapView } from './MapView.svelte';
export { default as GeoJSONSource } from './GeoJSONSource.svelte';
export { default as VectorSource } from './VectorSource.svelte';
export { default as Layer } from './Layer.svelte';
export { default as RasterBasemap } from './RasterBasemap.svelte';
export { default as FeaturePicker } from './FeaturePicker.svelte';
export { default as FeatureLabels } from './FeatureLabels.svelte';
export { default as Legend } from './Legend.svelte';
export { fitBBox, flyToPoint, type Insets } from './camera';
export { mapCentre } from './frame';
export type * from './types';
