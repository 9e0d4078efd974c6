/**
 * Who may drive the local IdP. A web page the developer visits can reach 127.0.0.1 too: it must
 * not be able to run admin operations (change a password, create an admin) or work the /_local
 * knobs (close the port, park every request), while Amplify in a page keeps its open CORS for the
 * public operations. Admin operations need a SigV4 signature by the IdP's admin key pair —
 * checked as AWS checks it, so the real AWS SDK with that pair works and nothing else does. And
 * no client-chosen Host header decides where the hosted UI sends a browser.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { request as httpRequest } from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type AdminCredentials, type RunningIdp } from 'next-cognito-session-idp';

const EVIL = 'https://evil.example';
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
let idp: RunningIdp;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
});
afterAll(async () => {
  await idp?.close();
});

/** A CORS request's actual POST, as a page's fetch sends it once the preflight has passed. */
function pageCall(op: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(idp.url, {
    method: 'POST',
    headers: {
      origin: EVIL,
      'sec-fetch-site': 'cross-site',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `${TARGET_PREFIX}${op}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

function sdk(
  credentials: AdminCredentials,
  options: { headers?: Record<string, string>; systemClockOffset?: number } = {},
): CognitoIdentityProviderClient {
  const client = new CognitoIdentityProviderClient({
    endpoint: idp.url,
    region: idp.region,
    credentials,
    maxAttempts: 1,
    ...(options.systemClockOffset !== undefined && { systemClockOffset: options.systemClockOffset }),
  });
  const { headers } = options;
  if (headers) {
    // At the build step, before signing: the extra headers are signed like every other one.
    client.middlewareStack.add(
      (next) => async (args) => {
        Object.assign((args.request as { headers: Record<string, string> }).headers, headers);
        return next(args);
      },
      { step: 'build' },
    );
  }
  return client;
}

async function signsIn(username: string, password: string): Promise<boolean> {
  const client = sdk(idp.adminCredentials);
  try {
    await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: idp.defaultClientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    return true;
  } catch (error) {
    expect(error).toMatchObject({ name: 'NotAuthorizedException' });
    return false;
  } finally {
    client.destroy();
  }
}

async function newUser(name: string) {
  const username = `${name}@example.com`;
  await idp.admin.createUser({ username, password: 'Original-Passw0rd' });
  return { username, password: 'Original-Passw0rd' };
}

async function expectAwsError(response: Response, type: string, status = 400) {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { __type: string }).__type).toBe(type);
}

describe('admin operations from a web page', () => {
  it('evil-origin AdminSetUserPassword without credentials is refused; the old password still signs in', async () => {
    const admin = await newUser('victim-admin');
    const response = await pageCall('AdminSetUserPassword', {
      UserPoolId: idp.poolId,
      Username: admin.username,
      Password: 'Attacker-Passw0rd',
      Permanent: true,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    // No CORS grant either: the page cannot even read the refusal.
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await signsIn(admin.username, 'Attacker-Passw0rd')).toBe(false);
    expect(await signsIn(admin.username, admin.password)).toBe(true);
  });

  it('evil-origin AdminCreateUser and AdminAddUserToGroup ADMINS are refused; nobody is created or promoted', async () => {
    const created = await pageCall('AdminCreateUser', {
      UserPoolId: idp.poolId,
      Username: 'mallory@example.com',
      TemporaryPassword: 'Mallory-Passw0rd',
    });
    expect(created.status).toBeGreaterThanOrEqual(400);
    expect(await signsIn('mallory@example.com', 'Mallory-Passw0rd')).toBe(false);

    const promoted = await pageCall('AdminAddUserToGroup', {
      UserPoolId: idp.poolId,
      Username: 'demo@example.com',
      GroupName: 'ADMINS',
    });
    expect(promoted.status).toBeGreaterThanOrEqual(400);
    const client = sdk(idp.adminCredentials);
    const { AuthenticationResult } = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: idp.defaultClientId,
        AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!demo' },
      }),
    );
    client.destroy();
    expect(decodeJwt(AuthenticationResult!.AccessToken!)['cognito:groups']).toBeUndefined();
  });

  it('a page signing with the published default key pair is still refused, cross-site or same-site', async () => {
    const target = await newUser('signed-by-page');
    const pages: Record<string, string>[] = [{ origin: EVIL }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }];
    for (const headers of pages) {
      const page = sdk(idp.adminCredentials, { headers });
      await expect(
        page.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: idp.poolId,
            Username: target.username,
            Password: 'Attacker-Passw0rd',
            Permanent: true,
          }),
        ),
        JSON.stringify(headers),
      ).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      page.destroy();
    }
    expect(await signsIn(target.username, target.password)).toBe(true);
  });

  it('public user-pool operations keep open CORS for browser apps (Amplify)', async () => {
    const response = await pageCall('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: idp.defaultClientId,
      AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!demo' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(EVIL);
  });
});

describe('admin operations need the admin key pair, signed as AWS signs', () => {
  it('the AWS SDK with the admin key pair creates, promotes and sets passwords', async () => {
    const admin = sdk(idp.adminCredentials);
    try {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: idp.poolId,
          Username: 'ops@example.com',
          TemporaryPassword: 'Ops-Temp-Passw0rd',
        }),
      );
      await admin.send(
        new AdminAddUserToGroupCommand({ UserPoolId: idp.poolId, Username: 'ops@example.com', GroupName: 'ADMINS' }),
      );
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: idp.poolId,
          Username: 'ops@example.com',
          Password: 'Ops-Passw0rd',
          Permanent: true,
        }),
      );
    } finally {
      admin.destroy();
    }
    expect(await signsIn('ops@example.com', 'Ops-Passw0rd')).toBe(true);
  });

  it('a wrong secret is InvalidSignatureException, an unknown key UnrecognizedClientException; nothing changes', async () => {
    const target = await newUser('wrong-secret');
    const attempts = [
      {
        credentials: { ...idp.adminCredentials, secretAccessKey: 'guessed-secret-guessed' },
        error: 'InvalidSignatureException',
      },
      {
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: idp.adminCredentials.secretAccessKey },
        error: 'UnrecognizedClientException',
      },
    ];
    for (const { credentials, error } of attempts) {
      const client = sdk(credentials);
      await expect(
        client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: idp.poolId,
            Username: target.username,
            Password: 'Attacker-Passw0rd',
            Permanent: true,
          }),
        ),
      ).rejects.toMatchObject({ name: error });
      client.destroy();
    }
    expect(await signsIn(target.username, target.password)).toBe(true);
  });

  it('a replayed request signed 20 minutes ago is refused: Signature expired', async () => {
    const target = await newUser('replayed');
    const stale = sdk(idp.adminCredentials, { systemClockOffset: -20 * 60 * 1000 });
    await expect(
      stale.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: idp.poolId,
          Username: target.username,
          Password: 'Attacker-Passw0rd',
          Permanent: true,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired/),
    });
    stale.destroy();
    expect(await signsIn(target.username, target.password)).toBe(true);
  });

  it('no Authorization header at all is MissingAuthenticationTokenException, from a program too', async () => {
    const response = await fetch(idp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}CreateGroup` },
      body: JSON.stringify({ UserPoolId: idp.poolId, GroupName: 'ROGUE' }),
    });
    await expectAwsError(response, 'MissingAuthenticationTokenException');
  });
});

