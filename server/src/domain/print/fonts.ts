/** The CJK fonts printed maps are set in, found on the system through fontconfig. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { unavailable } from '../errors';

export interface FontFace {
  file: string;
  /** Face name inside a .ttc collection (pdfkit picks the face by it). */
  postscriptName: string;
}
export interface CjkFonts {
  family: string;
  regular: FontFace;
  bold: FontFace;
}

const FAMILY = 'Noto Sans CJK SC';
const run = promisify(execFile);

async function match(style: string): Promise<FontFace | null> {
  try {
    const { stdout } = await run('fc-match', ['-f', '%{family}|%{file}|%{postscriptname}', `${FAMILY}:style=${style}`]);
    const [family, file, postscriptName] = stdout.split('|');
    // fc-match always answers with something; only a real Noto Sans CJK face will do for Chinese.
    return family.includes(FAMILY) && file && postscriptName ? { file, postscriptName } : null;
  } catch {
    return null; // no fontconfig at all: reported below like a missing font
  }
}

let found: Promise<CjkFonts> | undefined;

/** Noto Sans CJK SC regular and bold; a 503 naming the fonts-noto-cjk package when missing. */
export function cjkFonts(): Promise<CjkFonts> {
  found ??= (async () => {
    const [regular, bold] = await Promise.all([match('Regular'), match('Bold')]);
    if (!regular) {
      found = undefined; // look again next time, once the package is installed
      throw unavailable('print.font_missing', { font: FAMILY, package: 'fonts-noto-cjk' });
    }
    return { family: FAMILY, regular, bold: bold ?? regular };
  })();
  return found;
}
