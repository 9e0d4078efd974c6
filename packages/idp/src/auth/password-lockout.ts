/**
 * Cognito's lockout after failed password sign-ins, per user (developer guide, "Lockout behavior
 * for failed sign-in attempts"): after five failures the user is locked out for one second, and
 * each further failure doubles that, up to about 15 minutes — 2^(n−5) s for n failures. Attempts
 * during a lockout answer `NotAuthorizedException: Password attempts exceeded`, even with the
 * right password, and do not count. A successful sign-in after the lockout, or 15 minutes
 * without any attempt, starts again from zero.
 *
 * Unknown names are locked out the same way, so the lockout does not tell which names exist
 * (the IdP emulates PreventUserExistenceErrors ENABLED). Known users and unknown names are kept
 * apart: a flood of invented names can evict other invented names, never a real user's count.
 * The state is in memory only — a restart forgives, which a development IdP may — and is judged
 * by the IdP's injected clock.
 */
import { CognitoError } from '../cognito-error.js';
import { ExpiringMap } from '../lib/expiring-map.js';

export const PASSWORD_ATTEMPTS_EXCEEDED = 'Password attempts exceeded';

const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;
/** No attempt for this long resets the count (each attempt, refused ones too, restarts it). */
const IDLE_RESET_MS = 15 * 60_000;
const MAX_KNOWN_USERS = 100_000;
const MAX_UNKNOWN_NAMES = 10_000;

interface LockState {
  /** Failed attempts so far, not counting those refused during a lockout. */
  failures: number;
  /** Milliseconds since epoch; 0 while not locked. */
  lockedUntil: number;
}

/** The checks of one key that are running, and the attempts waiting for their outcome. */
interface Gate {
  /** Attempts inside `attempt` for this key (running or waiting); the gate goes at 0. */
  users: number;
  running: number;
  waiting: (() => void)[];
}

/** 2^(n−5) seconds for the n-th failure from the fifth on, capped at 15 minutes. */
export function lockoutMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_LOCK_MS);
}

export function isPasswordLockout(error: unknown): boolean {
  return (
    error instanceof CognitoError &&
    error.type === 'NotAuthorizedException' &&
    error.message === PASSWORD_ATTEMPTS_EXCEEDED
  );
}

export class PasswordLockout {
  private readonly known: ExpiringMap<LockState>;
  private readonly unknown: ExpiringMap<LockState>;
  private readonly gates = new Map<string, Gate>();

  constructor(private readonly now: () => number) {
    this.known = new ExpiringMap({ ttlMs: IDLE_RESET_MS, maxEntries: MAX_KNOWN_USERS, now });
    this.unknown = new ExpiringMap({ ttlMs: IDLE_RESET_MS, maxEntries: MAX_UNKNOWN_NAMES, now });
  }

  /**
   * Runs one password check for `key` (a user key; `known` says whether the user exists) and
   * returns its result; throws `Password attempts exceeded` instead while locked out.
   *
   * Never more checks of one key run at once than it has failures left before the lockout (one,
   * after a lockout): further attempts wait for those outcomes. So a burst of parallel guesses
   * gets five checks, not a hundred — while parallel sign-ins with the right password, each of
   * which resets the count, all go through.
   */
  async attempt(key: string, known: boolean, check: () => Promise<boolean>): Promise<boolean> {
    const counts = known ? this.known : this.unknown;
    const gateKey = `${known ? 'known' : 'unknown'}:${key}`;
    const gate = this.gates.get(gateKey) ?? { users: 0, running: 0, waiting: [] };
    this.gates.set(gateKey, gate);
    gate.users++;
    try {
      for (;;) {
        const state = counts.get(key);
        if (state && this.now() < state.lockedUntil) {
          counts.set(key, state); // an attempt, refused or not, restarts the idle clock
          throw new CognitoError('NotAuthorizedException', PASSWORD_ATTEMPTS_EXCEEDED);
        }
        if (gate.running < Math.max(1, FREE_FAILURES - (state?.failures ?? 0))) break;
        await new Promise<void>((wake) => gate.waiting.push(wake));
      }
      gate.running++;
      try {
        const ok = await check();
        if (ok) {
          counts.delete(key);
        } else {
          const failures = (counts.get(key)?.failures ?? 0) + 1;
          counts.set(key, { failures, lockedUntil: failures >= FREE_FAILURES ? this.now() + lockoutMs(failures) : 0 });
        }
        return ok;
      } finally {
        gate.running--;
      }
    } finally {
      gate.users--;
      for (const wake of gate.waiting.splice(0)) wake();
      if (gate.users === 0) this.gates.delete(gateKey);
    }
  }
}
