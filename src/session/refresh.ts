/**
 * Trading a refresh token for new tokens, once per refresh token per runner.
 *
 * GetTokensFromRefreshToken is Cognito's rotation-aware call (it returns a new refresh token
 * when the app client rotates them); IdPs that predate it answer that the operation is unknown,
 * and we fall back to InitiateAuth REFRESH_TOKEN_AUTH from then on.
 */
import { isOperationUnsupported, type CognitoClient } from '../cognito/client';
import type { AuthenticationResult } from '../cognito/protocol';
import { SingleFlight } from './single-flight';

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
  client: CognitoClient;
  /**
   * How long a refresh result is handed to requests still carrying the old refresh token.
   * Cognito's RetryGracePeriodSeconds tops out at 60 s; browsers catch up within seconds.
   */
  retainMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function createRefresher(options: RefresherOptions): Refresher {
  const flight = new SingleFlight<RefreshedTokens>({
    retainMs: options.retainMs ?? 30_000,
    maxEntries: options.maxEntries ?? 1000,
    now: options.now,
  });
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
      return flight.run(refreshToken, async () => {
        const result = await callIdp(refreshToken, username);
        return {
          accessToken: result.AccessToken,
          idToken: result.IdToken,
          ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
        };
      });
    },
  };
}
