/** OpenAPI descriptions of the core routes (auth, communities, map layers, lookup, settings). */
import { z } from 'zod';
import type { RouteDoc } from '../http/openapi-types';
import { loginBody } from './auth';
import { communityCodeParam, communityPatch } from './communities';
import { searchQuery } from './misc';

export const coreDocs: RouteDoc[] = [
  { method: 'get', path: '/health', tag: 'system', summary: 'Liveness, database engine and PostGIS version', returns: '{ok, database: "pglite"|"postgres", postgis}' },
  { method: 'post', path: '/auth/login', tag: 'auth', summary: 'Sign in; sets an HttpOnly session cookie', body: loginBody, returns: '{username, role, displayName}', errors: { 401: 'Wrong username or password' } },
  { method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Sign out', returns: '{ok: true}' },
  { method: 'get', path: '/auth/me', tag: 'auth', summary: 'The signed-in user and the cells they are responsible for', roles: ['*'], returns: '{username, role, displayName, cells: [cell codes]}' },
  { method: 'get', path: '/communities', tag: 'communities', summary: 'Every community with households, area, required vs current facility area and compliance', returns: '[{code, name, households, residents, buildingCount, areaM2, centroid, bbox, requiredAreaM2, currentAreaM2, gapM2, compliant, version}]' },
  { method: 'get', path: '/communities/{code}', tag: 'communities', summary: 'One community (ETag = version)', params: communityCodeParam, returns: 'the community summary', errors: { 404: 'Unknown code' } },
  { method: 'patch', path: '/communities/{code}', tag: 'communities', summary: 'Rename a community or set its grid size', roles: ['admin', 'planner'], params: communityCodeParam, body: communityPatch, returns: 'the community after the change', errors: { 404: 'Unknown code', 409: 'Stale version; details.currentVersion' } },
  { method: 'get', path: '/search', tag: 'map', summary: 'Find communities, compounds, buildings (and people, for staff) by name, address or code', query: searchQuery, returns: '[{kind, code, name, label, center, bbox?}]' },
  { method: 'get', path: '/layers', tag: 'map', summary: 'Map layers with titles, geometry types and zoom ranges', returns: '[{id, title, geometryType, minzoom, maxzoom, tiles}]' },
  { method: 'get', path: '/layers/{layer}.geojson', tag: 'map', summary: 'A layer as GeoJSON, optionally within a bbox', params: z.object({ layer: z.string() }), query: z.object({ bbox: z.string().optional() }), returns: 'FeatureCollection', errors: { 404: 'Unknown layer' } },
  { method: 'get', path: '/tiles/{layer}/{z}/{x}/{y}.pbf', tag: 'map', summary: 'A layer as a Mapbox vector tile (source-layer = layer id)', params: z.object({ layer: z.string(), z: z.number(), x: z.number(), y: z.number() }), returns: 'application/vnd.mapbox-vector-tile', errors: { 404: 'Unknown layer' } },
  { method: 'get', path: '/features/{layer}/{key}', tag: 'map', summary: 'One feature with its properties and geometry', params: z.object({ layer: z.string(), key: z.string() }), returns: 'Feature', errors: { 404: 'Unknown feature' } },
  { method: 'get', path: '/settings/public', tag: 'settings', summary: 'Settings the map needs before sign-in', returns: '{basemapUrl}' },
  { method: 'get', path: '/settings', tag: 'settings', summary: 'All settings with versions', roles: ['*'], returns: '[{key, value, description, version}]' },
  { method: 'patch', path: '/settings/{key}', tag: 'settings', summary: 'Change a setting (value checked against its shape)', roles: ['admin'], params: z.object({ key: z.string() }), body: z.object({ version: z.number(), value: z.unknown() }), returns: 'the setting row', errors: { 404: 'Unknown setting', 409: 'Stale version' } },
  { method: 'get', path: '/audit', tag: 'settings', summary: 'The audit log, newest first', roles: ['admin'], query: z.object({ entity: z.string().optional(), entityId: z.string().optional(), limit: z.number().optional() }), returns: '[{id, at, username, action, entity, entity_id, before, after}]' },
];
