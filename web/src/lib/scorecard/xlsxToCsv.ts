// Reads the first sheet of an .xlsx workbook in the browser and turns it into the CSV the import
// takes, so staff can upload the sheet they keep in Excel and get the same all-or-nothing report.
// An .xlsx file is a zip of XML parts: the zip is read with the browser's own DecompressionStream
// and the XML with DOMParser, so no reader library is needed.

async function inflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The zip's files by name, read lazily from the central directory. */
function zipEntries(buffer: ArrayBuffer): Map<string, () => Promise<Uint8Array>> {
  const view = new DataView(buffer);
  let end = buffer.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = new Map<string, () => Promise<Uint8Array>>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count && view.getUint32(at, true) === 0x02014b50; i++) {
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(new Uint8Array(buffer, at + 46, nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = new Uint8Array(buffer, start, size);
    entries.set(name, () => (method === 0 ? Promise.resolve(data) : inflateRaw(data)));
    at += 46 + skip;
  }
  return entries;
}

const BUILT_IN_PERCENT_FORMATS = new Set(['9', '10']);

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.replace(/[0-9]/g, '')) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The first sheet as CSV text. Numbers keep all their digits (a community code typed as a number
 * reads back as its 12 digits); a cell formatted as a percentage (Excel stores 85 % as 0.85) is
 * written as 85, the scale the indicators use. Empty rows are left out, as the CSV import does.
 */
export async function xlsxToCsv(file: ArrayBuffer): Promise<string> {
  const entries = zipEntries(file);
  const read = async (name: string) => {
    const entry = entries.get(name);
    return entry ? new DOMParser().parseFromString(new TextDecoder().decode(await entry()), 'application/xml') : null;
  };
  const workbook = await read('xl/workbook.xml');
  const rels = await read('xl/_rels/workbook.xml.rels');
  const firstSheet = workbook?.getElementsByTagName('sheet')[0];
  const relId =
    firstSheet?.getAttribute('r:id') ??
    firstSheet?.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id');
  const target = [...(rels?.getElementsByTagName('Relationship') ?? [])]
    .find((r) => r.getAttribute('Id') === relId)
    ?.getAttribute('Target');
  const sheetPath = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : 'xl/worksheets/sheet1.xml';
  const sheet = await read(sheetPath);
  if (!sheet) throw new Error('the workbook has no sheet');

  const shared = [...((await read('xl/sharedStrings.xml'))?.getElementsByTagName('si') ?? [])].map((si) =>
    [...si.getElementsByTagName('t')].map((t) => t.textContent ?? '').join(''),
  );
  const styles = await read('xl/styles.xml');
  const percentFormats = new Set(BUILT_IN_PERCENT_FORMATS);
  for (const fmt of styles?.getElementsByTagName('numFmt') ?? []) {
    if ((fmt.getAttribute('formatCode') ?? '').replace(/"[^"]*"/g, '').includes('%'))
      percentFormats.add(fmt.getAttribute('numFmtId') ?? '');
  }
  const cellXfs = styles?.getElementsByTagName('cellXfs')[0];
  const percentStyles = [...(cellXfs?.getElementsByTagName('xf') ?? [])].map((xf) =>
    percentFormats.has(xf.getAttribute('numFmtId') ?? '0'),
  );

  const lines: string[] = [];
  for (const row of sheet.getElementsByTagName('row')) {
    const cells: string[] = [];
    for (const c of row.getElementsByTagName('c')) {
      const type = c.getAttribute('t');
      const raw = c.getElementsByTagName('v')[0]?.textContent ?? '';
      let text: string;
      if (type === 's') text = shared[Number(raw)] ?? '';
      else if (type === 'inlineStr') text = [...c.getElementsByTagName('t')].map((t) => t.textContent ?? '').join('');
      else if (type === 'str' || type === 'b' || type === 'e' || raw === '') text = raw;
      else {
        const number = Number(raw);
        const percent = percentStyles[Number(c.getAttribute('s') ?? '0')] ?? false;
        // Rounded to 10 significant digits: 0.853 * 100 is 85.30000000000001 in binary.
        text = String(percent ? Number((number * 100).toPrecision(10)) : number);
      }
      const ref = c.getAttribute('r');
      const index = ref ? columnIndex(ref) : cells.length;
      while (cells.length < index) cells.push('');
      cells.push(text.trim());
    }
    if (cells.some((x) => x !== '')) lines.push(cells.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
