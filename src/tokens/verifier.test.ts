import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { accessClaims, CLIENT_ID, makeKey, POOL_ID, unsignedJwt } from '../../test/support/test-idp.js';
import { codeOf, useVerifierFixture } from '../../test/support/verifier-fixture.js';
import { createTokenVerifier } from './verifier.js';

const fx = useVerifierFixture();
const { verifier, access, id } = fx;

describe('valid tokens', () => {
  it('verifies an access token and hands back the raw string and typed claims', async () => {
    const raw = await access();
    const jwt = await verifier().verifyAccessToken(raw);
    expect(String(jwt)).toBe(raw);
    expect(jwt.payload).toMatchObject({ username: 'alice@example.com', token_use: 'access', client_id: CLIENT_ID });
    expect(jwt.payload['cognito:groups']).toEqual(['ADMINS']);
    expect(Object.isFrozen(jwt.payload)).toBe(true);
    expect(fx.server.paths).toEqual([`/${POOL_ID}/.well-known/jwks.json`]);
  });

  it('verifies an ID token, normalising a string email_verified', async () => {
    const jwt = await verifier().verifyIdToken(await id({ email_verified: 'true', nickname: 'al' }));
    expect(jwt.payload.email_verified).toBe(true);
    expect(jwt.payload['custom:tenant']).toBe('acme');
    expect(jwt.payload.nickname).toBe('al'); // unknown claims pass through
  });

  it('derives the AWS issuer and JWKS URI from the pool id', () => {
    const v = createTokenVerifier({ userPoolId: 'us-east-2_AbC123', clientId: 'c' });
    expect(v.issuer).toBe('https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123');
    expect(v.jwksUri).toBe('https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbC123/.well-known/jwks.json');
    expect(() => createTokenVerifier({ userPoolId: 'local', clientId: 'c' })).toThrow(/pass issuer/);
  });
});

