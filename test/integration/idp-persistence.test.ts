/**
 * Refresh-token rotation with a retry grace period (clock injected), and state that survives
 * a restart — including a kill -9 of the CLI in the middle of a session.
 */
import {
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtVerifier } from 'aws-jwt-verify';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { startIdp } from 'next-cognito-session-idp';

const ROTATING = seed.clients[0]!.clientId;
const NON_ROTATING = seed.clients[1]!.clientId;
let dir: string;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idp-state-'));
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sdkFor(url: string) {
  const sdk = new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  cleanups.push(() => sdk.destroy());
  return sdk;
}

async function signIn(sdk: CognitoIdentityProviderClient, clientId: string) {
  const { AuthenticationResult } = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!demo' },
    }),
  );
  return AuthenticationResult!;
}

function refresh(sdk: CognitoIdentityProviderClient, clientId: string, token: string) {
  return sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token }));
}

describe('refresh token rotation with a retry grace period', () => {
  it('accepts the old token inside the grace period and refuses it after', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const idp = await startIdp({
      port: 0,
      log: () => {},
      now: () => clock,
      clients: [{ clientId: ROTATING, refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 2 } }],
    });
    cleanups.push(() => idp.close());
    const sdk = sdkFor(idp.url);
    const r0 = (await signIn(sdk, ROTATING)).RefreshToken!;
    const r1 = (await refresh(sdk, ROTATING, r0)).AuthenticationResult!.RefreshToken!;
    expect(r1).not.toBe(r0);

    clock += 1_000;
    // A retry inside the window gets fresh tokens (and another new refresh token).
    const retry = (await refresh(sdk, ROTATING, r0)).AuthenticationResult!;
    expect(retry.RefreshToken).toBeDefined();
    expect(retry.RefreshToken).not.toBe(r1);

    clock += 1_000;
    await expect(refresh(sdk, ROTATING, r0)).rejects.toMatchObject({ name: 'RefreshTokenReuseException' });
    // The family is not punished: the successor still works.
    await expect(refresh(sdk, ROTATING, r1)).resolves.toBeDefined();
  });

  it('with grace 0 the old token is dead at once; refresh tokens expire on their own', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const idp = await startIdp({
      port: 0,
      log: () => {},
      now: () => clock,
      clients: [
        { clientId: ROTATING, refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 0 } },
        { clientId: NON_ROTATING, refreshTokenValiditySeconds: 60, accessTokenValiditySeconds: 5 },
      ],
    });
    cleanups.push(() => idp.close());
    const sdk = sdkFor(idp.url);
    const r0 = (await signIn(sdk, ROTATING)).RefreshToken!;
    await refresh(sdk, ROTATING, r0);
    await expect(refresh(sdk, ROTATING, r0)).rejects.toMatchObject({ name: 'RefreshTokenReuseException' });

    const plain = await signIn(sdk, NON_ROTATING);
    expect(plain.ExpiresIn).toBe(5);
    clock += 6_000;
    await expect(sdk.send(new GetUserCommand({ AccessToken: plain.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
    clock += 60_000;
    await expect(refresh(sdk, NON_ROTATING, plain.RefreshToken!)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
  });
});

describe('state that survives restarts', () => {
  it('keeps users, families, revocations and keys across close and start', async () => {
    const dataFile = join(dir, 'restart.json');
    const first = await startIdp({ port: 0, dataFile, log: () => {} });
    const port = first.port;
    let sdk = sdkFor(first.url);
    const live = await signIn(sdk, ROTATING);
    const revoked = await signIn(sdk, ROTATING);
    await sdk.send(new RevokeTokenCommand({ ClientId: ROTATING, Token: revoked.RefreshToken }));
    await first.admin.createUser({ username: 'kept@example.com', password: 'Kept-Passw0rd' });
    await first.rotateKeys();
    const afterRotation = await signIn(sdk, NON_ROTATING);
    await first.close();

    // Same port → same local issuer, so pre-restart tokens keep verifying.
    const second = await startIdp({ port, dataFile, log: () => {} });
    cleanups.push(() => second.close());
    sdk = sdkFor(second.url);
    const verifier = JwtVerifier.create({ issuer: second.issuer, audience: null, jwksUri: second.jwksUri });
    verifier.cacheJwks(await (await fetch(second.jwksUri)).json());
    await expect(verifier.verify(live.AccessToken!)).resolves.toBeDefined();
    await expect(verifier.verify(afterRotation.AccessToken!)).resolves.toBeDefined();

    await expect(sdk.send(new GetUserCommand({ AccessToken: live.AccessToken }))).resolves.toBeDefined();
    await expect(refresh(sdk, ROTATING, live.RefreshToken!)).resolves.toBeDefined();
    await expect(refresh(sdk, ROTATING, revoked.RefreshToken!)).rejects.toMatchObject({
      message: 'Refresh Token has been revoked',
    });
    await expect(sdk.send(new GetUserCommand({ AccessToken: revoked.AccessToken }))).rejects.toMatchObject({
      message: 'Access Token has been revoked',
    });
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: ROTATING,
          AuthParameters: { USERNAME: 'kept@example.com', PASSWORD: 'Kept-Passw0rd' },
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('survives kill -9 of the CLI right after a rotation', async () => {
    const dataFile = join(dir, 'killed.json');
    const port = await freePort();
    let child = await runCli(port, dataFile);
    let sdk = sdkFor(`http://127.0.0.1:${port}`);
    const r0 = (await signIn(sdk, ROTATING)).RefreshToken!;
    const r1 = (await refresh(sdk, ROTATING, r0)).AuthenticationResult!.RefreshToken!;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    child = await runCli(port, dataFile);
    sdk = sdkFor(`http://127.0.0.1:${port}`);
    // The rotation answered before the kill is on disk: r1 is valid, r0 is superseded.
    const r2 = (await refresh(sdk, ROTATING, r1)).AuthenticationResult!;
    expect(r2.RefreshToken).toBeDefined();
  }, 60_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `tsx packages/idp/src/cli.ts` and resolves once it prints its banner. */
async function runCli(port: number, dataFile: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/idp/src/cli.ts', '--port', String(port), '--data', dataFile],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}:\n${output}`));
    });
  });
  return child;
}
