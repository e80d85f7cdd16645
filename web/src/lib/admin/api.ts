// Calls of the account screens: /api/users (admins) and /api/auth/password (everyone).
import { request } from '../api';
import type { NewUser, User, UserPatch as UserChange } from '$contract/users';
import type { Basemap, BasemapKind } from '$contract/basemap';
import type { PublicSettings, SettingRow } from '$contract/settings';

export type { Basemap, BasemapKind, NewUser, User, UserChange };
export type Role = User['role'];
// Runtime values the form needs; the type checks keep them equal to the server's ROLES and
// MIN_PASSWORD_LENGTH (contract/users.ts), which this bundle does not import (it would pull in zod).
export const ROLE_OPTIONS = ['admin', 'planner', 'official', 'worker', 'viewer'] as const satisfies readonly Role[];
export const MIN_PASSWORD_LENGTH: typeof import('$contract/users').MIN_PASSWORD_LENGTH = 10;

const enc = encodeURIComponent;

export const accountsApi = {
  list: () => request<User[]>('GET', '/api/users'),
  add: (user: NewUser) => request<User>('POST', '/api/users', user),
  change: (username: string, change: UserChange) => request<User>('PATCH', `/api/users/${enc(username)}`, change),
  changeOwnPassword: (currentPassword: string, newPassword: string) =>
    request<{ ok: true }>('POST', '/api/auth/password', { currentPassword, newPassword }),
};

// The server's BASEMAP_KINDS (contract/basemap.ts), checked equal by the type.
export const BASEMAP_KIND_OPTIONS = ['none', 'xyz', 'tianditu', 'gcj02'] as const satisfies readonly BasemapKind[];

/** The basemap setting with its version, and its change. */
export const basemapApi = {
  async read(): Promise<{ value: Basemap; version: number }> {
    const rows = await request<SettingRow[]>('GET', '/api/settings');
    const row = rows.find((r) => r.key === 'map.basemap');
    return { value: (row?.value as Basemap | undefined) ?? { kind: 'none' }, version: row?.version ?? 0 };
  },
  save: (version: number, value: Basemap) => request<SettingRow>('PATCH', '/api/settings/map.basemap', { version, value }),
  /** An unsaved choice as a map draws it, its tiles fetched through the server. */
  preview: (value: Basemap) =>
    request<PublicSettings>('GET', `/api/settings/basemap-preview?value=${encodeURIComponent(JSON.stringify(value))}`),
};

/** "321…001, 321…002" → codes, without blanks and duplicates. */
export function parseCells(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
