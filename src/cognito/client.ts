/**
 * The adapter's Cognito user-pool client: plain `fetch`, no aws-sdk, so it runs in middleware
 * (edge) as well as in route handlers. Errors are typed (see call-errors.ts): outages are
 * `IdpUnavailable`, verdicts on a refresh token are `RefreshTokenRevoked` / `RefreshTokenReuse`,
 * other refusals `IdpRejected`. The session half (refresh, GetUser) is session-client.ts; this
 * adds the sign-in and sign-out operations, which only route handlers call.
 *
 * @example
 *   const cognito = createCognitoClient({ endpoint: 'http://127.0.0.1:9229/', clientId });
 *   const started = await cognito.initiateAuth('USER_SRP_AUTH', { USERNAME, SRP_A });
 */
import { type AuthFlowResponse, authFlowResponseSchema } from './client-responses.js';
import { computeSecretHash } from './secret-hash.js';
import { createSessionClient, parseAnswer, type CognitoClientOptions, type SessionClient } from './session-client.js';
import { createTransport } from './transport.js';

export { isOperationUnsupported, CognitoAnswerInvalid, CognitoOperationUnsupported } from './call-errors.js';
export type { AuthFlowResponse } from './client-responses.js';
export type { CognitoClientOptions, CognitoUser, SessionClient } from './session-client.js';

export type AuthFlow =
  'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' | 'CUSTOM_AUTH' | (string & {});

export interface CognitoClient extends SessionClient {
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
  revokeToken(refreshToken: string): Promise<void>;
  globalSignOut(accessToken: string): Promise<void>;
}

export function createCognitoClient(options: CognitoClientOptions): CognitoClient {
  const call = createTransport(options);
  const { endpoint, clientId, clientSecret } = options;

  const withSecretHash = async (values: Record<string, string>): Promise<Record<string, string>> => {
    if (!clientSecret || values.SECRET_HASH !== undefined || values.USERNAME === undefined) return values;
    const hash = await computeSecretHash({ clientSecret, clientId, username: values.USERNAME });
    return { ...values, SECRET_HASH: hash };
  };

  return {
    ...createSessionClient(options, call),

    async initiateAuth(flow, parameters, opts) {
      const body = await call('InitiateAuth', {
        AuthFlow: flow,
        ClientId: clientId,
        AuthParameters: await withSecretHash(parameters),
        ...(opts?.clientMetadata ? { ClientMetadata: opts.clientMetadata } : {}),
      });
      return parseAnswer(endpoint, 'InitiateAuth', authFlowResponseSchema, body);
    },

    async respondToAuthChallenge(input) {
      const body = await call('RespondToAuthChallenge', {
        ChallengeName: input.challengeName,
        ClientId: clientId,
        ChallengeResponses: await withSecretHash(input.responses),
        ...(input.session !== undefined ? { Session: input.session } : {}),
        ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
      });
      return parseAnswer(endpoint, 'RespondToAuthChallenge', authFlowResponseSchema, body);
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
  };
}