describe('claim failures map to typed errors', () => {
  it('expired beyond the grace → TokenExpired; within the grace still valid', async () => {
    const v = verifier();
    await expect(v.verifyAccessToken(await access({ exp: fx.clock.seconds() - 4 }))).resolves.toBeDefined();
    expect(await codeOf(v.verifyAccessToken(await access({ exp: fx.clock.seconds() - 5 })))).toBe('TokenExpired');
  });

  it('nbf in the future → TokenNotYetValid', async () => {
    expect(await codeOf(verifier().verifyAccessToken(await access({ nbf: fx.clock.seconds() + 60 })))).toBe(
      'TokenNotYetValid',
    );
  });

  it('iat beyond the skew allowance → TokenNotYetValid; a few minutes ahead is still fine', async () => {
    const v = verifier();
    await expect(v.verifyAccessToken(await access({ iat: fx.clock.seconds() + 120 }))).resolves.toBeDefined();
    expect(await codeOf(v.verifyAccessToken(await access({ iat: fx.clock.seconds() + 3600 })))).toBe(
      'TokenNotYetValid',
    );
  });

  it('another issuer → WrongIssuer naming both values', async () => {
    const error = await verifier()
      .verifyAccessToken(await access({ iss: 'https://evil.example/pool' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WrongIssuer' });
    expect((error as Error).message).toContain('https://evil.example/pool');
    expect((error as Error).message).toContain(fx.server.issuer);
  });

  it('another app client → WrongAudience (client_id for access, aud for ID)', async () => {
    const v = verifier();
    expect(await codeOf(v.verifyAccessToken(await access({ client_id: 'other' })))).toBe('WrongAudience');
    expect(await codeOf(v.verifyIdToken(await id({ aud: 'other' })))).toBe('WrongAudience');
  });

  it('an ID token used as access token and the reverse → WrongTokenUse', async () => {
    const v = verifier();
    const idRaw = await id();
    const accessRaw = await access();
    await v.verifyIdToken(idRaw);
    await v.verifyAccessToken(accessRaw);
    // Both now sit in the verified cache: the cache must not answer for the other use.
    expect(await codeOf(v.verifyAccessToken(idRaw))).toBe('WrongTokenUse');
    expect(await codeOf(v.verifyIdToken(accessRaw))).toBe('WrongTokenUse');
  });

  it('a signed token missing a schema claim → ClaimsInvalid naming it, without values', async () => {
    const error = await verifier()
      .verifyAccessToken(await access({ auth_time: undefined }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ClaimsInvalid' });
    expect((error as Error).message).toContain('"auth_time"');
    expect((error as Error).message).not.toContain('alice');
    const custom = await verifier()
      .verifyIdToken(await id({ 'custom:age': 42 }))
      .catch((e: unknown) => e);
    expect((custom as Error).message).toContain('"custom:age"');
  });
});

describe('forgeries and garbage are refused', () => {
  const header = { alg: 'RS256', kid: 'kid-a' };

  it('alg none and HS256-with-the-public-key → InvalidToken before any JWKS fetch', async () => {
    const v = verifier();
    const claims = accessClaims(fx.server.issuer, fx.clock.seconds());
    const none = v.verifyAccessToken(unsignedJwt({ alg: 'none', kid: 'kid-a' }, claims, 'c2ln'));
    await expect(none).rejects.toMatchObject({ code: 'InvalidToken', message: 'JWT alg must be RS256, got none' });
    const unsigned = unsignedJwt({ alg: 'HS256', kid: 'kid-a' }, claims);
    const mac = createHmac('sha256', JSON.stringify(fx.keyA.publicJwk))
      .update(unsigned.slice(0, -1))
      .digest('base64url');
    expect(await codeOf(v.verifyAccessToken(`${unsigned}${mac}`))).toBe('InvalidToken');
    expect(fx.server.hits).toBe(0);
  });

  it('a foreign key under a known kid → InvalidSignature', async () => {
    const mallory = await makeKey('kid-a');
    expect(await codeOf(verifier().verifyAccessToken(await access({}, mallory)))).toBe('InvalidSignature');
  });

  it('jwk / jku / x5u headers are never used', async () => {
    const mallory = await makeKey('kid-mallory');
    const pointers = { jwk: mallory.publicJwk, jku: `${fx.server.url}/evil.json`, x5u: `${fx.server.url}/evil.pem` };
    const v = verifier();
    expect(await codeOf(v.verifyAccessToken(await access({}, mallory, pointers)))).toBe('UnknownKeyId');
    const underKnownKid = await access({}, mallory, { ...pointers, kid: 'kid-a' });
    expect(await codeOf(v.verifyAccessToken(underKnownKid))).toBe('InvalidSignature');
    expect(fx.server.paths.every((path) => path.endsWith('/.well-known/jwks.json'))).toBe(true);
  });

  it('oversized, truncated, bad base64, tampered → InvalidToken / InvalidSignature, no fetch for shape errors', async () => {
    const v = verifier();
    const raw = await access();
    const [h, p, s] = raw.split('.') as [string, string, string];
    const huge = unsignedJwt(
      header,
      { ...accessClaims(fx.server.issuer, fx.clock.seconds()), pad: 'x'.repeat(17_000) },
      s,
    );
    expect(await codeOf(v.verifyAccessToken(huge))).toBe('InvalidToken');
    expect(await codeOf(v.verifyAccessToken(`${h}.${p}`))).toBe('InvalidToken');
    expect(await codeOf(v.verifyAccessToken(`${h}.${p}.${s}.x`))).toBe('InvalidToken');
    expect(await codeOf(v.verifyAccessToken(`${h}.${p}*.${s}`))).toBe('InvalidToken');
    expect(await codeOf(v.verifyAccessToken(`e30.${p}.${s}`))).toBe('InvalidToken'); // header {}
    expect(await codeOf(v.verifyAccessToken(''))).toBe('InvalidToken');
    expect(fx.server.hits).toBe(0);
    expect(await codeOf(v.verifyAccessToken(`${h}.${p}.${s.slice(0, -10)}`))).toBe('InvalidSignature');
    const otherPayload = Buffer.from(
      JSON.stringify(accessClaims(fx.server.issuer, fx.clock.seconds(), { username: 'eve' })),
    ).toString('base64url');
    expect(await codeOf(v.verifyAccessToken(`${h}.${otherPayload}.${s}`))).toBe('InvalidSignature');
  });

  it('error messages never carry the token', async () => {
    const raw = await access({ exp: fx.clock.seconds() - 60 });
    const error = (await verifier()
      .verifyAccessToken(raw)
      .catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain(raw.split('.')[1]!.slice(0, 20));
    expect(error.message).not.toContain('alice');
  });
});

/** Signature checks on either backend: node:crypto's verify on Node, WebCrypto's elsewhere. */
function spyOnSignatureChecks(): { mock: { calls: unknown[] } } {
  const web = vi.spyOn(crypto.subtle, 'verify');
  const node = vi.spyOn(process.getBuiltinModule('node:crypto'), 'verify');
  return {
    mock: {
      get calls() {
        return [...web.mock.calls, ...node.mock.calls];
      },
    },
  };
}

describe('verified-token cache', () => {
  it('a hit does no fetch, no parsing and no signature check', async () => {
    const v = verifier();
    const raw = await access();
    const verify = spyOnSignatureChecks();
    const first = await v.verifyAccessToken(raw);
    const second = await v.verifyAccessToken(`${raw}`);
    expect(second).toBe(first);
    expect(verify.mock.calls).toHaveLength(1);
    expect(fx.server.hits).toBe(1);
  });

  it('an entry dies when its token expires (exp + grace, on the injected fx.clock)', async () => {
    const v = verifier();
    const raw = await access({ exp: fx.clock.seconds() + 100 });
    await v.verifyAccessToken(raw);
    fx.clock.ms += 104_000;
    await expect(v.verifyAccessToken(raw)).resolves.toBeDefined();
    fx.clock.ms += 2_000;
    expect(await codeOf(v.verifyAccessToken(raw))).toBe('TokenExpired');
  });

  it('is bounded: with cacheSize 2 the least recently used token is verified again', async () => {
    const v = verifier({ cacheSize: 2 });
    const verify = spyOnSignatureChecks();
    const [a, b, c] = await Promise.all([access(), access(), access()]);
    for (const raw of [a, b, a, c, a, b]) await v.verifyAccessToken(raw!);
    // a, b, (a hit), c evicts b, (a hit), b again
    expect(verify.mock.calls).toHaveLength(4);
  });
});
