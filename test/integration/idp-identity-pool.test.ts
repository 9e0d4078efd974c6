/**
 * The real AWS SDK v3 against the local IdP's identity pool: CognitoIdentityClient and
 * `fromCognitoIdentityPool` get credentials for a signed-in user and a guest, and STSClient's
 * GetCallerIdentity, signed with them, names the role the pool mapped.
 */
import { CognitoIdentityClient, GetIdCommand, GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { callerArn } from './support/sts';

let idp: RunningIdp;
let identity: CognitoIdentityClient;
let provider: string;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  identity = new CognitoIdentityClient({ endpoint: idp.url, region: idp.region, maxAttempts: 1 });
  provider = `cognito-idp.${idp.region}.amazonaws.com/${idp.poolId}`;
});

afterAll(async () => {
  identity?.destroy();
  await idp?.close();
});

async function idToken(username: string, password: string): Promise<string> {
  const sdk = new CognitoIdentityProviderClient({ endpoint: idp.url, region: idp.region, maxAttempts: 1 });
  const { AuthenticationResult } = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: idp.defaultClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  sdk.destroy();
  return AuthenticationResult!.IdToken!;
}

describe('identity pool credentials through the AWS SDK', () => {
  it('seeded-pool: the demo seed defines an identity pool and appEnv names it', () => {
    expect(idp.identityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(idp.appEnv()).toMatchObject({
      COGNITO_IDENTITY_POOL_ID: idp.identityPoolId,
      COGNITO_IDENTITY_ENDPOINT: idp.url,
    });
  });

  it('signed-in: fromCognitoIdentityPool gets ASIA credentials whose caller is the authenticated role', async () => {
    const token = await idToken('demo@example.com', 'Passw0rd!demo');
    const credentials = await fromCognitoIdentityPool({
      clientConfig: { endpoint: idp.url, region: idp.region, maxAttempts: 1 },
      identityPoolId: idp.identityPoolId!,
      logins: { [provider]: token },
    })();
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials.secretAccessKey).toBeTruthy();
    expect(credentials.sessionToken).toBeTruthy();
    const lifetime = credentials.expiration!.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(3500_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    expect(await callerArn(idp.url, idp.region, credentials)).toBe(
      'arn:aws:sts::000000000000:assumed-role/LocalIdpAuthenticated/CognitoIdentityCredentials',
    );
  });

  it('stable-identity: one user has one identity id, under either provider name', async () => {
    const token = await idToken('demo@example.com', 'Passw0rd!demo');
    const again = await idToken('demo@example.com', 'Passw0rd!demo');
    const ids = await Promise.all(
      [
        { [provider]: token },
        { [provider]: again },
        { [idp.issuer.replace(/^http:\/\//, '')]: token }, // what Amplify's formLoginsMap sends
      ].map(
        async (logins) =>
          (await identity.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: logins }))).IdentityId,
      ),
    );
    expect(ids[0]).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(1);
    const admin = await idToken('admin@example.com', 'Passw0rd!admin');
    const adminId = (
      await identity.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider]: admin } }))
    ).IdentityId;
    expect(adminId).not.toBe(ids[0]);
  });

  it('role-mapping: a group with a role makes it the preferred role', async () => {
    const token = await idToken('admin@example.com', 'Passw0rd!admin');
    expect(decodeJwt(token)['cognito:preferred_role']).toBe('arn:aws:iam::000000000000:role/LocalIdpAdmins');
    const credentials = await fromCognitoIdentityPool({
      clientConfig: { endpoint: idp.url, region: idp.region, maxAttempts: 1 },
      identityPoolId: idp.identityPoolId!,
      logins: { [provider]: token },
    })();
    expect(await callerArn(idp.url, idp.region, credentials)).toBe(
      'arn:aws:sts::000000000000:assumed-role/LocalIdpAdmins/CognitoIdentityCredentials',
    );
  });

  it('guest: without logins the pool hands out guest credentials for the unauthenticated role', async () => {
    const credentials = await fromCognitoIdentityPool({
      clientConfig: { endpoint: idp.url, region: idp.region, maxAttempts: 1 },
      identityPoolId: idp.identityPoolId!,
    })();
    expect(credentials.identityId).toMatch(/^us-east-1:/);
    expect(await callerArn(idp.url, idp.region, credentials)).toBe(
      'arn:aws:sts::000000000000:assumed-role/LocalIdpGuest/CognitoIdentityCredentials',
    );
    // fromCognitoIdentityPool remembers its guest id; every GetId without logins is a new guest.
    const second = await identity.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId }));
    expect(second.IdentityId).toMatch(/^us-east-1:/);
    expect(second.IdentityId).not.toBe(credentials.identityId);
  });

  it('openid-token: GetOpenIdToken answers a token for the identity, signed by the IdP', async () => {
    const token = await idToken('demo@example.com', 'Passw0rd!demo');
    const { IdentityId } = await identity.send(
      new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider]: token } }),
    );
    const answer = await identity.send(new GetOpenIdTokenCommand({ IdentityId, Logins: { [provider]: token } }));
    expect(answer.IdentityId).toBe(IdentityId);
    expect(decodeJwt(answer.Token!)).toMatchObject({ sub: IdentityId, aud: idp.identityPoolId });
  });
});
