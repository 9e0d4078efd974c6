/**
 * `auth.withAuth` under a real `next start` of test/fixtures/handler-app — an app with no
 * middleware.ts and no proxy.ts, so nothing but the handler's own guard stands in front of its
 * API routes — against the real local IdP. The IdP's clock is shifted to mint sessions that are
 * already expired, so the guard's refresh runs without sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { type BrowserCookies, jtiOf, OffsetClock, signInBrowser, signInExpired } from './support/browser';
import { appEnv, HANDLER_APP_DIR, startNext, type NextServer } from './support/next-server';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const admin = seed.users.find((u) => u.username === 'admin@example.com')!;

describe('auth.withAuth in a route handler, no middleware or proxy', () => {
  const clock = new OffsetClock();
  let idp: RunningIdp;
  let app: NextServer;

  beforeAll(async () => {
    idp = await startIdp({ port: 0, now: clock.now, log: () => {} });
    app = await startNext(HANDLER_APP_DIR, appEnv(idp));
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  const expiredSession = () => signInExpired(idp, clock, demo);
  const get = (path: string, cookies?: BrowserCookies) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookies ? { cookie: cookies.header() } : {} });

  it('handler-guard-valid: a valid session reaches the handler with no IdP call and no Set-Cookie', async () => {
    const cookies = await signInBrowser(idp, demo);
    await (await get('/api/guarded', cookies)).text(); // warms this server's JWKS cache
    idp.stats.reset();
    const response = await get('/api/guarded', cookies);
    expect(response.status, app.output()).toBe(200);
    expect(await response.json()).toEqual({
      username: demo.username,
      accessTokenJti: jtiOf(cookies.get('.accessToken')),
    });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(idp.stats.snapshot()).toEqual({});
  });

  it('handler-guard-signed-out: no session answers 401 NotAuthenticated JSON, and the handler never runs', async () => {
    const response = await get('/api/guarded');
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const body = (await response.json()) as { error: { code: string; message: string }; username?: string };
    expect(body.error.code).toBe('NotAuthenticated');
    expect(body.username).toBeUndefined();
  });

  it('handler-guard-refresh: expired tokens are refreshed in the handler; its response carries the rotated cookies', async () => {
    const cookies = await expiredSession();
    idp.stats.reset();
    const response = await get('/api/guarded', cookies);
    expect(response.status, app.output()).toBe(200);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
    const browser = cookies.clone();
    browser.apply(response);
    const newJti = jtiOf(browser.get('.accessToken'));
    expect(newJti).not.toBe(jtiOf(cookies.get('.accessToken')));
    expect(browser.get('.refreshToken')).not.toBe(cookies.get('.refreshToken'));
    // The handler saw the tokens it is sending, not the expired ones the request brought.
    expect(((await response.json()) as { accessTokenJti: string }).accessTokenJti).toBe(newJti);
    expect(response.headers.get('cache-control')).toBe('private, no-store');

    idp.stats.reset();
    const next = await get('/api/guarded', browser);
    expect(next.status).toBe(200);
    expect(next.headers.getSetCookie()).toEqual([]);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(0);
  });

  it('handler-guard-expired-without-refresh-token: 401, never the expired tokens', async () => {
    const cookies = await expiredSession();
    const header = cookies
      .header()
      .split('; ')
      .filter((pair) => !pair.split('=')[0]!.endsWith('.refreshToken'))
      .join('; ');
    const response = await fetch(`${app.url}/api/guarded`, { headers: { cookie: header } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NotAuthenticated');
  });

  it('handler-guard-groups: a user outside the group gets 403 Forbidden JSON, a member gets through', async () => {
    const denied = await get('/api/admins', await signInBrowser(idp, demo));
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('Forbidden');

    const allowed = await get('/api/admins', await signInBrowser(idp, admin));
    expect(allowed.status, app.output()).toBe(200);
    expect(await allowed.json()).toEqual({ admin: admin.username });
  });

  it("handler-guard-params: Next's route params reach the handler beside the session", async () => {
    const response = await get('/api/items/42', await signInBrowser(idp, demo));
    expect(response.status, app.output()).toBe(200);
    expect(await response.json()).toEqual({ id: '42', username: demo.username });
  });
});

describe('auth.withAuth when the session cannot be checked', () => {
  let idp: RunningIdp;
  let app: NextServer;

  beforeAll(async () => {
    idp = await startIdp({ port: 0, log: () => {} });
    // Nothing listens on port 1: every JWKS fetch fails, and this server has no keys cached.
    app = await startNext(HANDLER_APP_DIR, appEnv(idp, { COGNITO_JWKS_URI: 'http://127.0.0.1:1/jwks.json' }));
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  it('handler-guard-outage: a JWKS outage is 503 JwksUnavailable with the cookies kept, never a silent 401', async () => {
    const response = await fetch(`${app.url}/api/guarded`, {
      headers: { cookie: (await signInBrowser(idp, demo)).header() },
    });
    expect(response.status, app.output()).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('JwksUnavailable');
    // The operator's message (with the internal URL) stays in the log.
    expect(body.error.message).not.toContain('127.0.0.1');
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
