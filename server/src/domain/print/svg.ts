/** A print drawing as an SVG document (units: points), for the PNG and for the screen. */
import type { Drawing } from './drawing';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The drawing as SVG; text uses `fontFamily` (a CJK font, so Chinese renders everywhere). */
export function drawingToSvg(drawing: Drawing, fontFamily: string): string {
  const body = drawing.shapes.map((shape, i) => {
    if (shape.kind === 'image') {
      // A tile's bytes start with the PNG signature or are a JPEG.
      const type = shape.image[0] === 0x89 ? 'image/png' : 'image/jpeg';
      const { clip } = shape;
      return [
        `<clipPath id="clip${i}"><rect x="${clip.x}" y="${clip.y}" width="${clip.w}" height="${clip.h}"/></clipPath>`,
        `<image clip-path="url(#clip${i})" x="${shape.x.toFixed(2)}" y="${shape.y.toFixed(2)}" width="${shape.w.toFixed(2)}" height="${shape.h.toFixed(2)}" preserveAspectRatio="none" href="data:${type};base64,${shape.image.toString('base64')}"/>`,
      ].join('');
    }
    if (shape.kind === 'path') {
      const attrs = [
        `d="${shape.d}"`,
        `fill="${shape.fill ?? 'none'}"`,
        shape.stroke ? `stroke="${shape.stroke}" stroke-width="${shape.strokeWidth ?? 1}" stroke-linejoin="round"` : '',
        shape.dash ? `stroke-dasharray="${shape.dash.join(' ')}"` : '',
        shape.opacity !== undefined ? `fill-opacity="${shape.opacity}"` : '',
      ];
      return `<path ${attrs.filter(Boolean).join(' ')}/>`;
    }
    const anchor = shape.anchor === 'start' ? '' : ` text-anchor="${shape.anchor}"`;
    const weight = shape.bold ? ' font-weight="bold"' : '';
    return `<text x="${shape.x.toFixed(2)}" y="${shape.y.toFixed(2)}" font-size="${shape.size.toFixed(2)}" fill="${shape.colour}"${anchor}${weight}>${escapeXml(shape.text)}</text>`;
  });
  const { widthPoints: w, heightPoints: h } = drawing;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}pt" height="${h}pt" viewBox="0 0 ${w} ${h}" font-family="${escapeXml(fontFamily)}">`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}
