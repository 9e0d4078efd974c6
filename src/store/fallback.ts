/**
 * A shared store that may fail: every call has a timeout, and a call that fails or times out is
 * answered by this process's memory store instead — per-process behaviour, as without a shared
 * store. So Redis down, slow or flushed signs nobody out and answers no 5xx; it only costs the
 * fleet its coordination until Redis answers again.
 *
 * After a failure the shared store is skipped for `retryAfterMs`, so an outage does not make
 * every request wait for a timeout. The outage is logged once, and its end once.
 */
import type { SessionStore } from './types.js';

export interface FallbackOptions {
  fallback: SessionStore;
  logger: { warn(message: string): void };
  /** Bound on each call to the shared store. Default 500 ms. */
  timeoutMs?: number;
  /** How long a failure sends calls straight to the fallback. Default 1000 ms. */
  retryAfterMs?: number;
  now?: () => number;
}

export function withFallback(primary: SessionStore, options: FallbackOptions): SessionStore {
  const { fallback, logger } = options;
  const timeoutMs = options.timeoutMs ?? 500;
  const retryAfterMs = options.retryAfterMs ?? 1000;
  const now = options.now ?? Date.now;
  let skipUntil = 0;
  let down = false;

  async function attempt<T>(operation: string, shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (now() < skipUntil) return local();
    try {
      const value = await withTimeout(shared(), timeoutMs, operation);
      if (down) {
        down = false;
        logger.warn('shared session store answers again; coordinating across instances again');
      }
      return value;
    } catch (error) {
      skipUntil = now() + retryAfterMs;
      if (!down) {
        down = true;
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn(
          `shared session store unavailable (${operation}: ${reason}); per-process behaviour until it answers`,
        );
      }
      return local();
    }
  }

  return {
    shared: primary.shared,
    get: (key) =>
      attempt(
        'get',
        () => primary.get(key),
        () => fallback.get(key),
      ),
    set: (key, value, ttlMs) =>
      attempt(
        'set',
        () => primary.set(key, value, ttlMs),
        () => fallback.set(key, value, ttlMs),
      ),
    setIfAbsent: (key, value, ttlMs) =>
      attempt(
        'setIfAbsent',
        () => primary.setIfAbsent(key, value, ttlMs),
        () => fallback.setIfAbsent(key, value, ttlMs),
      ),
    delete: (key) =>
      attempt(
        'delete',
        () => primary.delete(key),
        () => fallback.delete(key),
      ),
  };
}

/**
 * The timer gives way once before it rejects: after a stall of the event loop (a busy server),
 * timers run before pending socket reads, and a reply that arrived in time would otherwise count
 * as a timeout — a Redis outage made up by our own process. A second zero-delay timer runs in the
 * next loop turn, after the reads (setImmediate would too, but the edge runtime has none, and
 * Next warns about it in edge builds).
 */
function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const fail = () => reject(new Error(`${operation} took longer than ${ms} ms`));
    timer = setTimeout(() => setTimeout(fail, 0), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
