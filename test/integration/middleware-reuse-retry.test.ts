/**
 * Two instances behind a load balancer, played by two runner cores with their own single-flight
 * and memory, against one real IdP whose app client rotates refresh tokens (grace 10 s).
 * Instance A rotates the session; a request still carrying the old refresh token reaches
 * instance B after the grace period and gets RefreshTokenReuse. A page navigation is retried
 * once, so the browser's newer cookies decide; only a retry that fails the same way is
 * treated as signed out.
 */
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { createAuthMiddleware } from '../../src/next/middleware';
import { REUSE_RETRY_COOKIE } from '../../src/next/reuse-retry';
import { BrowserCookies, jtiOf } from './support/browser';
import { createCore, signedInCookies, useIdpPerTest } from './support/session-harness';

const GRACE_SECONDS = 10;

const env = useIdpPerTest();

const options = { protect: ['/dashboard', '/api/me'] };
const request = (path: string, cookies: BrowserCookies, method = 'GET') =>
  new NextRequest(`http://localhost:3000${path}`, { method, headers: { cookie: cookies.header() } });

/** The browser before and after instance A rotated its expired session; B has seen neither. */
async function rotatedElsewhere() {
  const instanceA = createAuthMiddleware(createCore(env.idp, env.clock), options);
  const instanceB = createAuthMiddleware(createCore(env.idp, env.clock), options);
  const stale = new BrowserCookies(await signedInCookies(createCore(env.idp, env.clock)));
  env.clock.advance(3600 + 60); // both tokens expired
  const rotated = await instanceA(request('/dashboard', stale));
  expect(rotated.status).toBe(200);
  const fresh = stale.clone();
  fresh.apply(rotated);
  expect(fresh.get('.refreshToken')).not.toBe(stale.get('.refreshToken'));
  env.clock.advance(GRACE_SECONDS + 5); // the old refresh token is now spent for good
  return { instanceB, stale, fresh };
}

describe('RefreshTokenReuse across instances', () => {
  it('retry-once: the stale navigation is sent back to the same URL, and the retry with newer cookies is served', async () => {
    const { instanceB, stale, fresh } = await rotatedElsewhere();

    const first = await instanceB(request('/dashboard?tab=2', stale));
    expect(first.status).toBe(307);
    expect(first.headers.get('location')).toBe('http://localhost:3000/dashboard?tab=2');
    const markers = first.headers.getSetCookie().filter((line) => line.startsWith(`${REUSE_RETRY_COOKIE}=`));
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatch(/Max-Age=10/i);
    expect(markers[0]).toMatch(/HttpOnly/i);
    // Nothing of the session is cleared: the newer cookie must not be raced by a deletion.
    expect(first.headers.getSetCookie().filter((line) => line.startsWith('CognitoIdentityServiceProvider.'))).toEqual(
      [],
    );

    // The browser holds A's cookies by now, plus the marker.
    fresh.apply(first);
    const retried = await instanceB(request('/dashboard?tab=2', fresh));
    expect(retried.status).toBe(200);
    expect(retried.headers.getSetCookie().find((line) => line.startsWith(`${REUSE_RETRY_COOKIE}=`))).toMatch(
      /Max-Age=0/i,
    );
    fresh.apply(retried);
    expect(fresh.names()).not.toContain(REUSE_RETRY_COOKIE);
    expect(jtiOf(fresh.get('.accessToken'))).toBeDefined();
  });

  it('only-once: a retry that still carries the spent token goes to sign-in, with the marker cleared', async () => {
    const { instanceB, stale } = await rotatedElsewhere();
    const first = await instanceB(request('/dashboard', stale));
    expect(first.status).toBe(307);
    stale.apply(first);

    const second = await instanceB(request('/dashboard', stale));
    expect(second.status).toBe(307);
    expect(new URL(second.headers.get('location')!).pathname).toBe('/sign-in');
    stale.apply(second);
    expect(stale.names()).not.toContain(REUSE_RETRY_COOKIE);
  });

  it('api-not-retried: an API call gets its 401 at once, and a POST is never replayed', async () => {
    const { instanceB, stale } = await rotatedElsewhere();
    const api = await instanceB(request('/api/me', stale));
    expect(api.status).toBe(401);
    expect(api.headers.getSetCookie().some((line) => line.startsWith(`${REUSE_RETRY_COOKIE}=`))).toBe(false);

    const post = await instanceB(request('/dashboard', stale, 'POST'));
    expect(post.status).toBe(307);
    expect(new URL(post.headers.get('location')!).pathname).toBe('/sign-in');
  });

  it('same-instance: one process hands the late request the newer tokens, no retry needed', async () => {
    const core = createCore(env.idp, env.clock);
    const middleware = createAuthMiddleware(core, options);
    const stale = new BrowserCookies(await signedInCookies(core));
    env.clock.advance(3600 + 60);
    expect((await middleware(request('/dashboard', stale))).status).toBe(200);
    env.clock.advance(GRACE_SECONDS + 5);
    const late = await middleware(request('/dashboard', stale));
    expect(late.status).toBe(200);
  });
});
