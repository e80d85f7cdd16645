/**
 * Signing in: throttle, then the password check (outside any transaction: scrypt takes tens of
 * milliseconds), then the session. Unknown and known usernames do the same work, so the answer
 * time does not tell which accounts exist.
 */
import type { Db } from './pool';
import { DUMMY_HASH, verifyPassword } from '../domain/auth/password';
import { beginLoginAttempt, clearLoginAttempt, auditLoginFailure, type LoginFailureReason } from './login-throttle';
import { createSession, findUserForLogin, purgeExpiredSessions, type SessionUser } from './sessions';
import { audit } from './audit';

export type SignInResult =
  | { kind: 'signed_in'; token: string; user: SessionUser }
  | { kind: 'refused'; reason: Exclude<LoginFailureReason, 'too_many_attempts'> }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** Checks a username and password from `address` (null when unknown); audits the outcome either way. */
export async function signIn(db: Db, username: string, password: string, address: string | null): Promise<SignInResult> {
  const attempt = await db.withTransaction((q) => beginLoginAttempt(q, username, address));
  if (attempt.retryAfterSeconds !== undefined) return { kind: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
  const account = await db.withClient((q) => findUserForLogin(q, username));
  const matches = await verifyPassword(password, account?.password_hash ?? DUMMY_HASH);
  if (!account || !account.active || !matches) {
    const reason = !account ? 'unknown_user' : !account.active ? 'inactive' : 'wrong_password';
    await db.withClient((q) => auditLoginFailure(q, username, address, reason));
    return { kind: 'refused', reason };
  }
  const token = await db.withTransaction(async (q) => {
    await clearLoginAttempt(q, attempt.attemptId, username);
    await purgeExpiredSessions(q);
    await audit(q, { username, action: 'login', entity: 'app_user', entityId: username, after: { address } });
    return createSession(q, username);
  });
  return {
    kind: 'signed_in',
    token,
    user: {
      username: account.username,
      role: account.role,
      displayName: account.display_name,
      personId: account.person_id,
      scopeCode: account.scope_code,
    },
  };
}