describe('hosted UI redirects', () => {
  it('/logout with a spoofed Host header redirects to the IdP itself, never the spoofed host', async () => {
    const query = new URLSearchParams({
      client_id: idp.defaultClientId,
      redirect_uri: 'http://localhost:3000/api/auth/sign-in-callback',
      response_type: 'code',
      scope: 'openid',
    });
    const location = await new Promise<string | undefined>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: idp.port, path: `/logout?${query}`, headers: { host: 'evil.example' } },
        (response) => {
          response.resume();
          resolve(response.headers.location);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(location).toBeDefined();
    expect(new URL(location!).origin).toBe(idp.url);
    expect(location!.startsWith(`${idp.url}/oauth2/authorize?`)).toBe(true);
  });
});

describe('/_local knobs from a web page', () => {
  const local = (path: string, init: RequestInit) => fetch(`${idp.url}/_local/${path}`, { method: 'POST', ...init });

  it('a text/plain /_local/outage (a cross-site form post, no preflight) is refused and the port still answers', async () => {
    const forms: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'text/plain', origin: EVIL },
    ];
    for (const headers of forms) {
      const response = await local('outage', { headers, body: JSON.stringify({ ms: 60_000 }) });
      expect(response.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(idp.url)).status).toBe(200);
  });

  it('a page origin is refused even with application/json; no knob changes', async () => {
    const pages: Record<string, string>[] = [{ origin: EVIL }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of pages) {
      const response = await local('faults', {
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ failures: { '*': 503 } }),
      });
      expect(response.status).toBe(403);
    }
    expect(idp.faults.snapshot()).toEqual({ latencyMs: 0, failures: {} });
  });

  it('latencyMs 2000000000 is a 400 with the bound named, in-process too; latency stays 0', async () => {
    const response = await local('faults', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 2_000_000_000 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/60000/);
    expect(() => idp.faults.setLatency(2_000_000_000)).toThrow(RangeError);
    const outage = await local('outage', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 2_000_000_000 }),
    });
    expect(outage.status).toBe(400);
    expect(idp.faults.snapshot().latencyMs).toBe(0);
  });
});
