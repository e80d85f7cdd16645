/**
 * Drawing a cell outline in the grid editor: finding a rectangle around one building that cuts
 * no building (a drawn outline may not) and clicking its corners with the draw tool.
 */
import type { Page } from 'playwright-core';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { waitForIdle } from './map';

type Corners = [number, number][];

/**
 * A building with households whose footprint, widened by 3 m, touches no other building and stays
 * 8 m clear of every cell edge (drawn corners snap to cell edges within a few metres), with the
 * corners of that rectangle (south-west first, anticlockwise).
 */
export function isolatedRectangle(
  cells: readonly { geometry: MultiPolygon | null }[],
  buildings: readonly { geometry: Polygon; properties: { code: string; households: number } }[],
): { code: string; corners: Corners } {
  const outlines = cells.map((c) => turf.multiPolygon(c.geometry!.coordinates));
  for (const b of buildings.filter((f) => f.properties.households > 0)) {
    const [w, s, e, n] = turf.bbox(turf.buffer(turf.polygon(b.geometry.coordinates), 3, { units: 'meters' })!);
    const rectangle = turf.bboxPolygon([w, s, e, n]);
    const corners: Corners = [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
    ];
    const crowded = buildings.some((o) => o !== b && turf.booleanIntersects(rectangle, turf.polygon(o.geometry.coordinates)));
    const nearEdge = corners.some((p) =>
      outlines.some((cell) => Math.abs(turf.pointToPolygonDistance(turf.point(p), cell, { units: 'meters' })) < 8),
    );
    if (!crowded && !nearEdge) return { code: b.properties.code, corners };
  }
  throw new Error('no isolated building with households');
}

/** Shows the rectangle of `corners` with room around it. */
export async function fitCorners(page: Page, corners: Corners): Promise<void> {
  const bounds = [...corners[0], ...corners[2]] as [number, number, number, number];
  await page.evaluate(
    (b) =>
      (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap.fitBounds(b, {
        padding: 200,
        animate: false,
        maxZoom: 19,
      }),
    bounds,
  );
  await waitForIdle(page);
}

/** Draws `corners` as a new cell with the draw tool; answers the outline where the clicks landed (lng/lat). */
export async function drawNewCell(page: Page, corners: Corners): Promise<Corners> {
  await fitCorners(page, corners);
  await page.click('[data-tool=draw]');
  await page.selectOption('[data-testid=draw-target]', { index: 0 });
  const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
  const pixels = await page.evaluate(
    (points) => points.map((p) => (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap.project(p)),
    corners,
  );
  const clicks = pixels.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
  for (const p of [...clicks, clicks[0]]) {
    await page.mouse.click(canvas.x + p.x, canvas.y + p.y);
    await page.waitForTimeout(150);
  }
  return page.evaluate(
    (points) =>
      points.map((p) => {
        const ll = (window as unknown as { __gridplanMap: import('maplibre-gl').Map }).__gridplanMap.unproject([p.x, p.y]);
        return [ll.lng, ll.lat] as [number, number];
      }),
    clicks,
  );
}
