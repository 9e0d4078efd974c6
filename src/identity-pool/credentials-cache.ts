/**
 * Identity-pool credentials per identity, on the object that owns them (never module-global,
 * never in cookies): served until five minutes before they expire, as Amplify's credentials
 * provider does, bounded by entry count (least recently used goes first), with concurrent first
 * calls for one key sharing one IdP exchange. Pure apart from the clock it is given.
 */
import type { AwsCredentials } from '../cognito/identity-client.js';

/** Credentials closer than this to expiry are renewed: a caller may hold them for minutes. */
export const CREDENTIALS_RENEW_MARGIN_MS = 5 * 60 * 1000;
export const DEFAULT_MAX_ENTRIES = 1000;

export interface CachedCredentials {
  identityId: string;
  credentials: AwsCredentials;
}

export class CredentialsCache {
  private readonly entries = new Map<string, CachedCredentials>();
  private readonly pending = new Map<string, Promise<CachedCredentials>>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached entry while it is fresh, else `fetch`'s (shared by concurrent callers). */
  async get(key: string, fetch: () => Promise<CachedCredentials>, options: { force?: boolean } = {}) {
    if (!options.force) {
      const hit = this.fresh(key);
      if (hit) return hit;
      const inFlight = this.pending.get(key);
      if (inFlight) return inFlight;
    }
    const started = fetch().then(
      (entry) => {
        // Only the latest exchange for a key is kept: a `delete` (sign-out) or a forced renewal
        // since this one started must not be undone by its late answer.
        if (this.pending.get(key) !== started) return entry;
        this.pending.delete(key);
        this.set(key, entry);
        return entry;
      },
      (error: unknown) => {
        if (this.pending.get(key) === started) this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, started);
    return started;
  }

  delete(key: string): void {
    this.entries.delete(key);
    this.pending.delete(key);
  }

  /** Every key `match` selects (a user's entries, at sign-out): O(entries), bounded by the cap. */
  deleteWhere(match: (key: string) => boolean): void {
    for (const key of [...this.entries.keys(), ...this.pending.keys()]) if (match(key)) this.delete(key);
  }

  private fresh(key: string): CachedCredentials | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.credentials.expiration.getTime() - CREDENTIALS_RENEW_MARGIN_MS <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting keeps Map order = recency, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private set(key: string, entry: CachedCredentials): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
