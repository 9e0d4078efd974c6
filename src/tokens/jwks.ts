/**
 * One issuer's JWKS, fetched with `fetch` and cached on this object: the only source of keys the
 * verifier (signature.ts) ever uses. `fetch` rather than `https.request`, so the local IdP's
 * `http://127.0.0.1` URL works and the edge runtime can load it.
 *
 * Policy, in the order a lookup meets it:
 * - known kid, cache younger than `maxAgeMs` → served from memory;
 * - known kid, cache older → one refresh (shared by concurrent callers); if the refresh fails the
 *   cached key keeps serving — an IdP outage must not sign anyone out;
 * - unknown kid → one refresh; still unknown → the kid sits in a penalty box for `penaltyMs`, and
 *   tokens carrying it fail without network;
 * - any fetch, successful or not, starts a `cooldownMs` window in which misses do not fetch
 *   again, so a stream of random kids costs at most one request per window;
 * - nothing cached and nothing fetchable → `JwksUnavailable` (a 503, not "signed out").
 *
 * @example
 *   const jwks = new RemoteJwks({ uri: 'http://127.0.0.1:9229/local_pool/.well-known/jwks.json' });
 *   const jwk = await jwks.getJwk(header.kid); // then verifyRs256(…, jwk)
 */
import { JwksUnavailable, UnknownKeyId } from '../errors.js';

/** An RSA signing key for RS256, reduced to what `importKey` needs. */
export interface RsaJwk {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly n: string;
  readonly e: string;
  readonly use: 'sig';
  readonly alg: 'RS256';
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RemoteJwksOptions {
  uri: string;
  /** Defaults to the global `fetch`, looked up per call so runtime patches (Next's) apply. */
  fetch?: FetchLike;
  /** Whole request, body included. Middleware waits on this, so keep it short. Default 3 s. */
  timeoutMs?: number;
  /** After this, a known kid triggers a refresh so retired keys stop verifying. Default 10 min. */
  maxAgeMs?: number;
  /** Minimum gap between fetches caused by misses or failures. Default 10 s. */
  cooldownMs?: number;
  /** How long a kid the fresh JWKS did not contain is refused without fetching. Default 60 s. */
  penaltyMs?: number;
  /** Milliseconds since the epoch; injectable so tests move time instead of sleeping. */
  now?: () => number;
}

/** Cognito publishes two keys per pool; a response far larger than this is not a JWKS. */
const MAX_JWKS_CHARS = 256 * 1024;
/** Bounds the penalty box; with the cooldown in place it rarely holds more than a handful. */
const MAX_BOXED_KIDS = 128;

export class RemoteJwks {
  readonly uri: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #maxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #penaltyMs: number;
  readonly #now: () => number;

  #keys: Map<string, RsaJwk> | undefined;
  #loadedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #lastFailure: unknown;
  #inflight: Promise<void> | undefined;
  /** kid → time until which it is refused without a fetch. Insertion order = age. */
  readonly #boxed = new Map<string, number>();

  constructor(options: RemoteJwksOptions) {
    this.uri = options.uri;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 3_000;
    this.#maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.#cooldownMs = options.cooldownMs ?? 10_000;
    this.#penaltyMs = options.penaltyMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  async getJwk(kid: string): Promise<RsaJwk> {
    if (typeof kid !== 'string' || kid === '') throw new UnknownKeyId('JWT header has no "kid"');

    if (this.#keys?.has(kid)) {
      if (this.#isStale() && this.#mayFetch()) {
        // A failed refresh leaves #keys as they were: the cached key keeps verifying.
        await this.#load().catch(() => undefined);
      }
      return this.#keys.get(kid) ?? this.#unknown(kid, 'is no longer in the JWKS');
    }

    if (this.#isBoxed(kid)) return this.#unknown(kid, 'was not in the JWKS fetched moments ago');
    if (!this.#mayFetch()) {
      if (!this.#keys) throw this.#unavailable();
      return this.#unknown(kid, 'is not in the JWKS (refetch is cooling down)');
    }
    try {
      await this.#load();
    } catch {
      throw this.#unavailable();
    }
    const jwk = this.#keys?.get(kid);
    if (jwk) return jwk;
    this.#box(kid);
    return this.#unknown(kid, 'is not in the JWKS');
  }

  #isStale(): boolean {
    return this.#now() - this.#loadedAt >= this.#maxAgeMs;
  }

  /** Joining a fetch already in flight is free; starting one respects the cooldown. */
  #mayFetch(): boolean {
    return this.#inflight !== undefined || this.#now() - this.#attemptedAt >= this.#cooldownMs;
  }

  #load(): Promise<void> {
    this.#inflight ??= (async () => {
      this.#attemptedAt = this.#now();
      try {
        this.#keys = parseJwks(await this.#download());
        this.#loadedAt = this.#now();
        this.#lastFailure = undefined;
      } catch (error) {
        this.#lastFailure = error;
        throw error;
      } finally {
        this.#inflight = undefined;
      }
    })();
    return this.#inflight;
  }

  async #download(): Promise<unknown> {
    // The timeout signal stays attached while the body streams, so a slow body aborts too.
    const response = await this.#fetch(this.uri, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`answered HTTP ${response.status}`);
    }
    const text = await response.text();
    if (text.length > MAX_JWKS_CHARS) throw new Error(`answered ${text.length} characters`);
    return JSON.parse(text);
  }

  #isBoxed(kid: string): boolean {
    const until = this.#boxed.get(kid);
    if (until === undefined) return false;
    if (this.#now() < until) return true;
    this.#boxed.delete(kid);
    return false;
  }

  #box(kid: string): void {
    const now = this.#now();
    if (this.#boxed.size >= MAX_BOXED_KIDS) {
      for (const [boxedKid, until] of this.#boxed) if (until <= now) this.#boxed.delete(boxedKid);
      const oldest = this.#boxed.keys().next();
      if (this.#boxed.size >= MAX_BOXED_KIDS && !oldest.done) this.#boxed.delete(oldest.value);
    }
    this.#boxed.delete(kid);
    this.#boxed.set(kid, now + this.#penaltyMs);
  }

  #unknown(kid: string, why: string): never {
    // kids are public key identifiers, but they arrive from the token, so cap what reaches logs.
    throw new UnknownKeyId(`key id ${JSON.stringify(kid.slice(0, 64))} ${why}`);
  }

  #unavailable(): JwksUnavailable {
    const reason = this.#lastFailure instanceof Error ? `: ${this.#lastFailure.message}` : '';
    return new JwksUnavailable(`JWKS at ${this.uri} could not be loaded${reason}`, {
      cause: this.#lastFailure,
    });
  }
}

/**
 * Keeps only RSA signing keys usable with RS256, each reduced to the members WebCrypto and
 * node:crypto need: a stray `key_ops` or `ext` would otherwise make `importKey` refuse the key.
 */
export function parseJwks(json: unknown): Map<string, RsaJwk> {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('answered something that is not a JWKS');
  const usable = new Map<string, RsaJwk>();
  for (const key of keys as Array<Partial<Record<string, unknown>>>) {
    if (key === null || typeof key !== 'object') continue;
    const { kty, kid, n, e, use, alg } = key;
    if (kty !== 'RSA' || typeof kid !== 'string' || typeof n !== 'string' || typeof e !== 'string') {
      continue;
    }
    if ((use !== undefined && use !== 'sig') || (alg !== undefined && alg !== 'RS256')) continue;
    usable.set(kid, { kty, kid, n, e, use: 'sig', alg: 'RS256' });
  }
  if (usable.size === 0) throw new Error('answered a JWKS without RS256 signing keys');
  return usable;
}
