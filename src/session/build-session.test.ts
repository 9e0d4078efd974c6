import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessClaims,
  CLIENT_ID,
  idClaims,
  makeClock,
  makeKey,
  mint,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from '../../test/support/test-idp.js';
import { ClaimsInvalid } from '../errors.js';
import { createTokenVerifier } from '../tokens/verifier.js';
import { assertSamePair, buildSession } from './build-session.js';

let key: TestKey;
let jwks: JwksServer;
const clock = makeClock();

beforeAll(async () => {
  key = await makeKey('kid-shapes');
  jwks = await startJwksServer([key.publicJwk]);
});
afterAll(() => jwks.close());

/** Minted, signed and verified like any session: only the claims differ from Cognito's usual. */
async function verifiedPair(
  drop: { access?: string[]; id?: string[] },
  extra: { access?: Record<string, unknown>; id?: Record<string, unknown> } = {},
) {
  const without = (claims: Record<string, unknown>, names: string[] = []) =>
    Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));
  const verifier = createTokenVerifier({
    userPoolId: 'local_Shapes1',
    clientId: CLIENT_ID,
    issuer: jwks.issuer,
    now: clock.now,
  });
  const [access, id] = await Promise.all([
    verifier.verifyAccessToken(
      await mint(key, without(accessClaims(jwks.issuer, clock.seconds(), extra.access), drop.access)),
    ),
    verifier.verifyIdToken(await mint(key, without(idClaims(jwks.issuer, clock.seconds(), extra.id), drop.id))),
  ]);
  return { access, id };
}

describe('sessions from the token shapes real pools and emulators send', () => {
  it('a pool without token revocation: no origin_jti and no jti in either token', async () => {
    const { access, id } = await verifiedPair({ access: ['origin_jti', 'jti'], id: ['origin_jti', 'jti'] });
    expect(() => assertSamePair(access.payload, id.payload)).not.toThrow();
    const session = buildSession(access, id);
    expect(session.user).toMatchObject({ username: 'alice@example.com', userId: 'sub-123' });
    expect(session.tokens.accessToken.payload.jti).toBeUndefined();
  });

  it('an access token without username takes the ID token’s cognito:username', async () => {
    const { access, id } = await verifiedPair(
      { access: ['username'] },
      { id: { 'cognito:username': '7d5f3c1e-uuid-of-alice' } },
    );
    expect(buildSession(access, id).user.username).toBe('7d5f3c1e-uuid-of-alice');
  });

  it('an ID token without email is a session without user.email', async () => {
    const { access, id } = await verifiedPair({ id: ['email', 'email_verified'] });
    const session = buildSession(access, id);
    expect(session.user).not.toHaveProperty('email');
    expect(session.claims.email).toBeUndefined();
  });

  it('moto’s shape: no iat and no scope in the access token', async () => {
    const { access, id } = await verifiedPair({ access: ['iat', 'scope'], id: ['iat'] });
    expect(buildSession(access, id).expiresAt).toBe(Math.min(access.payload.exp, id.payload.exp));
  });
});

describe('assertSamePair on what is there', () => {
  it('still refuses two users, with or without origin_jti', async () => {
    const bare = await verifiedPair({ access: ['origin_jti'], id: ['origin_jti'] }, { id: { sub: 'sub-other' } });
    expect(() => assertSamePair(bare.access.payload, bare.id.payload)).toThrow(ClaimsInvalid);
  });

  it('compares origin_jti when both carry it, and lets one-sided presence pass on the sub', async () => {
    const mixed = await verifiedPair({}, { id: { origin_jti: 'origin-2' } });
    expect(() => assertSamePair(mixed.access.payload, mixed.id.payload)).toThrow(/origin_jti/);
    const oneSided = await verifiedPair({ id: ['origin_jti'] });
    expect(() => assertSamePair(oneSided.access.payload, oneSided.id.payload)).not.toThrow();
  });
});
