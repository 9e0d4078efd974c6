/**
 * The adapter's Cognito user-pool client: plain `fetch`, no aws-sdk, so it runs in middleware
 * (edge) as well as in route handlers. Errors are typed (see call-errors.ts): outages are
 * `IdpUnavailable`, verdicts on a refresh token are `RefreshTokenRevoked` / `RefreshTokenReuse`,
 * other refusals `IdpRejected`.
 *
 * @example
 *   const cognito = createCognitoClient({ endpoint: 'http://127.0.0.1:9229/', clientId });
 *   const tokens = await cognito.getTokensFromRefreshToken({ refreshToken });
 */
import type * as z from 'zod/mini';
import { check } from '../schema.js';
import { asRefreshError, CognitoAnswerInvalid } from './call-errors.js';
import {
  type AuthFlowResponse,
  authFlowResponseSchema,
  getUserResponseSchema,
  tokensResponseSchema,
} from './client-responses.js';
import type { AuthenticationResult } from './protocol.js';
import { computeSecretHash } from './secret-hash.js';
import { type CognitoCall, createTransport } from './transport.js';
import { ConfigInvalid } from '../errors.js';

export { isOperationUnsupported, CognitoAnswerInvalid, CognitoOperationUnsupported } from './call-errors.js';
export type { AuthFlowResponse } from './client-responses.js';

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

export type AuthFlow =
  'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' | 'CUSTOM_AUTH' | (string & {});

export interface CognitoUser {
  username: string;
  attributes: Record<string, string>;
}

export interface CognitoClient {
  readonly endpoint: string;
  readonly clientId: string;
  /** Raw InitiateAuth; SECRET_HASH is added from `USERNAME` when the client has a secret. */
  initiateAuth(
    flow: AuthFlow,
    parameters: Record<string, string>,
    options?: { clientMetadata?: Record<string, string> },
  ): Promise<AuthFlowResponse>;
  /** Raw RespondToAuthChallenge; SECRET_HASH is added from `responses.USERNAME`. */
  respondToAuthChallenge(input: {
    challengeName: string;
    responses: Record<string, string>;
    session?: string;
    clientMetadata?: Record<string, string>;
  }): Promise<AuthFlowResponse>;
  /** Rotation-aware refresh: carries a new RefreshToken when the client rotates them. */
  getTokensFromRefreshToken(input: { refreshToken: string }): Promise<AuthenticationResult>;
  /**
   * InitiateAuth REFRESH_TOKEN_AUTH, the fallback for IdPs without GetTokensFromRefreshToken.
   * With a client secret Cognito wants SECRET_HASH over the user's username (the access
   * token's `username` claim), so `username` is then required.
   */
  refreshTokenAuth(input: { refreshToken: string; username?: string }): Promise<AuthenticationResult>;
  revokeToken(refreshToken: string): Promise<void>;
  globalSignOut(accessToken: string): Promise<void>;
  getUser(accessToken: string): Promise<CognitoUser>;
}

export function createCognitoClient(options: CognitoClientOptions): CognitoClient {
  const call = createTransport(options);
  const { endpoint, clientId, clientSecret } = options;

  const withSecretHash = async (values: Record<string, string>): Promise<Record<string, string>> => {
    if (!clientSecret || values.SECRET_HASH !== undefined || values.USERNAME === undefined) return values;
    const hash = await computeSecretHash({ clientSecret, clientId, username: values.USERNAME });
    return { ...values, SECRET_HASH: hash };
  };
  const parsed = <T extends z.core.$ZodType>(schema: T, operation: string, body: unknown): z.output<T> =>
    parseAnswer(endpoint, operation, schema, body);

  return {
    endpoint,
    clientId,

    async initiateAuth(flow, parameters, opts) {
      const body = await call('InitiateAuth', {
        AuthFlow: flow,
        ClientId: clientId,
        AuthParameters: await withSecretHash(parameters),
        ...(opts?.clientMetadata ? { ClientMetadata: opts.clientMetadata } : {}),
      });
      return parsed(authFlowResponseSchema, 'InitiateAuth', body);
    },

    async respondToAuthChallenge(input) {
      const body = await call('RespondToAuthChallenge', {
        ChallengeName: input.challengeName,
        ClientId: clientId,
        ChallengeResponses: await withSecretHash(input.responses),
        ...(input.session !== undefined ? { Session: input.session } : {}),
        ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
      });
      return parsed(authFlowResponseSchema, 'RespondToAuthChallenge', body);
    },

    async getTokensFromRefreshToken({ refreshToken }) {
      const body = await refreshCall(() =>
        call('GetTokensFromRefreshToken', {
          RefreshToken: refreshToken,
          ClientId: clientId,
          // This operation takes the secret itself, not a SECRET_HASH.
          ...(clientSecret ? { ClientSecret: clientSecret } : {}),
        }),
      );
      return parsed(tokensResponseSchema, 'GetTokensFromRefreshToken', body).AuthenticationResult;
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
      return parsed(tokensResponseSchema, 'InitiateAuth', body).AuthenticationResult;
    },

    async revokeToken(refreshToken) {
      await call('RevokeToken', {
        Token: refreshToken,
        ClientId: clientId,
        ...(clientSecret ? { ClientSecret: clientSecret } : {}),
      });
    },

    async globalSignOut(accessToken) {
      await call('GlobalSignOut', { AccessToken: accessToken });
    },

    async getUser(accessToken) {
      const body = parsed(getUserResponseSchema, 'GetUser', await call('GetUser', { AccessToken: accessToken }));
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
export function parseAnswer<T extends z.core.$ZodType>(
  endpoint: string,
  operation: string,
  schema: T,
  body: unknown,
): z.output<T> {
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
