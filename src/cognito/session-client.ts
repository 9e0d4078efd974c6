/**
 * The part of the Cognito client a session needs after sign-in — refresh (both ways) and GetUser
 * — which is all the middleware calls. The sign-in and sign-out operations live in client.ts on
 * top of it, so the edge middleware bundle carries none of them.
 *
 * @example
 *   const cognito = createSessionClient({ endpoint: 'http://127.0.0.1:9229/', clientId });
 *   const tokens = await cognito.getTokensFromRefreshToken({ refreshToken });
 */
import { ConfigInvalid } from '../errors.js';
import { check, type Output, type StandardSchemaV1 } from '../schema.js';
import { asRefreshError, CognitoAnswerInvalid } from './call-errors.js';
import { getUserResponseSchema, tokensResponseSchema } from './client-responses.js';
import type { AuthenticationResult } from './protocol.js';
import { computeSecretHash } from './secret-hash.js';
import { type CognitoCall, createTransport } from './transport.js';

export interface CognitoClientOptions {
  /** e.g. `https://cognito-idp.us-east-1.amazonaws.com/` or `http://127.0.0.1:9229/`. */
  endpoint: string;
  clientId: string;
  /** When set, SECRET_HASH / ClientSecret go along wherever Cognito requires them. */
  clientSecret?: string;
  fetch?: typeof fetch;
  /** Whole-call budget, default 5000 ms. */
  timeoutMs?: number;
  userAgent?: string;
}

export interface CognitoUser {
  username: string;
  attributes: Record<string, string>;
}

export interface SessionClient {
  readonly endpoint: string;
  readonly clientId: string;
  /** Rotation-aware refresh: carries a new RefreshToken when the client rotates them. */
  getTokensFromRefreshToken(input: { refreshToken: string }): Promise<AuthenticationResult>;
  /**
   * InitiateAuth REFRESH_TOKEN_AUTH, the fallback for IdPs without GetTokensFromRefreshToken.
   * With a client secret Cognito wants SECRET_HASH over the user's username (the access
   * token's `username` claim), so `username` is then required.
   */
  refreshTokenAuth(input: { refreshToken: string; username?: string }): Promise<AuthenticationResult>;
  getUser(accessToken: string): Promise<CognitoUser>;
}

export function createSessionClient(options: CognitoClientOptions, call = createTransport(options)): SessionClient {
  const { endpoint, clientId, clientSecret } = options;
  return {
    endpoint,
    clientId,

    async getTokensFromRefreshToken({ refreshToken }) {
      const body = await refreshCall(() =>
        call('GetTokensFromRefreshToken', {
          RefreshToken: refreshToken,
          ClientId: clientId,
          // This operation takes the secret itself, not a SECRET_HASH.
          ...(clientSecret ? { ClientSecret: clientSecret } : {}),
        }),
      );
      return parseAnswer(endpoint, 'GetTokensFromRefreshToken', tokensResponseSchema, body).AuthenticationResult;
    },

    async refreshTokenAuth({ refreshToken, username }) {
      if (clientSecret && !username) {
        throw new ConfigInvalid('REFRESH_TOKEN_AUTH on a client with a secret needs the username for SECRET_HASH');
      }
      const parameters: Record<string, string> = { REFRESH_TOKEN: refreshToken };
      if (clientSecret && username) {
        parameters.SECRET_HASH = await computeSecretHash({ clientSecret, clientId, username });
      }
      const body = await refreshCall(() =>
        call('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: parameters }),
      );
      return parseAnswer(endpoint, 'InitiateAuth', tokensResponseSchema, body).AuthenticationResult;
    },

    async getUser(accessToken) {
      const answer = await call('GetUser', { AccessToken: accessToken });
      const body = parseAnswer(endpoint, 'GetUser', getUserResponseSchema, answer);
      const attributes: Record<string, string> = {};
      for (const { Name, Value } of body.UserAttributes ?? []) attributes[Name] = Value ?? '';
      return { username: body.Username, attributes };
    },
  };
}

async function refreshCall(run: () => ReturnType<CognitoCall>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    throw asRefreshError(error);
  }
}

/** A 2xx without what we read means the IdP is broken, not that the user is. */
export function parseAnswer<T extends StandardSchemaV1>(
  endpoint: string,
  operation: string,
  schema: T,
  body: unknown,
): Output<T> {
  const result = check(schema, body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3);
  const fields = issues.map((issue) => issue.path.join('.') || '(body)');
  // Paths and what was wrong only: values could be tokens and must stay out of logs.
  const described = issues.map((issue, i) => {
    const value = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown>)?.[key], body);
    const what =
      value === undefined || value === null ? 'missing' : issue.code === 'custom' ? issue.message : issue.code;
    return `${fields[i]}: ${what}`;
  });
  throw new CognitoAnswerInvalid(
    operation,
    fields,
    `Cognito at ${endpoint} answered ${operation} with an unexpected body (${described.join('; ')})`,
  );
}
