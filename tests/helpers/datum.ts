/** Files in the numbers of a Chinese web-map datum, as such a map's export gives them. */
import gcoord from 'gcoord';
import type { FeatureCollection, Position } from 'geojson';

/** Every position of a WGS84 file in GCJ-02 or BD-09 numbers (gcoord). */
export function inDatum(file: FeatureCollection, datum: typeof gcoord.GCJ02 | typeof gcoord.BD09): FeatureCollection {
  const shift = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number'
      ? (gcoord.transform([(c as Position)[0], (c as Position)[1]], gcoord.WGS84, datum) as Position)
      : (c as unknown[]).map(shift);
  return {
    ...file,
    features: file.features.map((f) => ({
      ...f,
      geometry: { ...f.geometry, coordinates: shift((f.geometry as { coordinates: unknown }).coordinates) } as never,
    })),
  };
}
