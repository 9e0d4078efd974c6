/**
 * The adapter's Cognito client against the real local IdP over HTTP: SRP sign-in as Amplify
 * does it, refresh with rotation, revocation, and an IdP that goes away.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoClient, isOperationUnsupported } from '../../src/cognito/client';
import { signInWithSrp } from '../../src/cognito/sign-in';
import { IdpRejected, IdpUnavailable, RefreshTokenRevoked } from '../../src/errors';
import { startIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';

const demo = seed.users.find((user) => user.username === 'demo@example.com');
if (!demo) throw new Error('demo user missing from demo-seed.json');
const nonRotatingClientId = seed.clients.find((client) => client.name === 'non-rotating')?.clientId;

let idp: Awaited<ReturnType<typeof startIdp>>;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
});

afterEach(() => {
  idp.faults.clear();
});

afterAll(async () => {
  await idp?.close();
});

function client(clientId = idp.defaultClientId, timeoutMs = 5000) {
  return createCognitoClient({ endpoint: idp.url, clientId, timeoutMs });
}

async function signIn(clientId?: string) {
  const result = await signInWithSrp(client(clientId), {
    userPoolId: idp.poolId,
    username: demo!.username,
    password: demo!.password,
  });
  if (result.kind !== 'signedIn') throw new Error(`unexpected challenge ${result.name}`);
  return result;
}

describe('cognito client against the local IdP', () => {
  it('signs in with SRP and reads the user', async () => {
    const result = await signIn();
    expect(result.tokens.RefreshToken).toBeTruthy();
    expect(result.tokens.IdToken).toBeTruthy();
    const user = await client().getUser(result.tokens.AccessToken);
    expect(user.attributes.email).toBe('demo@example.com');
  });

  it('rejects a wrong password as IdpRejected NotAuthorizedException', async () => {
    const error = await signInWithSrp(client(), {
      userPoolId: idp.poolId,
      username: demo!.username,
      password: `${demo!.password}-wrong`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpRejected);
    expect(error).toMatchObject({ cognitoType: 'NotAuthorizedException' });
  });

  it('refreshes with GetTokensFromRefreshToken, then a revoked token ends the session', async () => {
    const { tokens } = await signIn();
    const refreshed = await client().getTokensFromRefreshToken({ refreshToken: tokens.RefreshToken! });
    expect(refreshed.AccessToken).not.toBe(tokens.AccessToken);
    const current = refreshed.RefreshToken ?? tokens.RefreshToken!;

    await client().revokeToken(current);
    await expect(client().getTokensFromRefreshToken({ refreshToken: current })).rejects.toBeInstanceOf(
      RefreshTokenRevoked,
    );
  });

  it.runIf(nonRotatingClientId)('refreshes with REFRESH_TOKEN_AUTH on a non-rotating client', async () => {
    const { tokens } = await signIn(nonRotatingClientId);
    const refreshed = await client(nonRotatingClientId).refreshTokenAuth({ refreshToken: tokens.RefreshToken! });
    expect(refreshed.RefreshToken).toBeUndefined();
    expect(refreshed.IdToken).toBeTruthy();
  });

  it('an operation the IdP does not know is not an outage', async () => {
    const error = await client()
      .initiateAuth('NO_SUCH_FLOW', { USERNAME: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpRejected);
    expect(isOperationUnsupported(error)).toBe(false);
  });

  it('an outage is IdpUnavailable and the session survives it', async () => {
    const { tokens } = await signIn();
    const refreshToken = tokens.RefreshToken!;

    await idp.stop();
    try {
      const closed = await client()
        .getTokensFromRefreshToken({ refreshToken })
        .catch((e: unknown) => e);
      expect(closed).toBeInstanceOf(IdpUnavailable);
    } finally {
      await idp.start();
    }

    idp.faults.failOperation('GetTokensFromRefreshToken', 500);
    await expect(client().getTokensFromRefreshToken({ refreshToken })).rejects.toBeInstanceOf(IdpUnavailable);
    idp.faults.clear();

    idp.faults.setLatency(1000);
    const slow = await client(idp.defaultClientId, 200)
      .getTokensFromRefreshToken({ refreshToken })
      .catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(IdpUnavailable);
    expect((slow as Error).message).toContain('within 200 ms');
    idp.faults.clear();
    // The abandoned call still completes on the IdP (and may rotate the token; the old one stays
    // good within the client's grace period); let it finish so it cannot race the next call.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const refreshed = await client().getTokensFromRefreshToken({ refreshToken });
    expect(refreshed.AccessToken).toBeTruthy();
  });
});
