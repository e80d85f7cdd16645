// Calls of the account screens: /api/users (admins) and /api/auth/password (everyone).
import { request } from '../api';
import type { NewUser, User, UserPatch as UserChange } from '$contract/users';

export type { NewUser, User, UserChange };
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
