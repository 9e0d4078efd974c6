/**
 * Optional revocation check: Cognito access tokens stay valid until `exp` after a global
 * sign-out or RevokeToken; only the IdP knows. GetUser with the token answers
 * NotAuthorizedException once its refresh-token family is revoked, so we ask — at most once per
 * token per `ttlMs`, because asking on every request would put the IdP on the hot path.
 *
 * A "revoked" verdict is kept until the token expires; an "active" one for `ttlMs` (the window
 * in which a revocation can still go unnoticed). An outage is no verdict: the session is served.
 */
import type { SessionClient } from '../cognito/session-client.js';
import { IdpRejected, isAuthError, RefreshTokenRevoked, type AuthError } from '../errors.js';
import type { AccessTokenClaims, Jwt } from '../tokens/index.js';
import { VerifiedTokenCache } from '../tokens/index.js';

export type RevocationVerdict = { revoked: false; warning?: AuthError } | { revoked: true; error: AuthError };

export interface RevocationCheckOptions {
  /** Default 30 s. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class RevocationCheck {
  readonly #cognito: SessionClient;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #verdicts: VerifiedTokenCache<boolean>;
  /** In-flight lookups, so a burst of requests with one token makes one GetUser call. */
  readonly #pending = new Map<string, Promise<RevocationVerdict>>();

  constructor(cognito: SessionClient, options: RevocationCheckOptions = {}) {
    this.#cognito = cognito;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    this.#verdicts = new VerifiedTokenCache<boolean>({ maxEntries: options.maxEntries ?? 10_000, now: this.#now });
  }

  check(accessToken: Jwt<AccessTokenClaims>): Promise<RevocationVerdict> {
    const key = accessToken.payload.jti ?? accessToken.toString();
    const known = this.#verdicts.get(key);
    if (known !== undefined) return Promise.resolve(known ? revokedVerdict() : { revoked: false });
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#lookup(accessToken, key).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  async #lookup(accessToken: Jwt<AccessTokenClaims>, key: string): Promise<RevocationVerdict> {
    try {
      await this.#cognito.getUser(accessToken.toString());
      this.#verdicts.set(key, false, Math.min(this.#now() + this.#ttlMs, accessToken.payload.exp * 1000));
      return { revoked: false };
    } catch (error) {
      if (error instanceof IdpRejected && error.cognitoType === 'NotAuthorizedException') {
        this.#verdicts.set(key, true, accessToken.payload.exp * 1000);
        return revokedVerdict();
      }
      if (isAuthError(error)) return { revoked: false, warning: error };
      throw error;
    }
  }
}

function revokedVerdict(): RevocationVerdict {
  return {
    revoked: true,
    error: new RefreshTokenRevoked('the access token was revoked at the IdP (sign-out elsewhere)'),
  };
}
