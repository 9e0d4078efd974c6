/**
 * Trading a refresh token for new tokens, once per refresh token per runner — and, with a shared
 * store, once per refresh token across the fleet (shared-flight.ts).
 *
 * GetTokensFromRefreshToken is Cognito's rotation-aware call (it returns a new refresh token
 * when the app client rotates them); IdPs that predate it answer that the operation is unknown,
 * and we fall back to InitiateAuth REFRESH_TOKEN_AUTH from then on.
 */
import { isOperationUnsupported } from '../cognito/call-errors.js';
import type { SessionClient } from '../cognito/session-client.js';
import type { AuthenticationResult } from '../cognito/protocol.js';
import { isAuthError, type AuthError } from '../errors.js';
import { VerifiedTokenCache } from '../tokens/index.js';
import type { StoreSealer } from '../store/sealer.js';
import type { SessionStore } from '../store/types.js';
import { createSharedFlight } from './shared-flight.js';
import { SingleFlight } from './single-flight.js';

/**
 * A refresh token the IdP called revoked or reused never works again. Remembering that verdict
 * for a minute keeps a client (or an attacker) replaying a dead cookie from costing one IdP call
 * per request — Cognito throttles per pool, so that load would hurt every other user.
 */
const DEAD_TOKEN_MEMORY_MS = 60_000;

export interface RefreshedTokens {
  accessToken: string;
  idToken: string;
  /** Present when the IdP rotated the refresh token; otherwise keep the old one. */
  refreshToken?: string;
}

export interface Refresher {
  refresh(input: { refreshToken: string; username: string }): Promise<RefreshedTokens>;
}

export interface RefresherOptions {
  client: SessionClient;
  /** Where instances meet: the lock and the sealed result of each refresh. */
  store: SessionStore;
  sealer: StoreSealer;
  /** Bound on one refresh at the IdP (both calls when the rotation-aware one is unknown). */
  idpTimeoutMs: number;
  /**
   * How long a refresh result is handed to requests still carrying the old refresh token.
   * Cognito's RetryGracePeriodSeconds tops out at 60 s; browsers catch up within seconds.
   */
  retainMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function createRefresher(options: RefresherOptions): Refresher {
  const retainMs = options.retainMs ?? 30_000;
  const flight = new SingleFlight<RefreshedTokens>({
    retainMs,
    maxEntries: options.maxEntries ?? 1000,
    now: options.now,
  });
  const shared = createSharedFlight<RefreshedTokens>({
    store: options.store,
    sealer: options.sealer,
    retainMs,
    lockMs: 2 * options.idpTimeoutMs + 1000,
  });
  const now = options.now ?? Date.now;
  const dead = new VerifiedTokenCache<AuthError>({ maxEntries: options.maxEntries ?? 1000, now });
  // Learned once per runner: an IdP that lacks the operation will not grow it mid-process.
  let rotationCallSupported = true;

  async function callIdp(refreshToken: string, username: string): Promise<AuthenticationResult> {
    if (rotationCallSupported) {
      try {
        return await options.client.getTokensFromRefreshToken({ refreshToken });
      } catch (error) {
        if (!isOperationUnsupported(error)) throw error;
        rotationCallSupported = false;
      }
    }
    return options.client.refreshTokenAuth({ refreshToken, username });
  }

  return {
    refresh({ refreshToken, username }) {
      const verdict = dead.get(refreshToken);
      if (verdict) return Promise.reject(verdict);
      return flight.run(refreshToken, () => shared.run(refreshToken, () => exchange(refreshToken, username)));
    },
  };

  async function exchange(refreshToken: string, username: string): Promise<RefreshedTokens> {
    let result: AuthenticationResult;
    try {
      result = await callIdp(refreshToken, username);
    } catch (error) {
      if (isAuthError(error) && (error.code === 'RefreshTokenRevoked' || error.code === 'RefreshTokenReuse')) {
        dead.set(refreshToken, error, now() + DEAD_TOKEN_MEMORY_MS);
      }
      throw error;
    }
    return {
      accessToken: result.AccessToken,
      idToken: result.IdToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    };
  }
}
