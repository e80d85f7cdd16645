/**
 * Messages between the server and the embedded database's thread (pglite-worker.ts). Each request
 * carries an id and gets exactly one reply with that id; id 0 is the thread's start-up report.
 */
import type { LayerDef } from './layers';
import type { DisplayCrs } from '../contract/basemap';

export type TileLayer = Pick<LayerDef, 'id' | 'source' | 'scope' | 'scopeDigits' | 'geomBox'>;

export type ThreadRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params?: unknown[] }
  | { id: number; op: 'exec'; tx?: number; sql: string }
  /** Opens a transaction; its number is the request's id. Other queries wait until it ends. */
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'tile'; layer: TileLayer; z: number; x: number; y: number; hidden: string[]; crs: DisplayCrs }
  /** PostGIS's version; once known, answered between statements without waiting behind a transaction. */
  | { id: number; op: 'postgis' }
  /** The whole database as PGlite's data-folder archive (uncompressed tar). */
  | { id: number; op: 'image' }
  | { id: number; op: 'close' };

/** An error as it crosses the thread boundary: the message and PostgreSQL's fields (code, detail, constraint…). */
export interface WireError {
  message: string;
  fields: Record<string, string | number>;
}

export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** The fields of `err` worth keeping: every own string or number property (PostgreSQL's error fields among them). */
export function toWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { message: String(err), fields: {} };
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(err)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { message: err.message, fields };
}

/** An Error thrown on the caller's side, with the caller's stack and the database's fields. */
export function fromWire(wire: WireError): Error {
  return Object.assign(new Error(wire.message), wire.fields);
}
