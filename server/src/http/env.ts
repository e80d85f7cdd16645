/** Hono environment: what every handler can read from `c.var`. */
import type { Db } from '../db/pool';
import type { Role } from '../contract/auth';
import type { SessionUser } from '../db/sessions';

export type { Role, SessionUser };

export interface AppEnv {
  Variables: {
    db: Db;
    user: SessionUser | null;
  };
}
