// Typed fetch client for the Gridplan API, its shapes the server's own contract types. Every failure becomes an ApiError carrying the
// server's message code and params; screens show it with `errorText(err)` in the active language.
import type { CurrentUser, LoginResult } from '$contract/auth';
import type { CommunitySummary } from '$contract/communities';
import type { FeatureDetails, LayerCollection, LayerId, LayerInfo } from '$contract/layers';
import type { SearchHit } from '$contract/search';
import type { PublicSettings } from '$contract/settings';
import type { Health } from '$contract/system';
import type { ErrorBody } from '$contract/common';
import type { BuildingCoverage } from '$contract/lookup';
import type { MessageParam } from '$contract/messages';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The server's English fallback text; screens use `errorText(err)` instead. */
    message: string,
    readonly details?: unknown,
    readonly params: Record<string, MessageParam> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'error' in body) {
      const { code, message, details, params } = (body as ErrorBody).error;
      return new ApiError(response.status, code, message ?? response.statusText, details, params ?? {});
    }
  } catch {
    // Not JSON (e.g. a proxy error page): fall through to the status text.
  }
  return new ApiError(response.status, 'http_' + response.status, response.statusText || `HTTP ${response.status}`);
}

/** Low-level JSON request; exported so other screens can call endpoints not wrapped below. */
export function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { body: JSON.stringify(body), type: 'application/json' }, signal);
}

/** Sends a file as the request body as it is (imports, photos); the answer is JSON, errors as for `request`. */
export function sendFile<T>(method: string, path: string, file: Blob | ArrayBuffer, type: string): Promise<T> {
  return send<T>(method, path, { body: file, type });
}

async function send<T>(method: string, path: string, content?: { body: BodyInit; type: string }, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: content === undefined ? { accept: 'application/json' } : { 'content-type': content.type, accept: 'application/json' },
      body: content?.body,
      credentials: 'same-origin',
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'Network error');
  }
  if (!response.ok) throw await readError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

/**
 * The map data's version from the latest layer list; tile URLs carry it, so a map opened after an
 * edit does not show tiles its browser cached before the edit.
 */
let mapVersion = 0;

/** The signed-in account's data scope: its maps ask for tiles of that scope's features only. */
let mapScope: string | null = null;
export function setMapScope(code: string | null): void {
  mapScope = code;
}

async function layerList(): Promise<LayerInfo[]> {
  const list = await request<LayerInfo[]>('GET', '/api/layers');
  if (list[0]) mapVersion = list[0].version;
  return list;
}

/** Absolute URL of an API path; MapLibre workers need absolute tile and data URLs. */
export function absoluteUrl(path: string): string {
  return new URL(path, window.location.href).toString();
}

export const api = {
  health: () => request<Health>('GET', '/api/health'),
  login: (username: string, password: string) => request<LoginResult>('POST', '/api/auth/login', { username, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<CurrentUser>('GET', '/api/auth/me'),
  communities: () => request<CommunitySummary[]>('GET', '/api/communities'),
  layers: layerList,
  layer: (id: LayerId) => request<LayerCollection>('GET', `/api/layers/${enc(id)}.geojson`),
  feature: (layer: LayerId, key: string) => request<FeatureDetails>('GET', `/api/features/${enc(layer)}/${enc(key)}`),
  /** `near`: where the searcher is looking from (map centre), so hits carry their distance. */
  search: (q: string, signal?: AbortSignal, near?: [number, number] | null) =>
    request<SearchHit[]>(
      'GET',
      `/api/search?q=${enc(q)}${near ? `&lng=${near[0].toFixed(6)}&lat=${near[1].toFixed(6)}` : ''}`,
      undefined,
      signal,
    ),
  coverage: (buildingCode: string) => request<BuildingCoverage>('GET', `/api/buildings/${enc(buildingCode)}/coverage`),
  publicSettings: () => request<PublicSettings>('GET', '/api/settings/public'),
  /** URL of a community's printable grid map (a download). */
  printMapUrl: (community: string, format: 'pdf' | 'png', size: 'A4' | 'A3', lang: string) =>
    `/api/communities/${enc(community)}/print?format=${format}&size=${size}&lang=${enc(lang)}`,
  /** URL of a small layer's GeoJSON, for a MapLibre GeoJSON source. */
  layerUrl: (id: LayerId) => absoluteUrl(`/api/layers/${enc(id)}.geojson`),
  /** Tile URL template of a large layer, for a MapLibre vector source. */
  tileUrl: (id: LayerId) =>
    absoluteUrl(`/api/tiles/${enc(id)}/`) + `{z}/{x}/{y}.pbf?v=${mapVersion}` + (mapScope ? `&scope=${enc(mapScope)}` : ''),
};
