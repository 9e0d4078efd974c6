/**
 * What the runner keeps beyond one request — refresh results, refresh locks, revoked token
 * families — behind the smallest key-value interface that Redis, Valkey and an HTTP Redis
 * (Upstash's REST client) all offer, so one coordination rule works over any of them.
 *
 * Values are already sealed and keys already hashed when they get here (store-sealer.ts): a
 * store never sees a token.
 */
export interface SessionStore {
  /**
   * True when other processes see what this one writes (Redis). Only then does the runner need
   * a configured secret: a per-process store seals with a key that never leaves the process.
   */
  readonly shared: boolean;
  get(key: string): Promise<string | null>;
  /** Sets `key` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets `key` only if it is absent (Redis `SET NX PX`); true when this caller set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}
