/**
 * A bounded map whose entries die after a fixed time, judged by an injected clock.
 *
 * Authorization codes, login transactions, hosted-UI sessions and sign-in challenges all live in
 * one of these, owned by the object that uses them — so two IdPs in one process never share
 * state, and a flood of abandoned logins cannot grow memory without limit.
 *
 * Counting entries bounds memory only when every value is small. Where a value holds what a
 * client sent, a `budget` bounds the accounted bytes too — overall and, when values belong to a
 * `partition` (a user), per partition — so one client cannot push everyone else out, nor a
 * million big values in.
 *
 * @example
 *   const codes = new ExpiringMap<Grant>({ ttlMs: 5 * 60_000, maxEntries: 10_000, now: Date.now });
 *   codes.set(code, grant);
 *   codes.take(code); // single use: gone after this
 */

interface Entry<V> {
  value: V;
  expiresAt: number;
  bytes: number;
  partition: string | undefined;
}

export interface ByteBudget<V> {
  /** What one entry costs, in bytes of memory (an estimate that errs high). */
  bytesOf(key: string, value: V): number;
  maxBytes: number;
  /** Which partition a value counts against; with `maxBytesPerPartition`. */
  partitionOf?(value: V): string;
  maxBytesPerPartition?: number;
}

export interface ExpiringMapOptions<V> {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
  budget?: ByteBudget<V>;
}

export class ExpiringMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** Keys of each partition in insertion order (oldest first), for eviction within it. */
  readonly #partitions = new Map<string, { keys: Set<string>; bytes: number }>();
  readonly #options: ExpiringMapOptions<V>;
  #bytes = 0;

  constructor(options: ExpiringMapOptions<V>) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Accounted bytes of the live entries (0 without a budget). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Accounted bytes of one partition's entries. */
  partitionBytes(partition: string): number {
    return this.#partitions.get(partition)?.bytes ?? 0;
  }

  /**
   * Stores `value`, evicting the oldest entries (of its partition first) until it fits. A value
   * bigger than a whole budget is refused with a RangeError: the caller bounds its inputs first.
   */
  set(key: string, value: V): void {
    const budget = this.#options.budget;
    const bytes = budget ? budget.bytesOf(key, value) : 0;
    const partition = budget?.partitionOf?.(value);
    if (
      budget &&
      (bytes > budget.maxBytes || (partition !== undefined && bytes > (budget.maxBytesPerPartition ?? Infinity)))
    ) {
      throw new RangeError(`an entry of ${bytes} bytes exceeds the budget`);
    }
    this.#sweep();
    this.#remove(key);
    if (budget && partition !== undefined && budget.maxBytesPerPartition !== undefined) {
      const own = this.#partitions.get(partition);
      while (own && own.bytes + bytes > budget.maxBytesPerPartition) {
        const oldest = own.keys.values().next();
        if (oldest.done) break;
        this.#remove(oldest.value);
      }
    }
    // Map keeps insertion order, so the first keys are the oldest: evict those when full.
    while (this.#entries.size >= this.#options.maxEntries || (budget && this.#bytes + bytes > budget.maxBytes)) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#remove(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: this.#options.now() + this.#options.ttlMs, bytes, partition });
    this.#bytes += bytes;
    if (partition !== undefined) {
      const own = this.#partitions.get(partition) ?? { keys: new Set<string>(), bytes: 0 };
      own.keys.add(key);
      own.bytes += bytes;
      this.#partitions.set(partition, own);
    }
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#options.now()) {
      this.#remove(key);
      return undefined;
    }
    return entry.value;
  }

  /** Read and remove in one step, for values that must be used at most once. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.#remove(key);
    return value;
  }

  /** Replace the value while keeping the original expiry and partition. */
  replace(key: string, value: V): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    const bytes = this.#options.budget?.bytesOf(key, value) ?? 0;
    this.#bytes += bytes - entry.bytes;
    const own = entry.partition === undefined ? undefined : this.#partitions.get(entry.partition);
    if (own) own.bytes += bytes - entry.bytes;
    entry.value = value;
    entry.bytes = bytes;
  }

  delete(key: string): void {
    this.#remove(key);
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    if (entry.partition === undefined) return;
    const own = this.#partitions.get(entry.partition);
    if (!own) return;
    own.keys.delete(key);
    own.bytes -= entry.bytes;
    if (own.keys.size === 0) this.#partitions.delete(entry.partition);
  }

  /** One TTL for all and insertion order mean expiry order: stop at the first live entry. */
  #sweep(): void {
    const now = this.#options.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#remove(key);
    }
  }
}
