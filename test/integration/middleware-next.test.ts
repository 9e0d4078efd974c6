/**
 * The auth middleware under a real `next start` — edge `middleware.ts` and node `proxy.ts` —
 * against the real local IdP. The IdP's clock is shifted to mint sessions that are already
 * expiring, so refresh paths run without sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { type BrowserCookies, jtiOf, OffsetClock, signInBrowser } from './support/browser';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from './support/next-server';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const admin = seed.users.find((u) => u.username === 'admin@example.com')!;
const HOUR_MS = 3600 * 1000;

describe.each(APP_VARIANTS)('$name', ({ dir }) => {
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

  /** A session whose tokens expired `agoSeconds` ago (IdP clock moved back, then restored). */
  async function expiredSession(user = demo, agoSeconds = 120): Promise<BrowserCookies> {
    clock.offsetMs = -HOUR_MS - agoSeconds * 1000;
    try {
      return await signInBrowser(idp, user, { now: clock.now });
    } finally {
      clock.offsetMs = 0;
    }
  }

  const get = (path: string, cookies?: BrowserCookies) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookies ? { cookie: cookies.header() } : {} });

  const pageJti = async (response: Response) => /data-testid="access-jti">([^<]+)</.exec(await response.text())?.[1];

  it('valid-session-hot-path: a valid session is served with no IdP call and no Set-Cookie', async () => {
    const cookies = await signInBrowser(idp, demo);
    await get('/dashboard', cookies); // warms the JWKS cache of this server
    idp.stats.reset();
    const response = await get('/dashboard', cookies);
    expect(response.status, app.output()).toBe(200);
    expect(await pageJti(response)).toBe(jtiOf(cookies.get('.accessToken')));
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(idp.stats.snapshot()).toEqual({});
  });

  it('refresh-in-middleware: an expired session is refreshed and the page of the same request shows the new jti', async () => {
    const cookies = await expiredSession();
    const oldJti = jtiOf(cookies.get('.accessToken'));
    idp.stats.reset();
    const response = await get('/dashboard', cookies);
    expect(response.status, app.output()).toBe(200);
    const browser = cookies.clone();
    browser.apply(response);
    const newJti = jtiOf(browser.get('.accessToken'));
    expect(newJti).not.toBe(oldJti);
    expect(await pageJti(response)).toBe(newJti);
    expect(browser.get('.refreshToken')).not.toBe(cookies.get('.refreshToken'));
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
  });

  it('refresh-reaches-route-handler: a route handler in the same request sees the refreshed token', async () => {
    const cookies = await expiredSession();
    const response = await get('/api/me', cookies);
    expect(response.status).toBe(200);
    const browser = cookies.clone();
    browser.apply(response);
    const body = (await response.json()) as { accessTokenJti: string };
    expect(body.accessTokenJti).toBe(jtiOf(browser.get('.accessToken')));
    expect(body.accessTokenJti).not.toBe(jtiOf(cookies.get('.accessToken')));
  });

  it('refresh-storm-one-call: 50 parallel requests on one expired session → 1 IdP refresh, 0 sign-outs', async () => {
    const cookies = await expiredSession();
    idp.stats.reset();
    const responses = await Promise.all(Array.from({ length: 50 }, () => get('/api/me', cookies)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    const jtis = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { accessTokenJti: string }).accessTokenJti)),
    );
    expect(jtis.size).toBe(1);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
  });

  it('signed-out-redirect: a protected page redirects to sign-in with a same-origin returnTo', async () => {
    const response = await get('/dashboard?tab=claims');
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get('location')!, app.url);
    expect(location.pathname).toBe('/sign-in');
    expect(location.searchParams.get('returnTo')).toBe('/dashboard?tab=claims');
  });

  it('signed-out-api-401: a protected API answers 401 JSON', async () => {
    const response = await get('/api/me');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'NotAuthenticated' } });
  });

  it('group-rules: ADMINS-only paths answer 403 page / 403 JSON to others and 200 to admins', async () => {
    const user = await signInBrowser(idp, demo);
    const page = await get('/admin', user);
    expect(page.status).toBe(403);
    const api = await get('/api/admin/report', user);
    expect(api.status).toBe(403);
    expect(await api.json()).toMatchObject({ error: { code: 'Forbidden' } });

    const boss = await signInBrowser(idp, admin);
    expect((await get('/admin', boss)).status).toBe(200);
    expect((await get('/api/admin/report', boss)).status).toBe(200);
  });

  it('revoked-clears-cookies: after global sign-out an expired session is cleared and redirected', async () => {
    const cookies = await expiredSession();
    const cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId: idp.defaultClientId });
    await cognito.revokeToken(cookies.get('.refreshToken')!);
    const response = await get('/dashboard', cookies);
    expect(response.status).toBe(307);
    const browser = cookies.clone();
    browser.apply(response);
    expect(browser.names().filter((name) => name.startsWith('CognitoIdentityServiceProvider.'))).toEqual([]);
  });

  it('idp-down: an expired session gets 503 IdpUnavailable on APIs, cookies kept; a valid one is still served', async () => {
    const expired = await expiredSession();
    const valid = await signInBrowser(idp, demo);
    await get('/api/me', valid); // verified and cached while the IdP is up
    await idp.stop();
    try {
      const api = await get('/api/me', expired);
      expect(api.status).toBe(503);
      const body = (await api.json()) as { error: { code: string; message: string } };
      expect(body).toMatchObject({ error: { code: 'IdpUnavailable' } });
      // The operator's message names the IdP's address; the browser's must not.
      expect(body.error.message).not.toContain('127.0.0.1');
      expect(api.headers.getSetCookie()).toEqual([]);

      const page = await get('/dashboard', expired);
      expect(page.status).toBe(307);
      expect(new URL(page.headers.get('location')!, app.url).searchParams.get('error')).toBe('IdpUnavailable');

      expect((await get('/api/me', valid)).status).toBe(200);
    } finally {
      await idp.start();
    }
    expect((await get('/api/me', expired)).status).toBe(200);
  });
});
