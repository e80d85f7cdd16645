// Column mappings remembered per source: the same set of headers for the same layer gets the
// choices made last time. Kept in this browser (localStorage): the person who maps a survey
// office's columns is the one who brings its next delivery, and nothing needs storing on the server.
// Plain shapes (the contract's ImportInspection fits them) so the rule has no imports to test through.

/** File column → field ("" = not imported). */
type ColumnMapping = Record<string, string>;
/** The parts of a file inspection the mapping reads. */
interface Inspection {
  columns: string[];
  layers: { layer: string; fields: Record<string, string | null>; choices: { field: string }[] }[];
}
type ImportLayerId = string;

const PREFIX = 'gridplan.import.columns.';

const keyOf = (layer: ImportLayerId, columns: readonly string[]) => `${PREFIX}${layer}:${[...columns].sort().join('\u0001')}`;

/** The mapping to start from: the one saved for these headers, else what the layer's names and aliases recognise. */
export function initialMapping(inspection: Inspection, layer: ImportLayerId): ColumnMapping {
  const fit = inspection.layers.find((l) => l.layer === layer);
  const automatic = Object.fromEntries(inspection.columns.map((c) => [c, fit?.fields[c] ?? '']));
  const saved = readSaved(layer, inspection.columns);
  if (!saved) return automatic;
  const fields = new Set(fit?.choices.map((c) => c.field) ?? []);
  // a saved choice of a field the layer no longer has falls back to the automatic one
  return Object.fromEntries(inspection.columns.map((c) => [c, saved[c] === '' || fields.has(saved[c]) ? saved[c] : automatic[c]]));
}

function readSaved(layer: ImportLayerId, columns: readonly string[]): ColumnMapping | undefined {
  try {
    const text = localStorage.getItem(keyOf(layer, columns));
    const value: unknown = text === null ? undefined : JSON.parse(text);
    return value && typeof value === 'object' ? (value as ColumnMapping) : undefined;
  } catch {
    return undefined; // storage blocked or a damaged entry: start from the automatic mapping
  }
}

/** Remembers the mapping for this layer and set of headers. */
export function saveMapping(layer: ImportLayerId, mapping: ColumnMapping): void {
  try {
    localStorage.setItem(keyOf(layer, Object.keys(mapping)), JSON.stringify(mapping));
  } catch {
    // private mode or full storage: the mapping is simply not remembered
  }
}

/** Whether the mapping came from a saved one (shown to the user). */
export const hasSavedMapping = (layer: ImportLayerId, columns: readonly string[]) => readSaved(layer, columns) !== undefined;
