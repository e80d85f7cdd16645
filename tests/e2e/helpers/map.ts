/**
 * Helpers for pages that show the Gridplan map. The app exposes its MapLibre map as
 * `window.__gridplanMap` when the browser is automated (navigator.webdriver), so tests can wait
 * for rendering, query rendered features and project coordinates to pixels.
 */
import type { Page } from 'playwright-core';

/** Wait until the map exists, its style is loaded and it has drawn `layerId` (if given). */
export async function waitForMap(page: Page, layerId?: string, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const map = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap;
      if (!map || !map.isStyleLoaded() || !map.loaded()) return false;
      if (!id) return true;
      return Boolean(map.getLayer(id)) && map.queryRenderedFeatures({ layers: [id] }).length > 0;
    },
    layerId,
    { timeout: timeoutMs, polling: 250 },
  );
}

/** Wait for the map to finish moving and loading tiles. */
export async function waitForIdle(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap;
      return Boolean(map) && !map.isMoving() && map.loaded() && map.areTilesLoaded();
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
  // One more frame so HTML overlays (labels) catch up with the last render.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

/** Properties of the features of `layerId` currently rendered. */
export async function renderedFeatures(page: Page, layerId: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((id) => {
    const map = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap;
    return map.queryRenderedFeatures({ layers: [id] }).map((f: { properties: Record<string, unknown> }) => f.properties);
  }, layerId);
}

/** Move the camera and wait until the map is idle. */
export async function jumpTo(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ({ center, zoom }) => (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap.jumpTo({ center, zoom }),
    { center, zoom },
  );
  await waitForIdle(page);
}

/**
 * Page coordinates of a point inside a rendered feature of `layerId` (near the viewport centre
 * when possible), matched by `property === value` when given; null when none is rendered.
 */
export async function pointOnRenderedFeature(
  page: Page,
  layerId: string,
  options: { match?: { property: string; value: string }; avoidLayers?: string[] } = {},
): Promise<{ x: number; y: number; properties: Record<string, unknown> } | null> {
  const found = await page.evaluate(
    ({ id, match, avoid }) => {
      const map = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap;
      const canvas: HTMLCanvasElement = map.getCanvas();
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      // Scan a grid from the centre outwards and return the first pixel that hits the layer.
      const step = 6;
      const points: [number, number][] = [];
      for (let y = step; y < height; y += step) for (let x = step; x < width; x += step) points.push([x, y]);
      points.sort((a, b) => Math.hypot(a[0] - width / 2, a[1] - height / 2) - Math.hypot(b[0] - width / 2, b[1] - height / 2));
      for (const point of points) {
        const hits = map.queryRenderedFeatures(point, { layers: [id] });
        const hit = match ? hits.find((f) => String(f.properties[match.property]) === match.value) : hits[0];
        // Skip points where something drawn above (a symbol) would take the click. (No named
        // helper functions in here: tsx would wrap them in a helper the page does not have.)
        const box: [[number, number], [number, number]] = [
          [point[0] - 8, point[1] - 8],
          [point[0] + 8, point[1] + 8],
        ];
        const above = avoid.filter((layer: string) => map.getLayer(layer));
        if (hit && (above.length === 0 || map.queryRenderedFeatures(box, { layers: above }).length === 0)) {
          const rect = canvas.getBoundingClientRect();
          return { x: rect.left + point[0], y: rect.top + point[1], properties: hit.properties };
        }
      }
      return null;
    },
    { id: layerId, match: options.match, avoid: options.avoidLayers ?? [] },
  );
  return found;
}
