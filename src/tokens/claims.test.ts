import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  accessTokenClaims,
  extendClaims,
  idTokenClaims,
  type AccessTokenClaims,
  type IdTokenClaims,
} from './claims.js';
import { createTokenVerifier } from './verifier.js';

const now = 1_900_000_000;
const id = {
  sub: 's',
  aud: 'c',
  iss: 'i',
  'cognito:username': 'u',
  token_use: 'id',
  auth_time: now,
  exp: now,
  iat: now,
};
const access = {
  sub: 's',
  iss: 'i',
  client_id: 'c',
  token_use: 'access',
  scope: 'openid',
  auth_time: now,
  exp: now,
  iat: now,
  jti: 'j',
  username: 'u',
};

describe('claims schemas', () => {
  it('accept "true"/"false" strings for email_verified as Cognito sometimes sends them', () => {
    expect(idTokenClaims.parse({ ...id, email_verified: 'false' }).email_verified).toBe(false);
    expect(idTokenClaims.parse({ ...id, email_verified: true }).email_verified).toBe(true);
    expect(idTokenClaims.safeParse({ ...id, email_verified: 'yes' }).success).toBe(false);
  });

  it('pass unknown claims through and insist custom:* are strings', () => {
    expect(accessTokenClaims.parse({ ...access, extra: [1] }).extra).toEqual([1]);
    expect(idTokenClaims.safeParse({ ...id, 'custom:n': '1' }).success).toBe(true);
    expect(idTokenClaims.safeParse({ ...id, 'custom:n': 1 }).success).toBe(false);
  });

  it('accept the shapes real pools and emulators send: no origin_jti, jti, iat, scope, username or email', () => {
    // Pools without token revocation: no origin_jti, no jti. moto: no iat, no scope. No email attribute.
    const { jti: _jti, username: _username, scope: _scope, iat: _iat, ...bareAccess } = access;
    const { iat: _idIat, ...bareId } = id;
    expect(accessTokenClaims.parse(bareAccess)).toEqual(bareAccess);
    expect(idTokenClaims.parse(bareId)).toEqual(bareId);
  });

  it('still insist on what the session stands on', () => {
    for (const claim of ['sub', 'iss', 'client_id', 'exp'] as const) {
      const { [claim]: _dropped, ...rest } = access;
      expect(accessTokenClaims.safeParse(rest).success, claim).toBe(false);
    }
    for (const claim of ['sub', 'aud', 'iss', 'cognito:username', 'exp'] as const) {
      const { [claim]: _dropped, ...rest } = id;
      expect(idTokenClaims.safeParse(rest).success, claim).toBe(false);
    }
  });

  it('pin token_use', () => {
    expect(accessTokenClaims.safeParse({ ...access, token_use: 'id' }).success).toBe(false);
    expect(idTokenClaims.safeParse({ ...id, token_use: 'access' }).success).toBe(false);
  });

  it('type custom attributes and groups', () => {
    expectTypeOf<IdTokenClaims['custom:tenant']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AccessTokenClaims['cognito:groups']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<IdTokenClaims['email_verified']>().toEqualTypeOf<boolean | undefined>();
  });
});

describe('extendClaims', () => {
  const claims = extendClaims({
    access: z.object({ tier: z.enum(['free', 'pro']) }),
    id: z.object({ 'custom:tenant': z.string().min(1), 'cognito:groups': z.array(z.enum(['ADMINS'])) }),
  });

  it('adds required claims and keeps the base checks', () => {
    expect(claims.access.safeParse(access).success).toBe(false);
    expect(claims.access.parse({ ...access, tier: 'pro' }).tier).toBe('pro');
    expect(
      claims.id.safeParse({ ...id, 'custom:tenant': 'a', 'cognito:groups': ['ADMINS'], 'custom:x': 2 }).success,
    ).toBe(false); // base custom:* check survives the extension
  });

  it('carries the app claims into the verifier payload types', () => {
    const _verifier = createTokenVerifier({ userPoolId: 'eu-west-1_X1', clientId: 'c', claims });
    type Access = Awaited<ReturnType<typeof _verifier.verifyAccessToken>>['payload'];
    type Id = Awaited<ReturnType<typeof _verifier.verifyIdToken>>['payload'];
    expectTypeOf<Access['tier']>().toEqualTypeOf<'free' | 'pro'>();
    expectTypeOf<Access['username']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Id['custom:tenant']>().toEqualTypeOf<string>();
    expectTypeOf<Id['cognito:groups']>().toEqualTypeOf<'ADMINS'[]>();
    expectTypeOf<Id['custom:other']>().toEqualTypeOf<string | undefined>();

    const _plain = createTokenVerifier({ userPoolId: 'eu-west-1_X1', clientId: 'c' });
    type PlainId = Awaited<ReturnType<typeof _plain.verifyIdToken>>['payload'];
    expectTypeOf<PlainId['cognito:username']>().toEqualTypeOf<string>();
  });

  it('takes any Standard Schema, not only zod, and reports its issues under the claim', () => {
    const tenant = {
      '~standard': {
        version: 1 as const,
        vendor: 'elsewhere',
        validate: (value: unknown) => {
          const claim = (value as Record<string, unknown>)['custom:tenant'];
          return typeof claim === 'string'
            ? { value: { 'custom:tenant': claim.toUpperCase() } }
            : { issues: [{ message: 'tenant required', path: ['custom:tenant'] }] };
        },
        types: undefined as unknown as { input: unknown; output: { 'custom:tenant': string } },
      },
    };
    const foreign = extendClaims({ id: tenant });
    expect(foreign.id.parse({ ...id, 'custom:tenant': 'acme' })['custom:tenant']).toBe('ACME');
    expect(foreign.id.safeParse(id)).toMatchObject({
      success: false,
      error: { issues: [{ message: 'tenant required', path: ['custom:tenant'] }] },
    });
    expectTypeOf<ReturnType<typeof foreign.id.parse>['custom:tenant']>().toEqualTypeOf<string>();
  });
});
