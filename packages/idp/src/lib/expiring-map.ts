/**
 * A bounded map whose entries die after a fixed time, judged by an injected clock.
 *
 * Authorization codes, login transactions, hosted-UI sessions and sign-in challenges all live in
 * one of these, owned by the object that uses them — so two IdPs in one process never share
 * state, and a flood of abandoned logins cannot grow memory without limit.
 *
 * @example
 *   const codes = new ExpiringMap<Grant>({ ttlMs: 5 * 60_000, maxEntries: 10_000, now: Date.now });
 *   codes.set(code, grant);
 *   codes.take(code); // single use: gone after this
 */

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export interface ExpiringMapOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

export class ExpiringMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #options: ExpiringMapOptions;

  constructor(options: ExpiringMapOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  set(key: string, value: V): void {
    this.#sweep();
    this.#entries.delete(key);
    // Map keeps insertion order, so the first keys are the oldest: evict those when full.
    while (this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: this.#options.now() + this.#options.ttlMs });
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#options.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Read and remove in one step, for values that must be used at most once. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.#entries.delete(key);
    return value;
  }

  /** Replace the value while keeping the original expiry. */
  replace(key: string, value: V): void {
    const entry = this.#entries.get(key);
    if (entry) entry.value = value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** One TTL for all and insertion order mean expiry order: stop at the first live entry. */
  #sweep(): void {
    const now = this.#options.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(key);
    }
  }
}
