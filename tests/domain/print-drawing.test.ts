import { describe, expect, it } from 'vitest';
import { buildDrawing, scaleBarMetres, type PrintData } from '../../server/src/domain/print/drawing';

describe('scaleBarMetres', () => {
  it('picks the longest 1, 2 or 5 × 10ⁿ metres that fits', () => {
    expect(scaleBarMetres(730)).toBe(500);
    expect(scaleBarMetres(499)).toBe(200);
    expect(scaleBarMetres(199)).toBe(100);
    expect(scaleBarMetres(2.5)).toBe(2);
    expect(scaleBarMetres(1000)).toBe(1000);
  });
});

describe('buildDrawing', () => {
  // A 1 km square community at 32.4° N with one cell covering it.
  const dLng = 1000 / (111_320 * Math.cos((32.4045 * Math.PI) / 180));
  const dLat = 1000 / 110_574;
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [119.5, 32.4],
        [119.5 + dLng, 32.4],
        [119.5 + dLng, 32.4 + dLat],
        [119.5, 32.4 + dLat],
        [119.5, 32.4],
      ],
    ],
  };
  const data: PrintData = {
    community: { code: '321012100001', name: '东苑社区', geometry: square },
    cells: [
      {
        code: 'c1',
        label: '第1网格',
        households: 300,
        staff: ['张三', '李四'],
        geometry: square,
        labelPoint: [119.5 + dLng / 2, 32.4 + dLat / 2],
      },
    ],
    compounds: [],
    buildings: [],
    generatedOn: '2026-12-05',
  };

  it('keeps the map square and the scale bar true to it', () => {
    const drawing = buildDrawing(data, 'A4', 'zh-CN');
    expect([drawing.widthPoints, drawing.heightPoints]).toEqual([842, 595]);
    // The community outline is the first path in the boundary colour (the legend's key comes later).
    const outline = drawing.shapes.find((s) => s.kind === 'path' && s.stroke === '#c2410c');
    const numbers = (outline as { d: string }).d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const ys = numbers.filter((_, i) => i % 2 === 1);
    const side = Math.max(...xs) - Math.min(...xs);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(side, 0);
    // 1,000 m across `side` points: the bar's label says how many metres its length is.
    const label = drawing.shapes.find((s) => s.kind === 'text' && / (m|km)$/.test(s.text));
    expect(label).toBeDefined();
    const metres = Number((label as { text: string }).text.replace(/ m$/, ''));
    expect(metres).toBe(200); // a quarter of the 544 pt frame is 136 pt, 307 m of this map: 200 m
    // The bar's black half is 100 m long on the page.
    const half = drawing.shapes.find((s) => s.kind === 'path' && s.fill === '#1f2933' && /^M[\d.]+ [\d.]+H/.test(s.d));
    const [x0, , x1] = (half as { d: string }).d.match(/[\d.]+/g)!.map(Number);
    expect(x1 - x0).toBeCloseTo(side / 10, 0);
  });

  it('prints the cell label, its staff, the title and the date', () => {
    const texts = buildDrawing(data, 'A3', 'zh-CN').shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['东苑社区网格划分图', '第1网格', '张三、李四', '生成日期：2026-12-05', '北']));
    const english = buildDrawing(data, 'A4', 'en').shapes.flatMap((s) => (s.kind === 'text' ? [s.text] : []));
    expect(english).toEqual(expect.arrayContaining(['东苑社区 — grid map', 'Legend', 'Made on 2026-12-05', 'Cell 1']));
    expect(english.filter((text) => text.includes('第1网格'))).toEqual([]);
  });
});
