/** Hono environment: what every handler can read from `c.var`. */
import type { Db } from '../db/pool';
import type { Role } from '../contract/auth';
import type { SessionUser } from '../db/sessions';

export type { Role, SessionUser };

export interface AppEnv {
  Variables: {
    db: Db;
    user: SessionUser | null;
    /**
     * The session cookie on routes that check the session inside their own statement (lookups);
     * `user` is null there until the handler has run that statement.
     */
    sessionToken: string | undefined;
    /** GRIDPLAN_TRUST_PROXY=1: the proxy's X-Forwarded-For / X-Forwarded-Proto are believed. */
    trustProxy: boolean;
  };
}
