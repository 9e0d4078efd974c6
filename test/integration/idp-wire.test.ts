/**
 * The wire edges: malformed and oversized requests, unknown targets and clients, CORS, and the
 * fault knobs and counters both in-process and over /_local.
 */
import {
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { closedMidWrite } from '../hostile/support/hostile';

let idp: RunningIdp;
const JSON_TYPE = { 'content-type': 'application/json' };

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
});
afterAll(async () => {
  await idp?.close();
});

function call(target: string, body: string, headers: Record<string, string> = {}) {
  return fetch(idp.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      ...headers,
    },
    body,
  });
}

async function expectError(response: Response, type: string, status = 400, message?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('x-amzn-errortype')).toBe(type);
  const body = (await response.json()) as { __type: string; message: string };
  expect(body.__type).toBe(type);
  if (message) expect(body.message).toMatch(message);
}

describe('bad input answers Cognito errors, never a 5xx', () => {
  it('malformed JSON → SerializationException', async () => {
    await expectError(await call('InitiateAuth', '{"AuthFlow":'), 'SerializationException');
    await expectError(await call('InitiateAuth', '[1,2]'), 'SerializationException');
  });

  it('missing or mistyped parameters → InvalidParameterException naming them', async () => {
    await expectError(
      await call('InitiateAuth', '{"AuthFlow":"USER_PASSWORD_AUTH"}'),
      'InvalidParameterException',
      400,
      /'clientId'/,
    );
    await expectError(
      await call('InitiateAuth', JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 42 })),
      'InvalidParameterException',
      400,
      /'clientId'/,
    );
    await expectError(
      await call(
        'InitiateAuth',
        JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: idp.defaultClientId,
          AuthParameters: { USERNAME: 'demo@example.com' },
        }),
      ),
      'InvalidParameterException',
      400,
      /PASSWORD/,
    );
    await expectError(
      await call('InitiateAuth', JSON.stringify({ AuthFlow: 'CUSTOM_AUTH', ClientId: idp.defaultClientId })),
      'InvalidParameterException',
      400,
      /CUSTOM_AUTH/,
    );
    await expectError(
      await call(
        'RespondToAuthChallenge',
        JSON.stringify({
          ChallengeName: 'PASSWORD_VERIFIER',
          ClientId: idp.defaultClientId,
          ChallengeResponses: { USERNAME: 'x' },
        }),
      ),
      'InvalidParameterException',
      400,
      /PASSWORD_CLAIM_SECRET_BLOCK/,
    );
  });

  it('unknown client → ResourceNotFoundException; unknown target → UnknownOperationException', async () => {
    await expectError(
      await call('InitiateAuth', JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nope' })),
      'ResourceNotFoundException',
    );
    await expectError(await call('DeleteUserPool', '{}'), 'UnknownOperationException');
    await expectError(await fetch(idp.url, { method: 'POST', body: '{}' }), 'UnknownOperationException');
  });

  it('garbage tokens → NotAuthorizedException; a stale SRP block → NotAuthorizedException', async () => {
    await expectError(await call('GetUser', JSON.stringify({ AccessToken: 'not.a.jwt' })), 'NotAuthorizedException');
    await expectError(
      await call(
        'RespondToAuthChallenge',
        JSON.stringify({
          ChallengeName: 'PASSWORD_VERIFIER',
          ClientId: idp.defaultClientId,
          ChallengeResponses: {
            USERNAME: 'demo@example.com',
            PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA',
            TIMESTAMP: 'Tue Mar 5 09:04:07 UTC 2024',
            PASSWORD_CLAIM_SIGNATURE: 'AAAA',
          },
        }),
      ),
      'NotAuthorizedException',
    );
  });

  it('bodies over 1 MB → 413 without taking the server down', async () => {
    const huge = JSON.stringify({ ClientId: 'x'.repeat(1024 * 1024 + 10) });
    // The IdP answers and closes as soon as the cap is crossed; a client still writing the rest
    // may see the socket close (EPIPE/ECONNRESET) before it can read the 413. Either is a refusal;
    // any other failure is not.
    await call('InitiateAuth', huge).then(
      (response) => expectError(response, 'RequestEntityTooLargeException', 413),
      (error: unknown) => expect(closedMidWrite(error), String(error)).toBeDefined(),
    );
    const ok = await call('InitiateAuth', JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nope' }));
    expect(ok.status).toBe(400);
  });
});

