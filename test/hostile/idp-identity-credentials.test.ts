/**
 * Who gets AWS credentials from the local IdP's identity pool, and which credentials STS
 * GetCallerIdentity believes. Only credentials this IdP issued, signed with their own secret and
 * session token and not yet expired, get an answer; logins must be this pool's ID tokens, for an
 * app client the identity pool trusts, unexpired and not signed out.
 */
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  GlobalSignOutCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';

const OUTSIDER = 'outsiderclient0000000000';
let offsetMs = 0;
let idp: RunningIdp;
let other: RunningIdp;

beforeAll(async () => {
  idp = await startIdp({
    port: 0,
    log: () => {},
    now: () => Date.now() + offsetMs,
    // An app client of the user pool that the identity pool does not list.
    clients: [{ clientId: OUTSIDER }],
  });
  other = await startIdp({ port: 0, log: () => {} });
});
afterAll(async () => {
  await idp?.close();
  await other?.close();
});

const identityClient = (target: RunningIdp) =>
  new CognitoIdentityClient({ endpoint: target.url, region: target.region, maxAttempts: 1 });
const provider = (target: RunningIdp) => `cognito-idp.${target.region}.amazonaws.com/${target.poolId}`;

async function signIn(target: RunningIdp, clientId = target.defaultClientId) {
  const sdk = new CognitoIdentityProviderClient({ endpoint: target.url, region: target.region, maxAttempts: 1 });
  const { AuthenticationResult } = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!demo' },
    }),
  );
  sdk.destroy();
  return AuthenticationResult!;
}

async function credentialsFrom(target: RunningIdp, idToken?: string) {
  const client = identityClient(target);
  const Logins = idToken ? { [provider(target)]: idToken } : undefined;
  const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: target.identityPoolId, Logins }));
  const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));
  client.destroy();
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

async function callerIdentity(target: RunningIdp, credentials: AwsCredentialIdentity) {
  const sts = new STSClient({ endpoint: target.url, region: target.region, credentials, maxAttempts: 1 });
  try {
    return await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.destroy();
  }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected a refusal');
}

