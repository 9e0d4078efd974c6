import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CognitoAnswerInvalid, createCognitoClient, isOperationUnsupported } from './client.js';
import {
  cognitoError,
  type ScriptedAnswer,
  type ScriptedCognito,
  type ScriptedRequest,
  startScriptedCognito,
  TOKENS,
} from '../../test/support/scripted-cognito.js';
import { ConfigInvalid, IdpRejected, IdpUnavailable, RefreshTokenReuse, RefreshTokenRevoked } from '../errors.js';

const clientId = 'client-abc';
let server: ScriptedCognito | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(
  answer: (request: ScriptedRequest) => ScriptedAnswer,
  extra: { clientSecret?: string; timeoutMs?: number } = {},
) {
  server = await startScriptedCognito(answer);
  return { cognito: createCognitoClient({ endpoint: server.url, clientId, ...extra }), server };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('successful calls', () => {
  it('InitiateAuth sends the Cognito JSON wire format and returns the raw answer', async () => {
    const { cognito, server } = await clientFor(() => ({ json: { AuthenticationResult: TOKENS } }));
    const answer = await cognito.initiateAuth('USER_PASSWORD_AUTH', { USERNAME: 'ann', PASSWORD: 'pw' });
    expect(answer.AuthenticationResult?.AccessToken).toBe('access.jwt.value');
    const [request] = server.requests;
    expect(request?.operation).toBe('InitiateAuth');
    expect(request?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request?.body).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'ann', PASSWORD: 'pw' },
    });
  });

  it('GetTokensFromRefreshToken returns the rotated refresh token', async () => {
    const { cognito, server } = await clientFor(() => ({
      json: { AuthenticationResult: { ...TOKENS, RefreshToken: 'next-refresh' } },
    }));
    const tokens = await cognito.getTokensFromRefreshToken({ refreshToken: 'old-refresh' });
    expect(tokens.RefreshToken).toBe('next-refresh');
    expect(server.requests[0]?.body).toEqual({ RefreshToken: 'old-refresh', ClientId: clientId });
  });

  it('REFRESH_TOKEN_AUTH returns tokens without a refresh token', async () => {
    const { cognito, server } = await clientFor(() => ({ json: { AuthenticationResult: TOKENS } }));
    const tokens = await cognito.refreshTokenAuth({ refreshToken: 'r' });
    expect(tokens.RefreshToken).toBeUndefined();
    expect(server.requests[0]?.body).toMatchObject({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'r' },
    });
  });

  it('GetUser flattens attributes; RevokeToken and GlobalSignOut accept empty bodies', async () => {
    const { cognito, server } = await clientFor((request) =>
      request.operation === 'GetUser'
        ? {
            json: {
              Username: 'uuid-1',
              UserAttributes: [
                { Name: 'email', Value: 'ann@example.com' },
                { Name: 'custom:tier', Value: 'gold' },
              ],
            },
          }
        : { json: request.operation === 'RevokeToken' ? {} : undefined },
    );
    await expect(cognito.getUser('at')).resolves.toEqual({
      username: 'uuid-1',
      attributes: { email: 'ann@example.com', 'custom:tier': 'gold' },
    });
    await expect(cognito.revokeToken('rt')).resolves.toBeUndefined();
    await expect(cognito.globalSignOut('at')).resolves.toBeUndefined();
    expect(server.requests.map((r) => r.body)).toEqual([
      { AccessToken: 'at' },
      { Token: 'rt', ClientId: clientId },
      { AccessToken: 'at' },
    ]);
  });
});

describe('outages are IdpUnavailable', () => {
  it('a server that never answers fails within timeoutMs', async () => {
    const { cognito, server } = await clientFor(() => 'hang', { timeoutMs: 300 });
    const started = Date.now();
    const error = await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }));
    expect(error).toBeInstanceOf(IdpUnavailable);
    expect((error as Error).message).toBe(
      `Cognito at ${server.url} did not answer GetTokensFromRefreshToken within 300 ms`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a closed port', async () => {
    const port = await freePort();
    const cognito = createCognitoClient({ endpoint: `http://127.0.0.1:${port}/`, clientId });
    const error = await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }));
    expect(error).toBeInstanceOf(IdpUnavailable);
    expect((error as Error).message).toMatch(/could not be reached for GetTokensFromRefreshToken.*ECONNREFUSED/);
  });

  it.each<[string, ScriptedAnswer]>([
    ['HTTP 500', { status: 500, text: 'boom' }],
    ['HTTP 503 InternalErrorException', cognitoError('InternalErrorException', 'oops', 503)],
    ['HTTP 429', { status: 429, text: '' }],
    ['TooManyRequestsException as 400', cognitoError('TooManyRequestsException', 'slow down')],
    ['an unparseable 400 body', { status: 400, text: '<html>bad gateway</html>' }],
    ['a 2xx that is not JSON', { status: 200, text: 'not json' }],
    ['a 2xx with the wrong shape', { json: { AuthenticationResult: { AccessToken: 1 } } }],
    ['a redirect', { status: 302, headers: { location: 'http://elsewhere/' } }],
  ])('%s — even on a refresh call, so nobody is signed out', async (_label, reply) => {
    const { cognito } = await clientFor(() => reply);
    const error = await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }));
    expect(error).toBeInstanceOf(IdpUnavailable);
    expect((error as Error).message).toContain(server!.url);
  });

  it('never puts token values into messages of schema failures', async () => {
    const { cognito } = await clientFor(() => ({
      json: { AuthenticationResult: { ...TOKENS, IdToken: ['secret-looking-value'] } },
    }));
    const error = await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }));
    expect((error as Error).message).not.toContain('secret-looking-value');
    expect((error as Error).message).toContain('AuthenticationResult.IdToken: invalid_type');
  });
});

