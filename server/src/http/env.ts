/** Hono environment: what every handler can read from `c.var`. */
import type { Db } from '../db/pool';

export type Role = 'admin' | 'planner' | 'official' | 'worker' | 'viewer';

export interface SessionUser {
  username: string;
  role: Role;
  displayName: string;
  personId: number | null;
}

export interface AppEnv {
  Variables: {
    db: Db;
    user: SessionUser | null;
  };
}
