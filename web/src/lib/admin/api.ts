// Calls of the account screens: /api/users (admins) and /api/auth/password (everyone).
import { request } from '../api';
import type { User } from '$contract/users';

export type { User };
export type Role = User['role'];
export const ROLE_OPTIONS: Role[] = ['admin', 'planner', 'official', 'worker', 'viewer'];
/** Same rule as the server's (contract/users.ts). */
export const MIN_PASSWORD_LENGTH = 10;

export interface NewUser {
  username: string;
  role: Role;
  displayName?: string;
  cells?: string[];
  password: string;
}

export interface UserChange {
  version: number;
  role?: Role;
  displayName?: string;
  cells?: string[];
  disabled?: boolean;
}

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
