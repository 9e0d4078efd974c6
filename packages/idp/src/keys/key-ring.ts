/**
 * The pool's RS256 signing keys. Like Cognito, access and ID tokens are signed by different keys,
 * so a verifier that mixes them up fails on `kid`. Rotation retires the current pair but keeps
 * its public halves in the JWKS until every token they signed has expired.
 */
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { StateStore } from '../store/state-store.js';
import type { SigningKeyRecord } from '../store/state.js';

export type KeyUse = SigningKeyRecord['use'];

/** Slack on top of the longest token life, for clock skew between verifier and IdP. */
const RETENTION_SLACK_MS = 5 * 60_000;

export class KeyRing {
  /** Imported keys by kid; a cache of what the state holds, private to this ring. */
  private readonly imported = new Map<string, CryptoKey>();

  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
    /** Longest access/ID token life in seconds (the clients decide it). */
    private readonly maxTokenLifetimeSeconds: () => number,
  ) {}

  /** Creates the first key pair of a new pool; a no-op when the state already has active keys. */
  async ensureActiveKeys(): Promise<void> {
    const missing = (['access', 'id'] as const).filter((use) => !this.active(use));
    if (missing.length === 0) return;
    const fresh = await Promise.all(missing.map((use) => this.generate(use)));
    await this.store.mutate((state) => {
      state.keys.push(...fresh);
    });
  }

  /** New access and ID keys sign from now on; the old ones only verify. */
  async rotate(): Promise<void> {
    const fresh = await Promise.all((['access', 'id'] as const).map((use) => this.generate(use)));
    const now = this.now();
    await this.store.mutate((state) => {
      for (const key of state.keys) key.retiredAt ??= now;
      state.keys = state.keys.filter((key) => this.isPublished(key, now));
      state.keys.push(...fresh);
    });
    this.pruneImported();
  }

  async signingKey(use: KeyUse): Promise<{ kid: string; key: CryptoKey }> {
    const record = this.active(use);
    if (!record) throw new Error(`no active ${use} signing key; call ensureActiveKeys first`);
    return { kid: record.kid, key: await this.importOnce(record.kid, record.privateJwk) };
  }

  /** The public key for `kid` while it is published, else undefined (token then fails). */
  async verificationKey(kid: string): Promise<{ use: KeyUse; key: CryptoKey } | undefined> {
    const record = this.store.state.keys.find((k) => k.kid === kid);
    if (!record || !this.isPublished(record, this.now())) return undefined;
    return { use: record.use, key: await this.importOnce(`${kid}#public`, record.publicJwk) };
  }

  jwks(): { keys: JWK[] } {
    const now = this.now();
    return {
      keys: this.store.state.keys.filter((k) => this.isPublished(k, now)).map((k) => k.publicJwk as JWK),
    };
  }

  private active(use: KeyUse): SigningKeyRecord | undefined {
    return this.store.state.keys.find((k) => k.use === use && k.retiredAt === undefined);
  }

  private isPublished(key: SigningKeyRecord, now: number): boolean {
    if (key.retiredAt === undefined) return true;
    return now < key.retiredAt + this.maxTokenLifetimeSeconds() * 1000 + RETENTION_SLACK_MS;
  }

  /** Drops cached keys that rotate() dropped from the state, and retired private keys. */
  private pruneImported(): void {
    const keys = new Map(this.store.state.keys.map((k) => [k.kid, k]));
    for (const cacheKey of this.imported.keys()) {
      const [kid = '', part] = cacheKey.split('#');
      const record = keys.get(kid);
      const needed = part === 'public' ? record !== undefined : record?.retiredAt === undefined;
      if (!needed) this.imported.delete(cacheKey);
    }
  }

  private async importOnce(cacheKey: string, jwk: Record<string, unknown>): Promise<CryptoKey> {
    let key = this.imported.get(cacheKey);
    if (!key) {
      key = (await importJWK(jwk as JWK, 'RS256')) as CryptoKey;
      this.imported.set(cacheKey, key);
    }
    return key;
  }

  private async generate(use: KeyUse): Promise<SigningKeyRecord> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    // Cognito's kids are base64 of a digest (with '+', '/', '='); mimic the alphabet so
    // consumers that treat kid as an opaque string are exercised the same way.
    const kid = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
    const publicJwk = { alg: 'RS256', kid, use: 'sig', ...(await exportJWK(publicKey)) };
    const privateJwk = { alg: 'RS256', kid, ...(await exportJWK(privateKey)) };
    return { kid, use, publicJwk, privateJwk, createdAt: this.now() };
  }
}
