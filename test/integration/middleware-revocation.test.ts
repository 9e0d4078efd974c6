/**
 * `checkRevocation`: the real middleware function (NextRequest from next/server) against the
 * real IdP, so a global sign-out elsewhere ends the session before the access token expires.
 */
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { createAuthMiddleware } from '../../src/next/middleware';
import { BrowserCookies } from './support/browser';
import { createCore, signedInCookies, useIdpPerTest } from './support/session-harness';

const env = useIdpPerTest();

function request(cookies: BrowserCookies): NextRequest {
  return new NextRequest('http://localhost:3000/dashboard', { headers: { cookie: cookies.header() } });
}

async function globalSignOut(cookies: BrowserCookies): Promise<void> {
  const cognito = createCognitoClient({ endpoint: `${env.idp.url}/`, clientId: env.idp.defaultClientId });
  await cognito.globalSignOut(cookies.get('.accessToken')!);
}

describe('checkRevocation', () => {
  it('global-sign-out-bites: a revoked access token is refused and its cookies cleared within the TTL', async () => {
    const core = createCore(env.idp, env.clock);
    const middleware = createAuthMiddleware(core, { protect: ['/dashboard'], checkRevocation: { ttlSeconds: 30 } });
    const cookies = new BrowserCookies(await signedInCookies(core));

    env.idp.stats.reset();
    expect((await middleware(request(cookies))).status).toBe(200);
    expect((await middleware(request(cookies))).status).toBe(200);
    expect(env.idp.stats.count('GetUser')).toBe(1); // the verdict is cached for the TTL

    await globalSignOut(cookies);
    env.clock.advance(31);
    const response = await middleware(request(cookies));
    expect(response.status).toBe(307);
    const browser = cookies.clone();
    browser.apply(response);
    expect(browser.names().filter((name) => name.startsWith('CognitoIdentityServiceProvider.'))).toEqual([]);
  });

  it('off-by-default: without the option the same revoked token is served until it expires', async () => {
    const core = createCore(env.idp, env.clock);
    const middleware = createAuthMiddleware(core, { protect: ['/dashboard'] });
    const cookies = new BrowserCookies(await signedInCookies(core));
    await globalSignOut(cookies);
    env.idp.stats.reset();
    expect((await middleware(request(cookies))).status).toBe(200);
    expect(env.idp.stats.count('GetUser')).toBe(0);
  });

  it('outage-is-no-verdict: with the IdP down the session is served, not cleared', async () => {
    const core = createCore(env.idp, env.clock, { idpTimeoutMs: 500 });
    const middleware = createAuthMiddleware(core, { protect: ['/dashboard'], checkRevocation: true });
    const cookies = new BrowserCookies(await signedInCookies(core));
    await env.idp.stop();
    try {
      const response = await middleware(request(cookies));
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie()).toEqual([]);
    } finally {
      await env.idp.start();
    }
  });
});
