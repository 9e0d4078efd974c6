/**
 * Single-flight across instances: the first instance to refresh a given refresh token takes a
 * short lock on it in the store (SET NX PX), calls the IdP and leaves the sealed result there
 * for the memory window; the others wait for that result instead of calling the IdP. Without it
 * N instances behind a load balancer cost N refreshes of one expired session, and the fleet
 * leans on Cognito's grace period and the reuse retry (src/next/reuse-retry.ts).
 *
 * In-process callers are already merged by SingleFlight (refresh.ts); this is what one process
 * does once for them. Over the per-process store it degenerates to "take the lock, call" —
 * today's behaviour — and when the shared store fails, fallback.ts answers from memory, so the
 * same loop is per-process behaviour again.
 *
 * Failures are not stored, as in SingleFlight: the lock is released and the next waiter calls
 * the IdP itself (an outage may have ended; a revoked token is then remembered per process).
 */
import type { SessionStore } from '../store/types.js';
import type { StoreSealer } from '../store/sealer.js';

export interface SharedFlightOptions {
  store: SessionStore;
  sealer: StoreSealer;
  /** How long a result is handed to late arrivals — SingleFlight's window. */
  retainMs: number;
  /** How long the lock holds: longer than the IdP call can take. */
  lockMs: number;
  /** How often a waiter looks for the result. Default 25 ms. */
  pollMs?: number;
  now?: () => number;
}

export interface SharedFlight<V> {
  run(token: string, call: () => Promise<V>): Promise<V>;
}

export function createSharedFlight<V>(options: SharedFlightOptions): SharedFlight<V> {
  const { store, sealer, retainMs, lockMs } = options;
  const pollMs = options.pollMs ?? 25;
  const now = options.now ?? Date.now;

  async function cached(resultKey: string): Promise<V | undefined> {
    const sealed = await store.get(resultKey);
    const opened = sealed === null ? undefined : await sealer.open(resultKey, sealed);
    // Unreadable (another secret, damaged): as if absent — refreshing is always safe.
    return opened === undefined ? undefined : (JSON.parse(opened) as V);
  }

  return {
    async run(token, call) {
      const id = await sealer.keyFor('refresh', token);
      const resultKey = `result:${id}`;
      const lockKey = `lock:${id}`;
      // Bounded: a holder that died mid-call frees the lock after lockMs and a waiter takes
      // over; past twice that, nothing is waited for any more.
      const deadline = now() + 2 * lockMs;
      for (;;) {
        const done = await cached(resultKey);
        if (done !== undefined) return done;
        if (await store.setIfAbsent(lockKey, '1', lockMs)) {
          try {
            // The holder before us may have stored its result and freed the lock between our
            // look and our SET NX: the result is written before the lock goes, so look again.
            const stored = await cached(resultKey);
            if (stored !== undefined) return stored;
            const value = await call();
            await store.set(resultKey, await sealer.seal(resultKey, JSON.stringify(value)), retainMs);
            return value;
          } finally {
            await store.delete(lockKey);
          }
        }
        if (now() >= deadline) return call();
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}
