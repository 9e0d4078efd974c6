import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import { ConfigInvalid } from './errors.js';

const base = { userPoolId: 'us-east-1_AbC123', userPoolClientId: 'client123' };

describe('resolveConfig', () => {
  it('derives region, endpoint, issuer and JWKS URI from the pool id', () => {
    const config = resolveConfig({ config: base });
    expect(config.region).toBe('us-east-1');
    expect(config.endpoint).toBe('https://cognito-idp.us-east-1.amazonaws.com/');
    expect(config.issuer).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123');
    expect(config.jwksUri).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123/.well-known/jwks.json');
    expect(config.cookies).toMatchObject({ sameSite: 'lax', secure: 'auto', httpOnly: false });
    expect(config.session.refreshMarginSeconds).toBe(60);
  });

  it('uses overrides for emulators and trims trailing slashes from the issuer', () => {
    const config = resolveConfig({
      config: {
        ...base,
        userPoolEndpoint: 'http://127.0.0.1:9229/',
        issuer: 'http://127.0.0.1:9229/us-east-1_AbC123/',
      },
    });
    expect(config.issuer).toBe('http://127.0.0.1:9229/us-east-1_AbC123');
    expect(config.jwksUri).toBe('http://127.0.0.1:9229/us-east-1_AbC123/.well-known/jwks.json');
  });

  it('local-endpoint-without-issuer: names the JWKS URL it would try and the issuer to set', () => {
    const env = {
      COGNITO_USER_POOL_ID: 'us-east-1_LocalPool',
      COGNITO_CLIENT_ID: 'abc',
      COGNITO_ENDPOINT: 'http://127.0.0.1:9229/',
    };
    expect(() => resolveConfig(undefined, env)).toThrowError(
      new ConfigInvalid(
        'next-cognito-session: COGNITO_ISSUER is required when COGNITO_ENDPOINT is not AWS (http://127.0.0.1:9229/): ' +
          'tokens would be checked against https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool/.well-known/jwks.json. ' +
          'For the local IdP set COGNITO_ISSUER=http://127.0.0.1:9229/us-east-1_LocalPool (COGNITO_JWKS_URI follows from it); ' +
          'for Cognito behind a proxy, COGNITO_ISSUER=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool',
      ),
    );
    expect(() => resolveConfig({ config: { ...base, userPoolEndpoint: 'http://localhost:4566' } })).toThrow(
      /^next-cognito-session: config\.issuer is required when config\.userPoolEndpoint is not AWS .*config\.issuer: 'http:\/\/localhost:4566\/us-east-1_AbC123'/,
    );
    // A JWKS URL alone does not say which `iss` to accept.
    expect(() =>
      resolveConfig(undefined, { ...env, COGNITO_JWKS_URI: 'http://127.0.0.1:9229/x/.well-known/jwks.json' }),
    ).toThrow(ConfigInvalid);
  });

  it('keeps the AWS issuer for every endpoint AWS runs, PrivateLink and China included', () => {
    for (const userPoolEndpoint of [
      'https://cognito-idp.us-east-1.amazonaws.com/',
      'https://cognito-idp-fips.us-east-1.amazonaws.com/',
      'https://vpce-0a1b2c-abcd.cognito-idp.us-east-1.vpce.amazonaws.com/',
      'https://cognito-idp.cn-north-1.amazonaws.com.cn/',
    ]) {
      expect(resolveConfig({ config: { ...base, userPoolEndpoint } }).issuer).toBe(
        'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123',
      );
    }
    expect(() =>
      resolveConfig({ config: { ...base, userPoolEndpoint: 'https://amazonaws.com.evil.example/' } }),
    ).toThrow(/config\.issuer is required/);
  });

  it('reads env vars when no config object is given', () => {
    const config = resolveConfig(undefined, {
      COGNITO_USER_POOL_ID: 'eu-west-2_Zz9',
      COGNITO_CLIENT_ID: 'abc',
      AUTH_COOKIE_HTTP_ONLY: 'true',
      AUTH_COOKIE_SECRET: 'a'.repeat(32) + ',' + 'b'.repeat(32),
    });
    expect(config.region).toBe('eu-west-2');
    expect(config.cookies.httpOnly).toBe(true);
    expect(config.cookies.encryptionSecret).toHaveLength(2);
  });

  it('names the missing env var in one line', () => {
    expect(() => resolveConfig(undefined, { COGNITO_CLIENT_ID: 'abc' })).toThrowError(
      new ConfigInvalid('next-cognito-session: COGNITO_USER_POOL_ID (config.userPoolId) is missing'),
    );
  });

  it('names a malformed env var and what is wrong with it', () => {
    const env = { COGNITO_USER_POOL_ID: 'eu-west-2_Zz9', COGNITO_CLIENT_ID: 'abc', AUTH_COOKIE_HTTP_ONLY: 'yes' };
    expect(() => resolveConfig(undefined, env)).toThrow(/AUTH_COOKIE_HTTP_ONLY/);
  });

  it('names the option path when config is passed in code', () => {
    expect(() => resolveConfig({ config: { ...base, userPoolId: 'nope' } })).toThrow(
      /config\.userPoolId \(env COGNITO_USER_POOL_ID\) must look like <prefix>_<id>/,
    );
  });

  it('accepts an emulator pool id when the endpoint and issuer are given', () => {
    // cognito-local 5.3 names its pools `local_<8 characters>`; there is no AWS region in them.
    const config = resolveConfig(undefined, {
      COGNITO_USER_POOL_ID: 'local_4Xq9ZtP2',
      COGNITO_CLIENT_ID: 'abc',
      COGNITO_ENDPOINT: 'http://127.0.0.1:9230/',
      COGNITO_ISSUER: 'http://127.0.0.1:9230/local_4Xq9ZtP2',
    });
    expect(config.region).toBeUndefined();
    expect(config.endpoint).toBe('http://127.0.0.1:9230/');
    expect(config.issuer).toBe('http://127.0.0.1:9230/local_4Xq9ZtP2');
    expect(config.jwksUri).toBe('http://127.0.0.1:9230/local_4Xq9ZtP2/.well-known/jwks.json');
  });

  it('names what it cannot derive from an emulator pool id, under the env var names', () => {
    const env = {
      COGNITO_USER_POOL_ID: 'local_4Xq9ZtP2',
      COGNITO_CLIENT_ID: 'abc',
      COGNITO_ENDPOINT: 'http://127.0.0.1:9230/',
    };
    expect(() => resolveConfig(undefined, env)).toThrowError(
      new ConfigInvalid(
        'next-cognito-session: COGNITO_USER_POOL_ID (config.userPoolId) "local_4Xq9ZtP2" names no AWS region, so ' +
          "COGNITO_ISSUER (config.issuer) cannot default to AWS: set it (an emulator's URLs) or " +
          'COGNITO_REGION (config.region)',
      ),
    );
  });

  it('derives the AWS URLs of an emulator pool id from COGNITO_REGION', () => {
    const config = resolveConfig(undefined, {
      COGNITO_USER_POOL_ID: 'local_4Xq9ZtP2',
      COGNITO_CLIENT_ID: 'abc',
      COGNITO_REGION: 'eu-west-1',
    });
    expect(config.region).toBe('eu-west-1');
    expect(config.endpoint).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(config.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/local_4Xq9ZtP2');
  });

  it('takes the region from config over the pool id, and refuses one that contradicts a derived URL', () => {
    const explicit = {
      ...base,
      region: 'eu-west-1',
      userPoolEndpoint: 'http://127.0.0.1:4566/',
      issuer: 'http://127.0.0.1:4566/us-east-1_AbC123',
    };
    expect(resolveConfig({ config: explicit }).region).toBe('eu-west-1');
    expect(() => resolveConfig({ config: { ...base, region: 'eu-west-1' } })).toThrow(
      /config\.region \(env COGNITO_REGION\) eu-west-1 is not the region of config\.userPoolId/,
    );
  });

  it.each([
    ['us-gov-west-1_AbC123', 'us-gov-west-1'],
    ['ap-southeast-2_AbC123', 'ap-southeast-2'],
    ['eu-central-12_AbC123', 'eu-central-12'],
  ])('reads the region of %s', (userPoolId, region) => {
    expect(resolveConfig({ config: { ...base, userPoolId } }).region).toBe(region);
  });

  const tooLong = `us-east-1_${'a'.repeat(50)}`;
  it.each(['us-east-1', 'us-east-1_', '_AbC', 'us-east-1_Ab_C', 'us-east-1_Ab-C', 'us east-1_AbC', tooLong])(
    'refuses the pool id %j',
    (userPoolId) => {
      expect(() => resolveConfig({ config: { ...base, userPoolId } })).toThrow(/must look like <prefix>_<id>/);
    },
  );

  it('identity-pool: COGNITO_IDENTITY_POOL_ID sets the pool, its endpoint defaulting to its own region', () => {
    const env = { COGNITO_USER_POOL_ID: 'us-east-1_AbC123', COGNITO_CLIENT_ID: 'client123' };
    const id = 'eu-west-1:4c5a2b1e-7d3f-4e8a-9b6c-0f1e2d3c4b5a';
    expect(resolveConfig(undefined, env).identityPool).toBeUndefined();
    expect(resolveConfig(undefined, { ...env, COGNITO_IDENTITY_POOL_ID: id }).identityPool).toEqual({
      id,
      endpoint: 'https://cognito-identity.eu-west-1.amazonaws.com/',
    });
    const local = { ...env, COGNITO_IDENTITY_POOL_ID: id, COGNITO_IDENTITY_ENDPOINT: 'http://127.0.0.1:9229' };
    expect(resolveConfig(undefined, local).identityPool?.endpoint).toBe('http://127.0.0.1:9229');
    expect(() => resolveConfig(undefined, { ...env, COGNITO_IDENTITY_POOL_ID: 'us-east-1_AbC123' })).toThrow(
      /COGNITO_IDENTITY_POOL_ID \(config.identityPoolId\) must look like <region>:<uuid>/,
    );
  });

  it('refuses short encryption secrets', () => {
    expect(() => resolveConfig({ config: base, cookies: { encryptionSecret: 'short' } })).toThrow(/encryptionSecret/);
  });

  it('returns a frozen object so no caller can change settings under another', () => {
    const config = resolveConfig({ config: base });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.cookies)).toBe(true);
  });

  it('keeps two runners for two pools apart', () => {
    const a = resolveConfig({ config: base });
    const b = resolveConfig({ config: { userPoolId: 'eu-west-1_Other', userPoolClientId: 'x' } });
    expect(a.issuer).not.toBe(b.issuer);
  });
});