describe('CORS for browser clients', () => {
  it('answers preflights and exposes the error type header', async () => {
    const preflight = await fetch(idp.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    const error = await call('DeleteUserPool', '{}', { origin: 'http://localhost:3000' });
    expect(error.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(error.headers.get('access-control-expose-headers')).toContain('x-amzn-errortype');
  });
});

describe('fault knobs and counters', () => {
  it('adds latency, forces 5xx per operation, and counts calls', async () => {
    idp.stats.reset();
    const body = JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nope' });
    idp.faults.setLatency(150);
    const started = Date.now();
    await call('InitiateAuth', body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    idp.faults.failOperation('InitiateAuth', 503);
    await expectError(await call('InitiateAuth', body), 'InternalErrorException', 503);
    await expectError(await call('GetUser', '{"AccessToken":"x"}'), 'NotAuthorizedException');
    idp.faults.failOperation('*');
    await expectError(await call('GetUser', '{"AccessToken":"x"}'), 'InternalErrorException', 500);
    idp.faults.clear();
    await expectError(await call('InitiateAuth', body), 'ResourceNotFoundException');
    expect(idp.stats.count('InitiateAuth')).toBe(3);
    expect(idp.stats.count('GetUser')).toBe(2);
  });

  it('counts unknown targets and paths under one name, so clients cannot grow the counters', async () => {
    idp.stats.reset();
    for (let i = 0; i < 3; i++) await call(`Made-Up-${i}`, '{}');
    await fetch(idp.url, { method: 'POST', body: '{}' });
    await fetch(`${idp.url}/oauth2/madeUp`);
    await fetch(`${idp.url}/oauth2/token`, { method: 'POST' });
    expect(idp.stats.snapshot()).toEqual({ unknown: 4, 'oauth2/token': 1 });
  });

  it('exposes the same knobs over /_local for other processes', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${idp.url}${path}`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
    await fetch(`${idp.url}/_local/stats`, { method: 'DELETE', headers: JSON_TYPE });
    expect(
      await (await post('/_local/faults', { failures: { GetTokensFromRefreshToken: 502 }, latencyMs: 0 })).json(),
    ).toEqual({
      latencyMs: 0,
      failures: { GetTokensFromRefreshToken: 502 },
    });
    await expectError(await call('GetTokensFromRefreshToken', '{}'), 'InternalErrorException', 502);
    expect(await (await fetch(`${idp.url}/_local/stats?op=GetTokensFromRefreshToken`)).json()).toEqual({
      op: 'GetTokensFromRefreshToken',
      count: 1,
    });
    await fetch(`${idp.url}/_local/faults`, { method: 'DELETE', headers: JSON_TYPE });
    expect((await (await fetch(`${idp.url}/_local/faults`)).json()).failures).toEqual({});
    expect((await post('/_local/faults', { latencyMs: -1 })).status).toBe(400);
    // A refused change is refused whole: the valid half of it is not applied either.
    const typo = await post('/_local/faults', { latencyMs: 10, failures: { GetTokensFromRefreshTokens: 503 } });
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { error: string }).error).toContain('GetTokensFromRefreshTokens');
    expect((await post('/_local/faults', { latency: 10 })).status).toBe(400);
    expect(await (await fetch(`${idp.url}/_local/faults`)).json()).toEqual({ latencyMs: 0, failures: {} });
  });

  it('stop() closes the port and start() reopens it with state intact', async () => {
    const sdk = new CognitoIdentityProviderClient({
      endpoint: idp.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const { AuthenticationResult } = await sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: idp.defaultClientId,
          AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!demo' },
        }),
      );
      await idp.stop();
      await expect(fetch(idp.url)).rejects.toThrow();
      await idp.start();
      await expect(
        sdk.send(new GetUserCommand({ AccessToken: AuthenticationResult!.AccessToken })),
      ).resolves.toBeDefined();

      // The same outage, ordered over HTTP by a test in another process.
      await fetch(`${idp.url}/_local/outage`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ ms: 300 }),
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(fetch(idp.url)).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await fetch(idp.url)).status).toBe(200);
    } finally {
      sdk.destroy();
    }
  });
});
