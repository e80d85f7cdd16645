/**
 * Street-scale names: the layer list says, once for every map, which layers' features are named,
 * by which identifying property and from which zoom. The features the maps receive must carry
 * that property (one value per feature) and a name, or the labels silently vanish.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../helpers/app';
import type { LayerInfo } from '../../server/src/contract/layers';

let layers: LayerInfo[];
let bbox: string;

beforeAll(async () => {
  await testApp();
  layers = await (await call('GET', '/api/layers')).json();
  const [first] = (await (await call('GET', '/api/communities')).json()) as { centroid: [number, number] }[];
  const [lng, lat] = first.centroid;
  bbox = [lng - 0.003, lat - 0.003, lng + 0.003, lat + 0.003].join(',');
});

describe('GET /api/layers: street-scale labels', () => {
  it('names roads, compounds and buildings, and nothing else', () => {
    expect(
      layers
        .filter((l) => l.label)
        .map((l) => l.id)
        .sort(),
    ).toEqual(['buildings', 'compounds', 'roads']);
  });

  it('starts each layer’s names at street scale, where its own features are drawn', () => {
    for (const layer of layers.filter((l) => l.label)) {
      expect(layer.label!.minzoom, layer.id).toBeGreaterThanOrEqual(Math.max(layer.minzoom, 15));
      expect(layer.label!.minzoom, layer.id).toBeLessThanOrEqual(layer.maxzoom);
    }
  });

  it.each(['roads', 'compounds', 'buildings'])('gives every %s feature its label key, once, and a name', async (id) => {
    const label = layers.find((l) => l.id === id)!.label!;
    const answer = await call('GET', `/api/layers/${id}.geojson?bbox=${bbox}`);
    expect(answer.status).toBe(200);
    const { features } = (await answer.json()) as { features: { properties: Record<string, unknown> }[] };
    expect(features.length).toBeGreaterThan(0);
    const keys = features.map((f) => f.properties[label.key]);
    expect(keys.every((k) => typeof k === 'string' && k !== '')).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
    expect(features.some((f) => typeof f.properties.name === 'string' && f.properties.name !== '')).toBe(true);
  });
});
