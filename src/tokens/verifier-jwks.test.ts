import { describe, expect, it } from 'vitest';
import { accessClaims, makeKey, unsignedJwt } from '../../test/support/test-idp.js';
import { codeOf, useVerifierFixture } from '../../test/support/verifier-fixture.js';

// The verifier's JWKS cache: when it fetches, refetches, penalty-boxes a kid and rides out an outage.
const fx = useVerifierFixture();
const { verifier, access, id } = fx;

describe('JWKS cache', () => {
  it('unknown kid → one refetch, then the kid is penalty-boxed', async () => {
    const v = verifier();
    await v.verifyAccessToken(await access());
    expect(fx.server.hits).toBe(1);
    const stranger = await makeKey('kid-garbage');
    const garbage = await access({}, stranger);

    fx.clock.ms += 11_000; // past the cooldown that follows the first fetch
    expect(await codeOf(v.verifyAccessToken(garbage))).toBe('UnknownKeyId');
    expect(fx.server.hits).toBe(2);
    for (let i = 0; i < 5; i++) expect(await codeOf(v.verifyAccessToken(garbage))).toBe('UnknownKeyId');
    fx.clock.ms += 11_000; // cooldown over, penalty not
    expect(await codeOf(v.verifyAccessToken(garbage))).toBe('UnknownKeyId');
    expect(fx.server.hits).toBe(2);

    fx.clock.ms += 60_000; // penalty over: one more look, then boxed again
    expect(await codeOf(v.verifyAccessToken(await access({}, stranger)))).toBe('UnknownKeyId');
    expect(fx.server.hits).toBe(3);
  });

  it('random kids cost at most one fetch per cooldown', async () => {
    const v = verifier();
    await v.verifyAccessToken(await access());
    fx.clock.ms += 11_000;
    for (let i = 0; i < 10; i++) {
      const raw = unsignedJwt(
        { alg: 'RS256', kid: `random-${i}` },
        accessClaims(fx.server.issuer, fx.clock.seconds()),
        'c2ln',
      );
      expect(await codeOf(v.verifyAccessToken(raw))).toBe('UnknownKeyId');
    }
    expect(fx.server.hits).toBe(2);
  });

  it('picks up a rotated-in key with one refetch', async () => {
    const v = verifier();
    await v.verifyAccessToken(await access());
    const keyC = await makeKey('kid-c');
    fx.server.keys = [...fx.server.keys, keyC.publicJwk];
    fx.clock.ms += 11_000;
    await expect(v.verifyAccessToken(await access({}, keyC))).resolves.toBeDefined();
    expect(fx.server.hits).toBe(2);
  });

  it('JWKS down with cached keys → still verifies, even after the cache age', async () => {
    const v = verifier();
    await v.verifyAccessToken(await access());
    fx.server.mode = 'error';
    fx.clock.ms += 11 * 60_000; // stale: a refresh is attempted and fails
    await expect(v.verifyAccessToken(await access())).resolves.toBeDefined();
    await expect(v.verifyIdToken(await id())).resolves.toBeDefined(); // within cooldown: no retry
    expect(fx.server.hits).toBe(2);
  });

  it('a retired key stops verifying once the cache age passes', async () => {
    const v = verifier();
    await v.verifyAccessToken(await access());
    fx.server.keys = [fx.keyB.publicJwk];
    fx.clock.ms += 11 * 60_000;
    expect(await codeOf(v.verifyAccessToken(await access()))).toBe('UnknownKeyId');
  });

  it('JWKS down cold → JwksUnavailable (503), retried only after the cooldown', async () => {
    fx.server.mode = 'error';
    const v = verifier();
    const error = await v.verifyAccessToken(await access()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'JwksUnavailable', status: 503 });
    expect((error as Error).message).toContain('HTTP 503');
    expect(await codeOf(v.verifyAccessToken(await access()))).toBe('JwksUnavailable');
    expect(fx.server.hits).toBe(1);
    fx.server.mode = 'up';
    fx.clock.ms += 11_000;
    await expect(v.verifyAccessToken(await access())).resolves.toBeDefined();
    expect(fx.server.hits).toBe(2);
  });

  it('a hanging JWKS endpoint times out into JwksUnavailable', async () => {
    fx.server.mode = 'hang';
    const started = performance.now();
    expect(await codeOf(verifier({ jwksTimeoutMs: 150 }).verifyAccessToken(await access()))).toBe('JwksUnavailable');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('concurrent cold verifications share one JWKS fetch', async () => {
    fx.server.delayMs = 50;
    const v = verifier();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? access() : access({}, fx.keyB))));
    await Promise.all(tokens.map((raw) => v.verifyAccessToken(raw)));
    expect(fx.server.hits).toBe(1);
  });

  it('works through an injected fetch', async () => {
    const calls: string[] = [];
    const v = verifier({
      fetch: (input, init) => {
        calls.push(input);
        return fetch(input, init);
      },
    });
    await v.verifyAccessToken(await access());
    expect(calls).toEqual([fx.server.jwksUri]);
  });
});
