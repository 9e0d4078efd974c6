/**
 * Tokens as Cognito shapes them, checked by aws-jwt-verify (AWS's own verifier, independent of ours):
 * claims, separate access/ID keys, key rotation with old keys still published, the AWS-form
 * issuer, and the V2 pre token generation hook.
 */
import {
  CognitoIdentityProviderClient,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { startIdp, type IdpOptions, type RunningIdp } from 'next-cognito-session-idp';

const started: RunningIdp[] = [];
const clients: CognitoIdentityProviderClient[] = [];

async function boot(options: IdpOptions = {}): Promise<RunningIdp> {
  const idp = await startIdp({ port: 0, log: () => {}, ...options });
  started.push(idp);
  return idp;
}

async function signIn(idp: RunningIdp, username = 'demo@example.com', password = 'Passw0rd!demo') {
  const sdk = new CognitoIdentityProviderClient({
    endpoint: idp.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  clients.push(sdk);
  const { AuthenticationResult } = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: idp.defaultClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  return { sdk, tokens: AuthenticationResult! };
}

/** aws-jwt-verify's Node build refuses http: JWKS URIs, so the test hands it the JWKS. */
async function verifiers(idp: RunningIdp) {
  const jwks = await (await fetch(idp.jwksUri)).json();
  const access = JwtVerifier.create({
    issuer: idp.issuer,
    audience: null,
    jwksUri: idp.jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('not an access token');
      if (payload.client_id !== idp.defaultClientId) throw new Error('wrong client_id');
    },
  });
  const id = JwtVerifier.create({
    issuer: idp.issuer,
    audience: idp.defaultClientId,
    jwksUri: idp.jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'id') throw new Error('not an ID token');
    },
  });
  access.cacheJwks(jwks);
  id.cacheJwks(jwks);
  return { access, id, jwks };
}

afterAll(async () => {
  clients.forEach((c) => c.destroy());
  await Promise.all(started.map((idp) => idp.close()));
});

describe('tokens', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await boot();
  });

  it('verify with aws-jwt-verify and carry Cognito’s claims', async () => {
    const { tokens } = await signIn(idp, 'admin@example.com', 'Passw0rd!admin');
    const { access, id } = await verifiers(idp);
    const accessClaims = await access.verify(tokens.AccessToken!);
    const idClaims = await id.verify(tokens.IdToken!);

    expect(Object.keys(accessClaims).sort()).toEqual(
      [
        'auth_time',
        'client_id',
        'cognito:groups',
        'event_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'origin_jti',
        'scope',
        'sub',
        'token_use',
        'username',
      ].sort(),
    );
    expect(accessClaims).toMatchObject({
      iss: idp.issuer,
      client_id: idp.defaultClientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: 'admin@example.com',
      'cognito:groups': ['ADMINS'],
    });
    expect(accessClaims.exp! - accessClaims.iat!).toBe(3600);
    expect(idClaims).toMatchObject({
      aud: idp.defaultClientId,
      'cognito:username': 'admin@example.com',
      email: 'admin@example.com',
      email_verified: true,
      'custom:tenant': 'acme',
      'cognito:groups': ['ADMINS'],
      token_use: 'id',
      origin_jti: accessClaims.origin_jti,
      event_id: accessClaims.event_id,
      auth_time: accessClaims.auth_time,
    });
    expect(idClaims.sub).toMatch(/^[0-9a-f-]{36}$/);

    const accessHeader = decodeProtectedHeader(tokens.AccessToken!);
    const idHeader = decodeProtectedHeader(tokens.IdToken!);
    expect(accessHeader.alg).toBe('RS256');
    expect(idHeader.alg).toBe('RS256');
    expect(accessHeader.kid).not.toBe(idHeader.kid);
    // A verifier that confuses the two keys must fail.
    await expect(id.verify(tokens.AccessToken!)).rejects.toThrow();
  });

  it('leaves cognito:groups out when the user has none', async () => {
    const { tokens } = await signIn(idp);
    expect(decodeJwt(tokens.AccessToken!)).not.toHaveProperty('cognito:groups');
    expect(decodeJwt(tokens.IdToken!)).not.toHaveProperty('cognito:groups');
  });

  it('publishes discovery with the issuer and endpoints', async () => {
    const doc = await (await fetch(`${idp.url}/${idp.poolId}/.well-known/openid-configuration`)).json();
    expect(doc).toMatchObject({
      issuer: idp.issuer,
      jwks_uri: idp.jwksUri,
      authorization_endpoint: `${idp.url}/oauth2/authorize`,
      token_endpoint: `${idp.url}/oauth2/token`,
      userinfo_endpoint: `${idp.url}/oauth2/userInfo`,
    });
  });

  it('rotates keys: new tokens use new kids, old tokens still verify and still work', async () => {
    const before = await signIn(idp);
    const kidsBefore = [before.tokens.AccessToken!, before.tokens.IdToken!].map((t) => decodeProtectedHeader(t).kid);
    await idp.rotateKeys();
    const after = await signIn(idp);
    const kidsAfter = [after.tokens.AccessToken!, after.tokens.IdToken!].map((t) => decodeProtectedHeader(t).kid);
    expect(kidsAfter[0]).not.toBe(kidsBefore[0]);
    expect(kidsAfter[1]).not.toBe(kidsBefore[1]);

    const { access, id, jwks } = await verifiers(idp);
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([...kidsBefore, ...kidsAfter]));
    for (const { tokens } of [before, after]) {
      await expect(access.verify(tokens.AccessToken!)).resolves.toBeDefined();
      await expect(id.verify(tokens.IdToken!)).resolves.toBeDefined();
    }
    await expect(
      before.sdk.send(new GetUserCommand({ AccessToken: before.tokens.AccessToken })),
    ).resolves.toBeDefined();
  });

  it('drops retired keys from the JWKS once their tokens can have expired', async () => {
    let clock = Date.now();
    // Retention follows the longest token life across all clients, so shorten every client.
    const short = await boot({
      now: () => clock,
      clients: seed.clients.map((c) => ({
        clientId: c.clientId,
        accessTokenValiditySeconds: 60,
        idTokenValiditySeconds: 60,
      })),
    });
    const kids = async () => ((await (await fetch(short.jwksUri)).json()).keys as { kid: string }[]).map((k) => k.kid);
    const original = await kids();
    await short.rotateKeys();
    expect(await kids()).toHaveLength(4);
    clock += 60_000 + 5 * 60_000 + 1_000;
    const later = await kids();
    expect(later).toHaveLength(2);
    expect(later).not.toEqual(expect.arrayContaining(original));
  });

  it('can issue with the AWS-form issuer, which CognitoJwtVerifier accepts', async () => {
    const aws = await boot({ issuerMode: 'aws' });
    expect(aws.issuer).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool');
    const { tokens } = await signIn(aws);
    const verifier = CognitoJwtVerifier.create({
      userPoolId: aws.poolId,
      tokenUse: 'access',
      clientId: aws.defaultClientId,
    });
    verifier.cacheJwks(await (await fetch(aws.jwksUri)).json());
    await expect(verifier.verify(tokens.AccessToken!)).resolves.toMatchObject({ iss: aws.issuer });
  });

  it('runs an emulator-style pool id, whose prefix names no AWS region, under its local issuer only', async () => {
    const local = await boot({ poolId: 'local_4Xq9ZtP2' });
    expect(local.issuer).toBe(`${local.url}/local_4Xq9ZtP2`);
    expect(local.region).toBe('local');
    await expect(boot({ poolId: 'local_4Xq9ZtP2', issuerMode: 'aws' })).rejects.toThrow(/needs an AWS region/);
    await expect(boot({ poolId: 'us-east-1_Ab_C' })).rejects.toThrow(/does not look like <prefix>_<id>/);
  });
});