describe('answers are read for the fields the adapter uses, and only those', () => {
  const tokensOnly = { AccessToken: TOKENS.AccessToken, IdToken: TOKENS.IdToken };

  it.each<[string, Record<string, unknown>]>([
    // cognito-local 5.3's REFRESH_TOKEN_AUTH: ExpiresIn and TokenType are undefined, so left out of its JSON.
    ['tokens alone', tokensOnly],
    ['another TokenType and a string ExpiresIn', { ...TOKENS, TokenType: 'bearer', ExpiresIn: '3600' }],
    ['NewDeviceMetadata and fields Cognito may add', { ...TOKENS, NewDeviceMetadata: { DeviceKey: 'k' }, Later: 1 }],
    ['null for absent optionals, as SDK-model serialisers write them', { ...TOKENS, RefreshToken: null }],
  ])('%s never fail a refresh', async (_label, result) => {
    const { cognito } = await clientFor(() => ({ json: { AuthenticationResult: result, ChallengeParameters: null } }));
    await expect(cognito.refreshTokenAuth({ refreshToken: 'r' })).resolves.toEqual(tokensOnly);
    await expect(cognito.getTokensFromRefreshToken({ refreshToken: 'r' })).resolves.toEqual(tokensOnly);
  });

  it('a sign-in answer with null Session and ChallengeName is tokens, as when they are absent', async () => {
    const { cognito } = await clientFor(() => ({
      json: { AuthenticationResult: TOKENS, ChallengeName: null, ChallengeParameters: null, Session: null },
    }));
    const answer = await cognito.initiateAuth('USER_PASSWORD_AUTH', { USERNAME: 'ann', PASSWORD: 'pw' });
    expect(answer).toEqual({ AuthenticationResult: tokensOnly });
  });

  it.each([
    ['AuthenticationResult.AccessToken', { AuthenticationResult: { IdToken: TOKENS.IdToken } }],
    ['AuthenticationResult.IdToken', { AuthenticationResult: { AccessToken: TOKENS.AccessToken, IdToken: null } }],
    ['AuthenticationResult', { ChallengeParameters: {} }],
  ])('a missing %s is CognitoAnswerInvalid naming it, an outage that keeps cookies', async (field, json) => {
    const { cognito } = await clientFor(() => ({ json }));
    const error = await rejection(cognito.refreshTokenAuth({ refreshToken: 'r' }));
    expect(error).toBeInstanceOf(CognitoAnswerInvalid);
    expect(error).toBeInstanceOf(IdpUnavailable);
    expect(error).toMatchObject({ code: 'IdpUnavailable', operation: 'InitiateAuth', fields: [field] });
    expect((error as Error).message).toContain(`(${field}: missing)`);
  });
});

