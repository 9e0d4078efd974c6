/**
 * Refreshed tokens on responses a shared cache may store. The middleware used to leave a
 * response's caching as the page or route chose it, so a `force-static` page answered
 * `Cache-Control: s-maxage=31536000` together with Set-Cookie for the access, ID and refresh
 * token, and a route sending `public, max-age=300` did the same: a CDN that stores Set-Cookie
 * hands one user's refresh token to everyone; one that strips it loses the rotation.
 *
 * Every response that carries session Set-Cookie lines — pass-through to a static page or a
 * public route (proved under `next start`, where Next merges its own Cache-Control with the
 * middleware's), redirects, `onSession` responses (next, rewrite, immutable, bodies) and the
 * auth route handlers — must say `private, no-store`; so must every answer on a protected path.
 */
import { NextRequest, NextResponse } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { createAuthMiddleware, type AuthMiddlewareOptions } from '../../src/next/middleware';
import { BrowserCookies, OffsetClock, signInBrowser } from '../integration/support/browser';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from '../integration/support/next-server';
import { createCore, signedInCookies, useIdpPerTest } from '../integration/support/session-harness';
import { call, createAuthRouteHandlers, routeCore } from './support/route-driver';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const HOUR_MS = 3600 * 1000;
const PRIVATE = 'private, no-store';

/** The session Set-Cookie lines that carry a refresh token (not a deletion). */
function refreshTokenLines(response: Response): string[] {
  return response.headers.getSetCookie().filter((line) => /\.refreshToken=[^;]/.test(line) && !/max-age=0/i.test(line));
}

describe.each(APP_VARIANTS)('next start, $name', ({ dir }) => {
  const clock = new OffsetClock();
  let idp: RunningIdp;
  let app: NextServer;

  beforeAll(async () => {
    idp = await startIdp({ port: 0, now: clock.now, log: () => {} });
    app = await startNext(dir, appEnv(idp));
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  /** A session whose tokens expired two minutes ago: the middleware refreshes it on any path. */
  async function expiredSession(): Promise<BrowserCookies> {
    clock.offsetMs = -HOUR_MS - 120_000;
    try {
      return await signInBrowser(idp, demo, { now: clock.now });
    } finally {
      clock.offsetMs = 0;
    }
  }

  const get = (path: string, cookies?: BrowserCookies) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookies ? { cookie: cookies.header() } : {} });

  it('static-page-refresh: a force-static page with a refreshed session is private, no-store — not s-maxage', async () => {
    const anonymous = await get('/about');
    expect(anonymous.status, app.output().slice(-1500)).toBe(200);
    // The control: without a session this is the CDN-cacheable static answer.
    expect(anonymous.headers.get('cache-control')).toMatch(/s-maxage=\d+/);
    expect(anonymous.headers.getSetCookie()).toEqual([]);

    const refreshed = await get('/about', await expiredSession());
    expect(refreshed.status).toBe(200);
    expect(await refreshed.text()).toContain('data-testid="about"');
    expect(refreshTokenLines(refreshed)).toHaveLength(1);
    expect(refreshed.headers.get('cache-control')).toBe(PRIVATE);
  });

  it('public-route-refresh: a route answering public, max-age=300 with a refreshed session is private, no-store', async () => {
    const anonymous = await get('/api/public-config');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=300');

    const refreshed = await get('/api/public-config', await expiredSession());
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ userPoolId: idp.poolId });
    expect(refreshTokenLines(refreshed)).toHaveLength(1);
    expect(refreshed.headers.get('cache-control')).toBe(PRIVATE);
  });

  it('redirect-with-cookies: a revoked session’s sign-in redirect, which clears the cookies, is private, no-store', async () => {
    const cookies = await expiredSession();
    const cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId: idp.defaultClientId });
    await cognito.revokeToken(cookies.get('.refreshToken')!);
    const response = await get('/dashboard', cookies);
    expect(response.status).toBe(307);
    expect(response.headers.getSetCookie().length).toBeGreaterThan(0);
    expect(response.headers.get('cache-control')).toBe(PRIVATE);
  });
});

describe('middleware responses (the real middleware function)', () => {
  const env = useIdpPerTest();

  async function expiredRequest(path: string) {
    const core = createCore(env.idp, env.clock);
    const cookies = new BrowserCookies(await signedInCookies(core));
    env.clock.advance(3600 + 60);
    return {
      core,
      request: new NextRequest(`http://localhost:3000${path}`, { headers: { cookie: cookies.header() } }),
    };
  }

  const hooks: Array<[string, NonNullable<AuthMiddlewareOptions['onSession']>]> = [
    [
      'next() with a public Cache-Control',
      () => NextResponse.next({ headers: { 'cache-control': 'public, max-age=60' } }),
    ],
    [
      'rewrite() with s-maxage',
      ({ request }) =>
        NextResponse.rewrite(new URL('/elsewhere', request.url), { headers: { 'cache-control': 's-maxage=600' } }),
    ],
    [
      'Response.redirect() (immutable headers)',
      ({ request }) => Response.redirect(new URL('/elsewhere', request.url), 307),
    ],
    [
      'a body with public caching',
      () => new Response('hello', { headers: { 'cache-control': 'public, max-age=31536000, immutable' } }),
    ],
  ];

  it.each(hooks)('onSession returning %s: refreshed cookies leave private, no-store', async (_label, onSession) => {
    const { core, request } = await expiredRequest('/public');
    const response = await createAuthMiddleware(core, { onSession })(request);
    expect(refreshTokenLines(response)).toHaveLength(1);
    expect(response.headers.get('cache-control')).toBe(PRIVATE);
  });

  it('protected-pass-through: a protected path is private, no-store even when nothing was refreshed', async () => {
    const core = createCore(env.idp, env.clock);
    const cookies = new BrowserCookies(await signedInCookies(core));
    const request = new NextRequest('http://localhost:3000/dashboard', { headers: { cookie: cookies.header() } });
    const response = await createAuthMiddleware(core, { protect: ['/dashboard'] })(request);
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('cache-control')).toBe(PRIVATE);
  });

  it('public-untouched: a public path with nothing written keeps the page’s own caching', async () => {
    const core = createCore(env.idp, env.clock);
    const response = await createAuthMiddleware(core, { protect: ['/dashboard'] })(
      new NextRequest('http://localhost:3000/about'),
    );
    expect(response.headers.get('cache-control')).toBeNull();
  });
});

describe('auth route handlers', () => {
  const env = useIdpPerTest();

  it('refresh-route: the rotated cookies of POST /api/auth/refresh leave private, no-store', async () => {
    const core = createCore(env.idp, env.clock);
    const cookies = new BrowserCookies(await signedInCookies(core));
    const handlers = createAuthRouteHandlers(routeCore(env.idp));
    const response = await call(handlers, 'refresh', { method: 'POST', cookie: cookies.header() });
    expect(response.status).toBe(200);
    expect(refreshTokenLines(response)).toHaveLength(1);
    expect(response.headers.get('cache-control')).toBe(PRIVATE);
  });
});