describe('STS GetCallerIdentity refuses credentials the IdP did not issue', () => {
  it('genuine credentials answer (the control case)', async () => {
    const credentials = await credentialsFrom(idp, (await signIn(idp)).IdToken);
    expect((await callerIdentity(idp, credentials)).Arn).toContain(':assumed-role/');
  });

  it('forged-key: an access key id the IdP never issued is InvalidClientTokenId', async () => {
    const forged = { accessKeyId: 'ASIAFORGEDFORGED0000', secretAccessKey: 'x'.repeat(40), sessionToken: 'forged' };
    expect(await refusal(callerIdentity(idp, forged))).toBe('InvalidClientTokenId');
  });

  it('wrong-secret: a real access key id with a guessed secret does not match the signature', async () => {
    const real = await credentialsFrom(idp);
    expect(await refusal(callerIdentity(idp, { ...real, secretAccessKey: 'y'.repeat(40) }))).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it("swapped-token: one credential's key and secret with another's session token is refused", async () => {
    const [a, b] = await Promise.all([credentialsFrom(idp), credentialsFrom(idp)]);
    expect(await refusal(callerIdentity(idp, { ...a, sessionToken: b.sessionToken }))).toBe('InvalidClientTokenId');
  });

  it('no-token: temporary keys without their session token are refused', async () => {
    const { accessKeyId, secretAccessKey } = await credentialsFrom(idp);
    expect(await refusal(callerIdentity(idp, { accessKeyId, secretAccessKey }))).toBe('InvalidClientTokenId');
  });

  it('admin-key: the documented admin key pair gets no STS answer', async () => {
    expect(await refusal(callerIdentity(idp, idp.adminCredentials))).toBe('InvalidClientTokenId');
  });

  it('another-pool: credentials another IdP issued are unknown here, and the reverse', async () => {
    const foreign = await credentialsFrom(other, (await signIn(other)).IdToken);
    expect((await callerIdentity(other, foreign)).Arn).toContain(':assumed-role/');
    expect(await refusal(callerIdentity(idp, foreign))).toBe('InvalidClientTokenId');
  });

  it('unsigned: a plain form POST is MissingAuthenticationToken, and no page may read STS', async () => {
    const response = await fetch(idp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('expired: credentials past their Expiration are ExpiredToken', async () => {
    const credentials = await credentialsFrom(idp);
    offsetMs = 3601_000;
    try {
      expect(await refusal(callerIdentity(idp, credentials))).toBe('ExpiredToken');
    } finally {
      offsetMs = 0;
    }
  });
});

describe('GetId / GetCredentialsForIdentity refuse logins that are not this pool’s', () => {
  it("another-pool-token: another IdP's ID token (own keys) is NotAuthorizedException", async () => {
    const client = identityClient(idp);
    const foreign = (await signIn(other)).IdToken!;
    // The other IdP's pool id and region are the same, so only the signature tells them apart.
    expect(
      await refusal(
        client.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider(idp)]: foreign } })),
      ),
    ).toBe('NotAuthorizedException');
    client.destroy();
  });

  it('tampered: an ID token whose payload was changed is refused', async () => {
    const client = identityClient(idp);
    const [header, payload, signature] = (await signIn(idp)).IdToken!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = [
      header,
      Buffer.from(JSON.stringify({ ...claims, sub: crypto.randomUUID() })).toString('base64url'),
      signature,
    ].join('.');
    expect(
      await refusal(
        client.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider(idp)]: forged } })),
      ),
    ).toBe('NotAuthorizedException');
    client.destroy();
  });

  it('wrong-audience: an ID token for an app client the identity pool does not trust is refused', async () => {
    const client = identityClient(idp);
    const token = (await signIn(idp, OUTSIDER)).IdToken!;
    expect(
      await refusal(
        client.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider(idp)]: token } })),
      ),
    ).toBe('NotAuthorizedException');
    client.destroy();
  });

  it('expired-token: an ID token past exp is refused', async () => {
    const client = identityClient(idp);
    const token = (await signIn(idp)).IdToken!;
    offsetMs = 3601_000;
    try {
      expect(
        await refusal(
          client.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider(idp)]: token } })),
        ),
      ).toBe('NotAuthorizedException');
    } finally {
      offsetMs = 0;
      client.destroy();
    }
  });

  it('signed-out: after GlobalSignOut the ID token is no login any more', async () => {
    const client = identityClient(idp);
    const tokens = await signIn(idp);
    const sdk = new CognitoIdentityProviderClient({ endpoint: idp.url, region: idp.region, maxAttempts: 1 });
    await sdk.send(new GlobalSignOutCommand({ AccessToken: tokens.AccessToken }));
    sdk.destroy();
    expect(
      await refusal(
        client.send(
          new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider(idp)]: tokens.IdToken! } }),
        ),
      ),
    ).toBe('NotAuthorizedException');
    client.destroy();
  });

  it('unknown-provider: a Logins key naming another provider is refused', async () => {
    const client = identityClient(idp);
    const token = (await signIn(idp)).IdToken!;
    expect(
      await refusal(
        client.send(new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { 'accounts.google.com': token } })),
      ),
    ).toBe('NotAuthorizedException');
    client.destroy();
  });

  it("no-logins: a user's identity id without their login gets no credentials (neither guest ones)", async () => {
    const client = identityClient(idp);
    const token = (await signIn(idp)).IdToken!;
    const { IdentityId } = await client.send(
      new GetIdCommand({ IdentityPoolId: idp.identityPoolId, Logins: { [provider(idp)]: token } }),
    );
    expect(await refusal(client.send(new GetCredentialsForIdentityCommand({ IdentityId })))).toBe(
      'NotAuthorizedException',
    );
    client.destroy();
  });

  it('unknown-pool-or-identity: ResourceNotFoundException', async () => {
    const client = identityClient(idp);
    expect(await refusal(client.send(new GetIdCommand({ IdentityPoolId: `us-east-1:${crypto.randomUUID()}` })))).toBe(
      'ResourceNotFoundException',
    );
    expect(
      await refusal(
        client.send(new GetCredentialsForIdentityCommand({ IdentityId: `us-east-1:${crypto.randomUUID()}` })),
      ),
    ).toBe('ResourceNotFoundException');
    client.destroy();
  });
});

describe('a pool without guests', () => {
  it('no-guests: GetId without logins is NotAuthorizedException', async () => {
    const strict = await startIdp({
      port: 0,
      log: () => {},
      seed: {
        clients: [{ clientId: 'strictclient' }],
        identityPools: [
          {
            id: '00000000-0000-4000-8000-000000000001',
            authenticatedRoleArn: 'arn:aws:iam::000000000000:role/Auth',
            clientIds: ['strictclient'],
          },
        ],
      },
    });
    const client = identityClient(strict);
    try {
      expect(await refusal(client.send(new GetIdCommand({ IdentityPoolId: strict.identityPoolId })))).toBe(
        'NotAuthorizedException',
      );
    } finally {
      client.destroy();
      await strict.close();
    }
  });
});

describe('guest-flood', () => {
  it('GetId without logins in a loop keeps a bounded number of guests; the oldest is forgotten, the newest work', async () => {
    const small = await startIdp({ port: 0, log: () => {}, maxGuestIdentities: 5 });
    const client = identityClient(small);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: small.identityPoolId }));
        ids.push(IdentityId!);
      }
      const credentialsOf = (IdentityId: string) => client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
      await expect(credentialsOf(ids[0]!)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      for (const id of ids.slice(-5)) await expect(credentialsOf(id)).resolves.toMatchObject({ IdentityId: id });
      // A user's own identity is never what a guest flood evicts.
      const idToken = (await signIn(small)).IdToken!;
      const Logins = { [provider(small)]: idToken };
      const { IdentityId: userId } = await client.send(
        new GetIdCommand({ IdentityPoolId: small.identityPoolId, Logins }),
      );
      for (let i = 0; i < 6; i++) await client.send(new GetIdCommand({ IdentityPoolId: small.identityPoolId }));
      await expect(
        client.send(new GetCredentialsForIdentityCommand({ IdentityId: userId, Logins })),
      ).resolves.toMatchObject({
        IdentityId: userId,
      });
    } finally {
      client.destroy();
      await small.close();
    }
  });
});