describe('verdicts', () => {
  it('NotAuthorizedException on refresh ends the session', async () => {
    const { cognito } = await clientFor(() => cognitoError('NotAuthorizedException', 'Refresh Token has been revoked'));
    expect(await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }))).toBeInstanceOf(
      RefreshTokenRevoked,
    );
    expect(await rejection(cognito.refreshTokenAuth({ refreshToken: 'r' }))).toBeInstanceOf(RefreshTokenRevoked);
  });

  it('RefreshTokenReuseException is RefreshTokenReuse', async () => {
    const { cognito } = await clientFor(() => cognitoError('RefreshTokenReuseException', 'reused'));
    expect(await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }))).toBeInstanceOf(RefreshTokenReuse);
  });

  it('a wrong client secret is a misconfiguration, not a revoked token', async () => {
    const { cognito } = await clientFor(() =>
      cognitoError(
        'NotAuthorizedException',
        'Client client-abc is configured with secret but ClientSecret was not received',
      ),
    );
    const error = await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }));
    expect(error).toBeInstanceOf(IdpRejected);
    expect(error).not.toBeInstanceOf(RefreshTokenRevoked);
  });

  it('other 4xx are IdpRejected with the Cognito type, namespaced or from the header', async () => {
    const { cognito } = await clientFor((request) =>
      request.body.AuthFlow === 'USER_PASSWORD_AUTH'
        ? cognitoError('com.amazonaws.cognito#NotAuthorizedException', 'Incorrect username or password.')
        : {
            status: 400,
            text: '',
            headers: { 'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/' },
          },
    );
    const wrongPassword = await rejection(cognito.initiateAuth('USER_PASSWORD_AUTH', { USERNAME: 'a', PASSWORD: 'b' }));
    expect(wrongPassword).toBeInstanceOf(IdpRejected);
    expect(wrongPassword).toMatchObject({
      cognitoType: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const wrongClient = await rejection(cognito.initiateAuth('USER_SRP_AUTH', { USERNAME: 'a', SRP_A: '01' }));
    expect(wrongClient).toMatchObject({ cognitoType: 'ResourceNotFoundException' });
  });
});

describe('operations the IdP does not implement', () => {
  it.each<[string, ScriptedAnswer]>([
    ['UnknownOperationException', cognitoError('UnknownOperationException', '')],
    [
      'InvalidParameterException naming the operation',
      cognitoError('InvalidParameterException', 'Unsupported target GetTokensFromRefreshToken'),
    ],
    ['cognito-local style 500', cognitoError('CognitoLocal#Unsupported', 'Cognito Local unsupported feature', 500)],
    ['HTTP 404', { status: 404, text: 'Not Found' }],
  ])('%s is flagged so refresh can fall back', async (_label, reply) => {
    const { cognito } = await clientFor(() => reply);
    const error = await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }));
    expect(isOperationUnsupported(error)).toBe(true);
    expect(error).toBeInstanceOf(IdpRejected);
  });

  it.each(['RefreshToken is required', 'GetTokensFromRefreshToken: RefreshToken is required'])(
    'an InvalidParameterException that is about the input (%s) is not',
    async (message) => {
      const { cognito } = await clientFor(() => cognitoError('InvalidParameterException', message));
      const error = await rejection(cognito.getTokensFromRefreshToken({ refreshToken: 'r' }));
      expect(isOperationUnsupported(error)).toBe(false);
      expect(error).toBeInstanceOf(IdpRejected);
    },
  );
});

describe('client secret', () => {
  const clientSecret = 's3cr3t';
  const expectedHash = (username: string) =>
    createHmac('sha256', clientSecret)
      .update(username + clientId)
      .digest('base64');

  it('adds SECRET_HASH over USERNAME + clientId to InitiateAuth and challenge responses', async () => {
    const { cognito, server } = await clientFor(() => ({ json: { AuthenticationResult: TOKENS } }), { clientSecret });
    await cognito.initiateAuth('USER_PASSWORD_AUTH', { USERNAME: 'ann@example.com', PASSWORD: 'pw' });
    await cognito.respondToAuthChallenge({
      challengeName: 'NEW_PASSWORD_REQUIRED',
      session: 'sess',
      responses: { USERNAME: 'uuid-1', NEW_PASSWORD: 'n' },
    });
    expect(server.requests[0]?.body.AuthParameters).toMatchObject({ SECRET_HASH: expectedHash('ann@example.com') });
    expect(server.requests[1]?.body).toMatchObject({
      Session: 'sess',
      ChallengeResponses: { SECRET_HASH: expectedHash('uuid-1') },
    });
  });

  it('sends ClientSecret itself to GetTokensFromRefreshToken and RevokeToken', async () => {
    const { cognito, server } = await clientFor(
      (request) => (request.operation === 'RevokeToken' ? { json: {} } : { json: { AuthenticationResult: TOKENS } }),
      { clientSecret },
    );
    await cognito.getTokensFromRefreshToken({ refreshToken: 'r' });
    await cognito.revokeToken('r');
    expect(server.requests.map((r) => r.body.ClientSecret)).toEqual([clientSecret, clientSecret]);
  });

  it('REFRESH_TOKEN_AUTH hashes the given username and refuses to guess one', async () => {
    const { cognito, server } = await clientFor(() => ({ json: { AuthenticationResult: TOKENS } }), { clientSecret });
    await cognito.refreshTokenAuth({ refreshToken: 'r', username: 'uuid-1' });
    expect(server.requests[0]?.body.AuthParameters).toEqual({
      REFRESH_TOKEN: 'r',
      SECRET_HASH: expectedHash('uuid-1'),
    });
    expect(await rejection(cognito.refreshTokenAuth({ refreshToken: 'r' }))).toBeInstanceOf(ConfigInvalid);
  });
});

/** A port that was free a moment ago and has nothing listening now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
