declare module 'vt-pbf' {
  /** Serialises geojson-vt tiles (one per layer name) into a Mapbox Vector Tile. */
  export function fromGeojsonVt(layers: Record<string, unknown>, options?: { version?: number; extent?: number }): Uint8Array;
}
