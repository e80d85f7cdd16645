// Per-user admission to the solver. One person runs one solve at a time and may have one more
// waiting behind it; a third is refused at once (429 with a Retry-After) instead of queueing
// behind everyone else's work. The CLI solves without a turn: it is not a user.
import type { Role } from '../../contract/auth';
import { DomainError } from '../errors';
import { fieldError } from '../facility/fields';

/** Solves one user may have running or waiting at once. */
export const SOLVES_PER_USER = 2;

interface Held {
  /** When this solve is expected to end at the latest (start + its time limit), ms since epoch. */
  endsBy: number;
  done: Promise<void>;
}

export class SolverTurns {
  private held = new Map<string, Held[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Runs `task` once `owner`'s earlier solve (if any) has finished. Throws `too_many`
   * (`solver.busy`) when the owner already has a solve running and one waiting.
   */
  async run<T>(owner: string, timeLimitSeconds: number, task: () => Promise<T>): Promise<T> {
    const mine = this.held.get(owner) ?? [];
    if (mine.length >= SOLVES_PER_USER) {
      const retryAfterSeconds = Math.max(1, Math.ceil((Math.min(...mine.map((h) => h.endsBy)) - this.now()) / 1000));
      throw new DomainError('too_many', 'solver.busy', { limit: SOLVES_PER_USER, retryAfterSeconds }, { retryAfterSeconds });
    }
    const before = mine.at(-1)?.done;
    let finish!: () => void;
    const held: Held = {
      endsBy: Math.max(this.now(), mine.at(-1)?.endsBy ?? 0) + timeLimitSeconds * 1000,
      done: new Promise<void>((resolve) => (finish = resolve)),
    };
    this.held.set(owner, [...mine, held]);
    try {
      await before;
      return await task();
    } finally {
      const left = (this.held.get(owner) ?? []).filter((h) => h !== held);
      if (left.length > 0) this.held.set(owner, left);
      else this.held.delete(owner);
      finish();
    }
  }

  /** Solves `owner` has running or waiting (for tests and diagnostics). */
  count(owner: string): number {
    return this.held.get(owner)?.length ?? 0;
  }
}

/** The server's one admission table. */
export const solverTurns = new SolverTurns();

/** Longest solve a non-admin may ask for; admins may go up to each route's own maximum. */
export const NON_ADMIN_MAX_SOLVE_SECONDS = 30;

/** Refuses (400 naming `field`) a time limit above what `role` may ask for. */
export function checkTimeLimit(role: Role, timeLimitSeconds: number | undefined, field: string): void {
  if (role === 'admin' || timeLimitSeconds === undefined || timeLimitSeconds <= NON_ADMIN_MAX_SOLVE_SECONDS) return;
  throw fieldError(field, 'solver.time_limit_too_long', { maximum: NON_ADMIN_MAX_SOLVE_SECONDS });
}
