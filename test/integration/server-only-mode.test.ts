/**
 * Server-only mode: HttpOnly cookies whose values are sealed as JWE. Sign-in through the route
 * handler, the session through the middleware, a refresh that re-seals — against the real IdP.
 */
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSetCookie } from 'cookie';
import { resolveConfig } from '../../src/config';
import { createAuthMiddleware } from '../../src/next/middleware';
import { createAuthRouteHandlers } from '../../src/next/route-handlers';
import { createCookieSealer } from '../../src/cookies/seal';
import { createAuthCore } from '../../src/session/core';
import type { RunningIdp } from 'next-cognito-session-idp';
import { BrowserCookies } from './support/browser';
import { Clock, demoUser, idpConfig, recordingLogger, startTestIdp } from './support/session-harness';

const SECRET = 'a-server-only-secret-of-at-least-32-characters';
let clock: Clock;
let idp: RunningIdp;

beforeEach(async () => {
  clock = new Clock();
  idp = await startTestIdp(clock);
});

afterEach(async () => {
  await idp.close();
});

function serverOnlyCore() {
  const config = resolveConfig({
    config: idpConfig(idp),
    cookies: { httpOnly: true, encryptionSecret: SECRET },
  });
  return createAuthCore(config, { now: clock.now, logger: recordingLogger(), sealing: createCookieSealer });
}

async function signIn(core: ReturnType<typeof serverOnlyCore>): Promise<Response> {
  const { POST } = createAuthRouteHandlers(core);
  return POST(
    new Request('http://localhost:3000/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ username: demoUser.username, password: demoUser.password }),
    }),
    { params: Promise.resolve({ slug: 'sign-in' }) },
  );
}

describe('server-only mode', () => {
  it('sealed-httponly-cookies: sign-in writes HttpOnly cookies whose values are not readable tokens', async () => {
    const response = await signIn(serverOnlyCore());
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie().map((line) => parseSetCookie(line));
    const tokenCookies = cookies.filter((cookie) => /\.(accessToken|idToken|refreshToken)(\.\d+)?$/.test(cookie.name));
    expect(tokenCookies.length).toBeGreaterThanOrEqual(3);
    for (const cookie of tokenCookies) {
      expect(cookie.httpOnly).toBe(true);
      // Compact JWE has five segments; a readable JWT would have three and start with eyJ.
      const value = decodeURIComponent(cookie.value ?? '').replace(/^\d+~[0-9a-z]+~/, '');
      expect(value.split('.').length).toBe(5);
    }
  });

  it('sealed-session-verifies-and-refreshes: the middleware opens them, and a refresh seals the new ones', async () => {
    const core = serverOnlyCore();
    const browser = new BrowserCookies();
    browser.apply(await signIn(core));
    const middleware = createAuthMiddleware(core, { protect: ['/dashboard'] });
    const request = () => new NextRequest('http://localhost:3000/dashboard', { headers: { cookie: browser.header() } });

    expect((await middleware(request())).status).toBe(200);

    clock.advance(3601);
    const refreshed = await middleware(request());
    expect(refreshed.status).toBe(200);
    const lines = refreshed.headers.getSetCookie();
    expect(lines.some((line) => line.includes('.accessToken'))).toBe(true);
    expect(lines.every((line) => /HttpOnly/i.test(line))).toBe(true);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);

    browser.apply(refreshed);
    expect((await middleware(request())).status).toBe(200);
  });

  it('wrong-secret: cookies sealed with another secret are an unusable session, not an error page', async () => {
    const browser = new BrowserCookies();
    browser.apply(await signIn(serverOnlyCore()));
    const other = createAuthCore(
      resolveConfig({
        config: idpConfig(idp),
        cookies: { httpOnly: true, encryptionSecret: 'another-secret-that-is-also-32-chars-long' },
      }),
      { now: clock.now, logger: recordingLogger(), sealing: createCookieSealer },
    );
    const response = await createAuthMiddleware(other, { protect: ['/dashboard'] })(
      new NextRequest('http://localhost:3000/dashboard', { headers: { cookie: browser.header() } }),
    );
    expect(response.status).toBe(307);
  });
});
