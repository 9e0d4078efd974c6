/**
 * Single-flight with a short memory: concurrent callers with the same key share one call, and
 * callers arriving shortly after it succeeded get the same result.
 *
 * Why the memory: with refresh-token rotation, a browser that fired N requests before the first
 * refreshed response landed keeps sending the OLD refresh token for a moment. Refreshing again
 * with it would burn the IdP's grace period or, after it, sign the user out
 * (RefreshTokenReuseException). Handing late arrivals the result of the flight they missed is
 * what makes parallel requests safe.
 *
 * Failures are not remembered: the next caller tries again (an outage may have ended).
 * One instance lives on each server runner — never module-global.
 */

export interface SingleFlightOptions {
  /** How long a successful result is handed to late arrivals. */
  retainMs: number;
  /** Bound on remembered results; the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

interface Entry<V> {
  promise: Promise<V>;
  /** Set when the call succeeded; until then the entry is in flight. */
  settledAt?: number;
}

export class SingleFlight<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #options: Required<SingleFlightOptions>;

  constructor(options: SingleFlightOptions) {
    this.#options = { now: Date.now, ...options };
  }

  /** Runs `call` unless a flight for `key` is under way or recently succeeded. */
  run(key: string, call: () => Promise<V>): Promise<V> {
    const existing = this.#entries.get(key);
    if (existing && !this.#isStale(existing)) return existing.promise;
    if (existing) this.#entries.delete(key);

    const entry: Entry<V> = {
      promise: call().then(
        (value) => {
          entry.settledAt = this.#options.now();
          return value;
        },
        (error: unknown) => {
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
          throw error;
        },
      ),
    };
    this.#entries.set(key, entry);
    this.#evictOverflow();
    return entry.promise;
  }

  /** Number of keys in flight or remembered — for tests and memory checks. */
  get size(): number {
    return this.#entries.size;
  }

  #isStale(entry: Entry<V>): boolean {
    return entry.settledAt !== undefined && this.#options.now() - entry.settledAt > this.#options.retainMs;
  }

  #evictOverflow(): void {
    // Map iteration is insertion order, so the first keys are the oldest. In-flight entries are
    // evicted too if it comes to that: their callers still hold the promise.
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#options.maxEntries) break;
      this.#entries.delete(key);
    }
  }
}