describe('pre token generation hook (V2)', () => {
  it('adds large and custom claims, suppresses, overrides groups and scopes', async () => {
    const events: unknown[] = [];
    const big = 'x'.repeat(8 * 1024);
    const idp = await boot({
      preTokenGeneration: async (event) => {
        events.push(event);
        event.response.claimsAndScopeOverrideDetails = {
          idTokenGeneration: {
            claimsToAddOrOverride: { 'custom:big': big, plan: { tier: 'gold' } },
            claimsToSuppress: ['name'],
          },
          accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, scopesToAdd: ['api/read'] },
          groupOverrideDetails: { groupsToOverride: ['FROM_HOOK'] },
        };
        return event;
      },
    });
    const { tokens } = await signIn(idp);
    const id = decodeJwt(tokens.IdToken!);
    const access = decodeJwt(tokens.AccessToken!);
    expect(tokens.IdToken!.length).toBeGreaterThan(8 * 1024);
    expect(id['custom:big']).toBe(big);
    expect(id.plan).toEqual({ tier: 'gold' });
    expect(id).not.toHaveProperty('name');
    expect(id['cognito:groups']).toEqual(['FROM_HOOK']);
    expect(access.tenant).toBe('acme');
    expect(access.scope).toBe('aws.cognito.signin.user.admin api/read');
    expect(events[0]).toMatchObject({
      version: '2',
      triggerSource: 'TokenGeneration_Authentication',
      userPoolId: idp.poolId,
      userName: 'demo@example.com',
      request: {
        userAttributes: { email: 'demo@example.com', sub: '232e3c25-68fb-44d3-970b-03c97bea5b13' },
        groupConfiguration: { groupsToOverride: [] },
        scopes: ['aws.cognito.signin.user.admin'],
      },
    });
    const { access: accessVerifier, id: idVerifier } = await verifiers(idp);
    await expect(accessVerifier.verify(tokens.AccessToken!)).resolves.toBeDefined();
    await expect(idVerifier.verify(tokens.IdToken!)).resolves.toBeDefined();
  });

  it('refuses reserved claims with InvalidLambdaResponseException and a failing hook with UserLambdaValidationException', async () => {
    const reserved = await boot({
      preTokenGeneration: (event) => {
        event.response.claimsAndScopeOverrideDetails = {
          idTokenGeneration: { claimsToAddOrOverride: { sub: 'evil' } },
        };
        return event;
      },
    });
    await expect(signIn(reserved)).rejects.toMatchObject({
      name: 'InvalidLambdaResponseException',
      message: expect.stringContaining('sub'),
    });
    const failing = await boot({
      preTokenGeneration: () => {
        throw new Error('boom');
      },
    });
    await expect(signIn(failing)).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: expect.stringContaining('boom'),
    });
  });

  it('loads the hook from a module path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'idp-hook-'));
    try {
      const file = join(dir, 'hook.mjs');
      await writeFile(
        file,
        `export default async (event) => {
           event.response.claimsAndScopeOverrideDetails = { idTokenGeneration: { claimsToAddOrOverride: { from_module: event.triggerSource } } };
           return event;
         };`,
      );
      const idp = await boot({ preTokenGeneration: file });
      const { tokens } = await signIn(idp);
      expect(decodeJwt(tokens.IdToken!).from_module).toBe('TokenGeneration_Authentication');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
