/**
 * Tokens already verified, keyed by the raw token string. The middleware verifies the same cookie
 * on every request of a session; a hit here costs one Map lookup and no parsing, hashing or crypto.
 *
 * Why the raw string and not a digest of it: a digest is itself a pass over the token (SHA-256 is
 * async in WebCrypto) and only a cryptographic one is safe as the key of an "already verified"
 * answer. V8 hashes a string once and compares equal-length ASCII strings with memcmp, so the raw
 * key is both exact and the cheapest lookup. Its cost is memory — an ID token can be 6–10 KB — so
 * the cache is bounded by total key characters as well as by entry count.
 *
 * Entries die at the instant the token stops verifying (exp + grace, on the injected clock), so a
 * hit can never outlive what a full verification would have accepted.
 *
 * @example
 *   const cache = new VerifiedTokenCache<Jwt<AccessTokenClaims>>({ now: () => clock.now });
 *   cache.set(raw, jwt, (jwt.payload.exp + graceSeconds) * 1000);
 *   cache.get(raw); // jwt, until then
 */

export interface VerifiedTokenCacheOptions {
  /** Default 1,000: roughly the sessions one server instance sees within a token's hour. */
  maxEntries?: number;
  /** Default 4 Mi characters (≈ 4 MB, tokens are ASCII): ~400 large ID tokens or ~3,000 access tokens. */
  maxChars?: number;
  now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

export class VerifiedTokenCache<V> {
  readonly maxEntries: number;
  readonly maxChars: number;
  readonly #now: () => number;
  /** Map iteration order is insertion order; re-inserting on a hit makes the first key the LRU. */
  readonly #entries = new Map<string, Entry<V>>();
  #chars = 0;

  constructor(options: VerifiedTokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1_000;
    this.maxChars = options.maxChars ?? 4 * 1024 * 1024;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get chars(): number {
    return this.#chars;
  }

  get(raw: string): V | undefined {
    const entry = this.#entries.get(raw);
    if (entry === undefined) return undefined;
    this.#entries.delete(raw);
    if (this.#now() >= entry.expiresAt) {
      this.#chars -= raw.length;
      return undefined;
    }
    this.#entries.set(raw, entry);
    return entry.value;
  }

  /** `expiresAt` in epoch milliseconds. Values that would not fit at all are not cached. */
  set(raw: string, value: V, expiresAt: number): void {
    if (this.maxEntries <= 0 || raw.length > this.maxChars) return;
    this.delete(raw);
    this.#entries.set(raw, { value, expiresAt });
    this.#chars += raw.length;
    this.#evict();
  }

  delete(raw: string): void {
    if (this.#entries.delete(raw)) this.#chars -= raw.length;
  }

  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
  }

  #evict(): void {
    // Expired entries go first (one pass, only when over budget), then least recently used.
    if (this.#entries.size <= this.maxEntries && this.#chars <= this.maxChars) return;
    const now = this.#now();
    for (const [raw, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.delete(raw);
    }
    for (const raw of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries && this.#chars <= this.maxChars) break;
      this.delete(raw);
    }
  }
}
