/** A print drawing as a one-page vector PDF (pdfkit draws the same SVG paths and text). */
import PDFDocument from 'pdfkit';
import type { Drawing } from './drawing';
import type { CjkFonts } from './fonts';

/** The drawing as PDF bytes, its text in the given CJK fonts (embedded as subsets). */
export function drawingToPdf(drawing: Drawing, fonts: CjkFonts, title: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [drawing.widthPoints, drawing.heightPoints],
    margin: 0,
    info: { Title: title, Creator: 'Gridplan' },
  });
  doc.registerFont('regular', fonts.regular.file, fonts.regular.postscriptName);
  doc.registerFont('bold', fonts.bold.file, fonts.bold.postscriptName);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const shape of drawing.shapes) {
    if (shape.kind === 'image') {
      const { clip } = shape;
      doc.save();
      doc.rect(clip.x, clip.y, clip.w, clip.h).clip();
      doc.image(shape.image, shape.x, shape.y, { width: shape.w, height: shape.h });
      doc.restore();
      continue;
    }
    if (shape.kind === 'path') {
      doc.save();
      doc.path(shape.d);
      if (shape.dash) doc.dash(shape.dash[0], { space: shape.dash[1] });
      if (shape.fill) doc.fillColor(shape.fill, shape.opacity ?? 1);
      if (shape.stroke)
        doc
          .lineWidth(shape.strokeWidth ?? 1)
          .strokeColor(shape.stroke)
          .lineJoin('round');
      if (shape.fill && shape.stroke) doc.fillAndStroke();
      else if (shape.fill) doc.fill();
      else if (shape.stroke) doc.stroke();
      doc.restore();
      continue;
    }
    doc
      .font(shape.bold ? 'bold' : 'regular')
      .fontSize(shape.size)
      .fillColor(shape.colour, 1);
    const width = doc.widthOfString(shape.text);
    const x = shape.anchor === 'start' ? shape.x : shape.anchor === 'middle' ? shape.x - width / 2 : shape.x - width;
    doc.text(shape.text, x, shape.y, { lineBreak: false, baseline: 'alphabetic' });
  }
  doc.end();
  return done;
}
