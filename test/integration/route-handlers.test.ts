/**
 * `auth.routeHandlers()` against the real local IdP on 127.0.0.1: every request is a plain
 * WHATWG Request as Next hands it to `app/api/auth/[slug]/route.ts`, and a tiny cookie jar plays
 * the browser between calls.
 */
import { parseSetCookie, type SetCookie } from 'cookie';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { createCookieSealer } from '../../src/cookies/seal';
import { createAuthCore, type AuthCore, type CoreOptions } from '../../src/session/core';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { createAuthRouteHandlers } from '../../src/next/route-handlers';
import { adminUser, demoUser, idpConfig, recordingLogger } from './support/session-harness';

const APP = 'http://localhost:3000';
const CALLBACK = `${APP}/api/auth/sign-in-callback`;
const PREFIX = 'CognitoIdentityServiceProvider.';

/** Cookies a browser would hold for one site, fed by Set-Cookie and replayed as a Cookie header. */
class Browser {
  readonly cookies = new Map<string, SetCookie>();

  take(response: Response): SetCookie[] {
    const lines = response.headers.getSetCookie().map((line) => parseSetCookie(line));
    for (const cookie of lines) {
      if (cookie.maxAge !== undefined && cookie.maxAge <= 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie);
    }
    return lines;
  }

  header(): string {
    return [...this.cookies.values()].map((c) => `${c.name}=${encodeURIComponent(c.value ?? '')}`).join('; ');
  }

  value(suffix: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name.endsWith(suffix))?.value;
  }

  sessionNames(): string[] {
    return [...this.cookies.keys()].filter((name) => name.startsWith(PREFIX));
  }
}

let idp: RunningIdp;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
});
afterAll(async () => {
  await idp.close();
});

function makeCore(options: CoreOptions & { oauth?: boolean; secret?: string; secure?: boolean } = {}): AuthCore {
  const config = resolveConfig({
    config: {
      ...idpConfig(idp),
      ...(options.oauth === false
        ? {}
        : {
            oauth: {
              domain: idp.url,
              redirectSignIn: CALLBACK,
              redirectSignOut: `${APP}/`,
              scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
            },
          }),
    },
    session: { idpTimeoutMs: 2000 },
    cookies: {
      ...(options.secret ? { encryptionSecret: options.secret } : {}),
      ...(options.secure !== undefined ? { secure: options.secure } : {}),
    },
  });
  return createAuthCore(config, { logger: recordingLogger(), sealing: createCookieSealer, ...options });
}

type Handlers = ReturnType<typeof createAuthRouteHandlers>;

interface CallInit {
  method?: 'GET' | 'POST' | 'PUT';
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
  browser?: Browser;
  url?: string;
}

async function call(handlers: Handlers, slug: string, init: CallInit = {}): Promise<Response> {
  const method = init.method ?? (init.form || init.json !== undefined ? 'POST' : 'GET');
  const url = new URL(init.url ?? `${APP}/api/auth/${slug}`);
  for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
  const headers = new Headers(method === 'POST' ? { origin: APP } : {});
  let body: string | undefined;
  if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  if (init.browser) headers.set('cookie', init.browser.header());
  for (const [key, value] of Object.entries(init.headers ?? {})) headers.set(key, value);
  const request = new Request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const handler = method === 'GET' ? handlers.GET : handlers.POST;
  const response = await handler(request, { params: Promise.resolve({ slug }) });
  init.browser?.take(response);
  return response;
}

/** The IdP's /logout for the app client, back to redirectSignOut — and nothing else in the URL. */
function expectHostedLogout(location: string | null | undefined): void {
  const url = new URL(location ?? 'missing:');
  expect(`${url.origin}${url.pathname}`).toBe(`${idp.url}/logout`);
  expect([...url.searchParams]).toEqual([
    ['client_id', idp.defaultClientId],
    ['logout_uri', `${APP}/`],
  ]);
}

async function signedIn(handlers: Handlers, user = demoUser): Promise<Browser> {
  const browser = new Browser();
  const response = await call(handlers, 'sign-in', {
    json: { username: user.username, password: user.password },
    browser,
  });
  expect(response.status).toBe(200);
  return browser;
}

describe('POST sign-in', () => {
  let handlers: Handlers;
  beforeEach(() => {
    handlers = createAuthRouteHandlers(makeCore());
  });

  it('signs in with JSON over SRP and writes Amplify-shaped cookies, never tokens in the body', async () => {
    const browser = new Browser();
    const response = await call(handlers, 'sign-in', {
      json: { username: demoUser.username, password: demoUser.password },
      browser,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const body = await response.json();
    expect(body.user).toMatchObject({ username: demoUser.username, email: demoUser.username });
    expect(body.user.signInDetails).toEqual({ loginId: demoUser.username, authFlowType: 'USER_SRP_AUTH' });
    expect(JSON.stringify(body)).not.toContain(browser.value('.refreshToken')!);
    expect(JSON.stringify(body)).not.toContain(browser.value('.accessToken')!);

    const kinds = browser.sessionNames().map((name) => name.split('.').pop());
    expect(kinds.sort()).toEqual([
      'LastAuthUser',
      'accessToken',
      'clockDrift',
      'idToken',
      'refreshToken',
      'signInDetails',
    ]);
    const access = [...browser.cookies.values()].find((c) => c.name.endsWith('.accessToken'))!;
    expect(access).toMatchObject({ path: '/', sameSite: 'lax', maxAge: 30 * 24 * 3600 });
    expect(access.secure).toBeFalsy();
    // Same clock on both sides here, so the drift Amplify would record is within a second of 0.
    expect(Math.abs(Number(browser.value('.clockDrift')))).toBeLessThan(1500);
  });

  it('marks cookies Secure when the proxy says the browser used https', async () => {
    const browser = new Browser();
    await call(handlers, 'sign-in', {
      json: { username: demoUser.username, password: demoUser.password },
      headers: { 'x-forwarded-proto': 'https' },
      browser,
    });
    const access = [...browser.cookies.values()].find((c) => c.name.endsWith('.accessToken'))!;
    expect(access.secure).toBe(true);
  });

  it('answers a form post with a 303 to returnTo', async () => {
    const browser = new Browser();
    const response = await call(handlers, 'sign-in', {
      form: { username: demoUser.username, password: demoUser.password, returnTo: '/dashboard?tab=1' },
      browser,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard?tab=1');
    expect(browser.value('.LastAuthUser')).toBe(demoUser.username);
  });

  it.each(['//evil.com', '/\\evil.com', 'https:evil.com', 'https://evil.com/x', '/\t/evil.com'])(
    'never redirects off-site for returnTo %j',
    async (returnTo) => {
      const response = await call(handlers, 'sign-in', {
        form: { username: demoUser.username, password: demoUser.password, returnTo },
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
    },
  );

  it('gives a wrong password and an unknown user the very same answer', async () => {
    const wrong = await call(handlers, 'sign-in', { json: { username: demoUser.username, password: 'Wrong-pass1' } });
    const unknown = await call(handlers, 'sign-in', {
      json: { username: 'nobody@example.com', password: 'Wrong-pass1' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual({
      error: { code: 'InvalidCredentials', message: 'Incorrect username or password.' },
    });
    expect(wrong.headers.getSetCookie()).toEqual([]);

    const form = async (username: string) =>
      (
        await call(handlers, 'sign-in', { form: { username, password: 'Wrong-pass1', returnTo: '/dashboard' } })
      ).headers.get('location');
    expect(await form(demoUser.username)).toBe('/sign-in?error=InvalidCredentials&returnTo=%2Fdashboard');
    expect(await form('nobody@example.com')).toBe('/sign-in?error=InvalidCredentials&returnTo=%2Fdashboard');
  });

  it('drops an unsafe returnTo from the error redirect', async () => {
    const response = await call(handlers, 'sign-in', {
      form: { username: 'x', password: 'y', returnTo: '//evil.com' },
    });
    expect(response.headers.get('location')).toBe('/sign-in?error=InvalidCredentials');
  });

  it('rejects malformed bodies with InvalidRequest', async () => {
    const response = await call(handlers, 'sign-in', { json: { username: demoUser.username } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('InvalidRequest');
    const big = await call(handlers, 'sign-in', { json: { username: 'a', password: 'x'.repeat(20_000) } });
    expect(big.status).toBe(400);
  });

  it('completes NEW_PASSWORD_REQUIRED through an HttpOnly challenge cookie', async () => {
    const username = `force-${Date.now()}@example.com`;
    await idp.admin.createUser({
      username,
      password: 'Temp-pass1!',
      attributes: { email: username },
      status: 'FORCE_CHANGE_PASSWORD',
    });
    const browser = new Browser();
    const first = await call(handlers, 'sign-in', { json: { username, password: 'Temp-pass1!' }, browser });
    expect(first.status).toBe(401);
    expect((await first.json()).error.code).toBe('NewPasswordRequired');
    const challenge = [...browser.cookies.values()].find((c) => c.name.startsWith('ncs-challenge.'))!;
    expect(challenge).toMatchObject({ httpOnly: true, path: '/api/auth', sameSite: 'lax' });
    expect(browser.sessionNames()).toEqual([]);

    const second = await call(handlers, 'sign-in', { json: { newPassword: 'Chosen-pass1!' }, browser });
    expect(second.status).toBe(200);
    expect((await second.json()).user.username).toBe(username);
    expect(browser.cookies.has(challenge.name)).toBe(false);
    expect(browser.value('.LastAuthUser')).toBe(username);

    const again = await call(handlers, 'sign-in', { json: { username, password: 'Chosen-pass1!' } });
    expect(again.status).toBe(200);
  });

  it('says NewPasswordRequired was not started when there is no challenge cookie', async () => {
    const response = await call(handlers, 'sign-in', { json: { newPassword: 'Chosen-pass1!' } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('InvalidRequest');
  });
});

describe('password fallback', () => {
  /** An app client that refuses USER_SRP_AUTH, as Cognito does when the flow is not enabled. */
  const srpRefusingFetch: CoreOptions['fetch'] = async (input, init) => {
    if (typeof init?.body === 'string' && init.body.includes('"USER_SRP_AUTH"')) {
      return new Response(
        JSON.stringify({
          __type: 'InvalidParameterException',
          message: 'USER_SRP_AUTH is not enabled for the client.',
        }),
        {
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
        },
      );
    }
    return fetch(input, init);
  };

  it('uses USER_PASSWORD_AUTH only when enabled and SRP is refused', async () => {
    const core = makeCore({ fetch: srpRefusingFetch });
    const refused = await call(createAuthRouteHandlers(core), 'sign-in', {
      json: { username: demoUser.username, password: demoUser.password },
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('IdpRejected');

    const withFallback = createAuthRouteHandlers(core, { passwordFallback: true });
    const response = await call(withFallback, 'sign-in', {
      json: { username: demoUser.username, password: demoUser.password },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).user.signInDetails.authFlowType).toBe('USER_PASSWORD_AUTH');
  });
});

describe('hosted UI', () => {
  /** Follows the authorize redirect through the IdP's login form like a browser would. */
  async function loginAtIdp(authorizeUrl: string, user = demoUser): Promise<string> {
    const idpBrowser = new Browser();
    const page = await fetch(authorizeUrl, { redirect: 'manual' });
    idpBrowser.take(page);
    const html = await page.text();
    const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1];
    expect(transaction).toBeTruthy();
    const login = await fetch(`${idp.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: idpBrowser.header() },
      body: new URLSearchParams({ transaction: transaction!, username: user.username, password: user.password }),
    });
    expect(login.status).toBe(302);
    return login.headers.get('location')!;
  }

  it('round-trips authorize → login → callback with PKCE and lands on returnTo signed in', async () => {
    const handlers = createAuthRouteHandlers(makeCore());
    const browser = new Browser();
    const start = await call(handlers, 'sign-in', { query: { provider: 'hosted', returnTo: '/dashboard' }, browser });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${idp.url}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: idp.defaultClientId,
      redirect_uri: CALLBACK,
      scope: 'openid email profile aws.cognito.signin.user.admin',
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const tx = [...browser.cookies.values()].find((c) => c.name.startsWith('ncs-oauth.'))!;
    expect(tx).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/api/auth', maxAge: 300 });
    // The verifier must not be readable from the URL the IdP (or its logs) sees.
    expect(authorize.toString()).not.toContain(
      JSON.parse(Buffer.from(tx.value ?? '', 'base64url').toString()).data.verifier,
    );

    const callback = await loginAtIdp(authorize.toString());
    expect(callback.startsWith(`${CALLBACK}?`)).toBe(true);
    const done = await call(handlers, 'sign-in-callback', { url: callback, browser });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/dashboard');
    expect(browser.cookies.has(tx.name)).toBe(false);
    expect(browser.value('.LastAuthUser')).toBe(demoUser.username);
    // Amplify's completeOAuthFlow records no signInDetails for the hosted UI.
    expect(browser.value('.signInDetails')).toBeUndefined();

    const session = await call(handlers, 'session', { browser });
    expect((await session.json()).user.username).toBe(demoUser.username);
  });

  it('refuses a callback whose state does not match, or with no transaction, without an exception', async () => {
    const handlers = createAuthRouteHandlers(makeCore());
    const browser = new Browser();
    const start = await call(handlers, 'sign-in', { query: { provider: 'hosted' }, browser });
    const callback = new URL(await loginAtIdp(start.headers.get('location')!));
    callback.searchParams.set('state', 'forged-state-value');
    const mismatch = await call(handlers, 'sign-in-callback', { url: callback.toString(), browser });
    expect(mismatch.status).toBe(302);
    expect(mismatch.headers.get('location')).toBe('/sign-in?error=StateMismatch');
    expect(browser.sessionNames()).toEqual([]);

    const noCookie = await call(handlers, 'sign-in-callback', { query: { code: 'x', state: 'y' } });
    expect(noCookie.headers.get('location')).toBe('/sign-in?error=StateMismatch');
  });

  it('never redirects off-site for a returnTo rewritten in an unsealed transaction cookie', async () => {
    const handlers = createAuthRouteHandlers(makeCore(), { afterSignInPath: '/home' });
    const browser = new Browser();
    const start = await call(handlers, 'sign-in', { query: { provider: 'hosted', returnTo: '/dashboard' }, browser });
    const tx = [...browser.cookies.values()].find((c) => c.name.startsWith('ncs-oauth.'))!;
    const envelope = JSON.parse(Buffer.from(tx.value!, 'base64url').toString());
    envelope.data.returnTo = '//evil.com/steal';
    browser.cookies.set(tx.name, { ...tx, value: Buffer.from(JSON.stringify(envelope)).toString('base64url') });
    const callback = await loginAtIdp(start.headers.get('location')!);
    const done = await call(handlers, 'sign-in-callback', { url: callback, browser });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/home');
    expect(browser.value('.LastAuthUser')).toBe(demoUser.username);
  });

  it('marks the transaction cookies Secure when cookies.secure says so, whatever the request URL', async () => {
    const handlers = createAuthRouteHandlers(makeCore({ secure: true }));
    const browser = new Browser();
    await call(handlers, 'sign-in', { query: { provider: 'hosted' }, browser });
    const tx = [...browser.cookies.values()].find((c) => c.name.startsWith('ncs-oauth.'))!;
    expect(tx.secure).toBe(true);
    const state = JSON.parse(Buffer.from(tx.value!, 'base64url').toString()).data.state;
    const cleared = await call(handlers, 'sign-in-callback', { query: { code: 'x', state } });
    expect(cleared.headers.getSetCookie().find((line) => line.startsWith(`${tx.name}=;`))).toMatch(/; Secure/i);
  });

  it('completes two hosted sign-ins started in two tabs of one browser, each back to its own returnTo', async () => {
    const handlers = createAuthRouteHandlers(makeCore());
    const browser = new Browser();
    const first = await call(handlers, 'sign-in', { query: { provider: 'hosted', returnTo: '/first' }, browser });
    const second = await call(handlers, 'sign-in', { query: { provider: 'hosted', returnTo: '/second' }, browser });
    const pending = () => [...browser.cookies.keys()].filter((name) => name.startsWith('ncs-oauth.'));
    expect(pending()).toHaveLength(2);

    // The first tab finishes last: the second flow's cookie must not have replaced its own.
    const secondCallback = await loginAtIdp(second.headers.get('location')!);
    const firstCallback = await loginAtIdp(first.headers.get('location')!, adminUser);
    const secondDone = await call(handlers, 'sign-in-callback', { url: secondCallback, browser });
    expect(secondDone.headers.get('location')).toBe('/second');
    expect(pending()).toHaveLength(1);
    const firstDone = await call(handlers, 'sign-in-callback', { url: firstCallback, browser });
    expect(firstDone.headers.get('location')).toBe('/first');
    expect(browser.value('.LastAuthUser')).toBe(adminUser.username);
    expect(pending()).toEqual([]);

    // Each callback was single-use: replaying one finds no transaction.
    const replay = await call(handlers, 'sign-in-callback', { url: secondCallback, browser });
    expect(replay.headers.get('location')).toBe('/sign-in?error=StateMismatch');
  });

  it('keeps at most four hosted sign-ins pending per browser', async () => {
    const handlers = createAuthRouteHandlers(makeCore());
    const browser = new Browser();
    const starts: Response[] = [];
    for (let i = 0; i < 6; i++)
      starts.push(await call(handlers, 'sign-in', { query: { provider: 'hosted' }, browser }));
    const pending = [...browser.cookies.keys()].filter((name) => name.startsWith('ncs-oauth.'));
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.length).toBeLessThanOrEqual(4);
    // The newest always survives.
    const done = await call(handlers, 'sign-in-callback', {
      url: await loginAtIdp(starts[5]!.headers.get('location')!),
      browser,
    });
    expect(browser.value('.LastAuthUser')).toBe(demoUser.username);
    expect(done.headers.get('location')).toBe('/');
  });

  it('seals the transaction cookie when a cookie secret is configured, and refuses a tampered one', async () => {
    const handlers = createAuthRouteHandlers(makeCore({ secret: 'a-test-secret-that-is-long-enough-1234' }));
    const browser = new Browser();
    const start = await call(handlers, 'sign-in', { query: { provider: 'hosted', returnTo: '/sealed' }, browser });
    const tx = [...browser.cookies.values()].find((c) => c.name.startsWith('ncs-oauth.'))!;
    expect(tx.value!.split('.')).toHaveLength(5); // compact JWE
    const callback = await loginAtIdp(start.headers.get('location')!);

    const tampered = new Browser();
    tampered.cookies.set(tx.name, { ...tx, value: `${tx.value!.slice(0, -4)}AAAA` });
    const refused = await call(handlers, 'sign-in-callback', { url: callback, browser: tampered });
    expect(refused.headers.get('location')).toBe('/sign-in?error=StateMismatch');

    const done = await call(handlers, 'sign-in-callback', { url: callback, browser });
    expect(done.headers.get('location')).toBe('/sealed');
    // The session cookies are sealed too; the session route reads them back.
    const session = await call(handlers, 'session', { browser });
    expect((await session.json()).user.username).toBe(demoUser.username);
  });

  it('lets a transaction expire after five minutes', async () => {
    let now = Date.now();
    const handlers = createAuthRouteHandlers(makeCore({ now: () => now }));
    const browser = new Browser();
    const start = await call(handlers, 'sign-in', { query: { provider: 'hosted' }, browser });
    const callback = await loginAtIdp(start.headers.get('location')!);
    now += 301_000;
    const late = await call(handlers, 'sign-in-callback', { url: callback, browser });
    expect(late.headers.get('location')).toBe('/sign-in?error=StateMismatch');
  });

  it('reports the IdP being down during the code exchange as IdpUnavailable', async () => {
    const handlers = createAuthRouteHandlers(makeCore(), {
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const browser = new Browser();
    const start = await call(handlers, 'sign-in', { query: { provider: 'hosted', returnTo: '/x' }, browser });
    const callback = await loginAtIdp(start.headers.get('location')!);
    const response = await call(handlers, 'sign-in-callback', { url: callback, browser });
    expect(response.headers.get('location')).toBe('/sign-in?error=IdpUnavailable&returnTo=%2Fx');
  });

  it('logs which setting is missing when the hosted UI is not configured, and tells the browser only the code', async () => {
    const logger = recordingLogger();
    const response = await call(createAuthRouteHandlers(makeCore({ oauth: false, logger })), 'sign-in', {
      query: { provider: 'hosted' },
    });
    expect(response.status).toBe(500);
    const { error } = await response.json();
    expect(error.code).toBe('ConfigInvalid');
    expect(error.message).not.toContain('COGNITO_OAUTH_DOMAIN');
    expect(logger.lines.join('\n')).toContain('COGNITO_OAUTH_DOMAIN');
  });
});

describe('POST sign-out', () => {
  let core: AuthCore;
  let handlers: Handlers;
  beforeEach(() => {
    core = makeCore();
    handlers = createAuthRouteHandlers(core);
  });

  it('signs out locally: every session cookie deleted, the refresh token revoked', async () => {
    const browser = await signedIn(handlers);
    const refreshToken = browser.value('.refreshToken')!;
    const response = await call(handlers, 'sign-out', { json: {}, browser });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ signedOut: true, hostedSignOutUrl: expect.any(String) });
    expectHostedLogout(body.hostedSignOutUrl);
    expect(browser.sessionNames()).toEqual([]);
    await expect(core.cognito.getTokensFromRefreshToken({ refreshToken })).rejects.toMatchObject({
      code: 'RefreshTokenRevoked',
    });
  });

  it('signs out globally: other sessions of the user die too', async () => {
    const browser = await signedIn(handlers);
    const elsewhere = await signedIn(handlers);
    const otherRefresh = elsewhere.value('.refreshToken')!;
    const response = await call(handlers, 'sign-out', { form: { global: 'true', returnTo: '/bye' }, browser });
    expect(response.status).toBe(303);
    // returnTo cannot ride through Cognito's /logout; the browser lands on redirectSignOut.
    expectHostedLogout(response.headers.get('location'));
    expect(browser.sessionNames()).toEqual([]);
    await expect(core.cognito.getTokensFromRefreshToken({ refreshToken: otherRefresh })).rejects.toMatchObject({
      code: 'RefreshTokenRevoked',
    });
  });

  it('ends the hosted UI session too, so the next hosted sign-in asks for the password again', async () => {
    const browser = new Browser();
    const idpBrowser = new Browser();
    const authorizeOnce = async () => {
      const start = await call(handlers, 'sign-in', { query: { provider: 'hosted' }, browser });
      const page = await fetch(start.headers.get('location')!, {
        redirect: 'manual',
        headers: { cookie: idpBrowser.header() },
      });
      idpBrowser.take(page);
      return page;
    };

    const form = await authorizeOnce();
    expect(form.status).toBe(200);
    const transaction = /name="transaction" value="([^"]+)"/.exec(await form.text())?.[1];
    const login = await fetch(`${idp.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: idpBrowser.header() },
      body: new URLSearchParams({
        transaction: transaction!,
        username: demoUser.username,
        password: demoUser.password,
      }),
    });
    idpBrowser.take(login);
    await call(handlers, 'sign-in-callback', { url: login.headers.get('location')!, browser });
    expect(browser.value('.LastAuthUser')).toBe(demoUser.username);
    // The failure this guards against: with the IdP's session alive, authorize skips the form.
    const silent = await authorizeOnce();
    expect(silent.status).toBe(302);
    expect(silent.headers.get('location')?.startsWith(`${CALLBACK}?code=`)).toBe(true);

    const signOut = await call(handlers, 'sign-out', { form: { returnTo: '/bye' }, browser });
    expect(browser.sessionNames()).toEqual([]);
    const logout = await fetch(signOut.headers.get('location')!, {
      redirect: 'manual',
      headers: { cookie: idpBrowser.header() },
    });
    idpBrowser.take(logout);
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe(`${APP}/`);

    const again = await authorizeOnce();
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('name="password"');
  });

  it.each([
    ['without config.oauth', () => createAuthRouteHandlers(makeCore({ oauth: false }))],
    ['with hostedSignOut: false', () => createAuthRouteHandlers(makeCore(), { hostedSignOut: false })],
  ])('stays on the app %s: forms go to returnTo, JSON names no hosted URL', async (_label, make) => {
    const local = make();
    const formBrowser = await signedIn(local);
    const form = await call(local, 'sign-out', { form: { returnTo: '/bye' }, browser: formBrowser });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/bye');
    expect(formBrowser.sessionNames()).toEqual([]);

    const jsonBrowser = await signedIn(local);
    const answer = await call(local, 'sign-out', { json: { global: true }, browser: jsonBrowser });
    expect(await answer.json()).toEqual({ signedOut: true, globalSignOut: 'succeeded' });
    expect(jsonBrowser.sessionNames()).toEqual([]);
  });

  it('refuses GET with 405 and leaves the cookies alone', async () => {
    const browser = await signedIn(handlers);
    const response = await call(handlers, 'sign-out', { browser });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['a foreign Referer and no Origin', { origin: '', referer: 'https://evil.example/page' }],
  ])('refuses %s for sign-out and refresh with cookies untouched', async (_label, headers) => {
    const browser = await signedIn(handlers);
    const before = browser.header();
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    for (const slug of ['sign-out', 'refresh']) {
      const request = new Request(`${APP}/api/auth/${slug}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: browser.header(), ...clean },
        body: '{"global":true}',
      });
      const response = await handlers.POST(request, { params: Promise.resolve({ slug }) });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('Forbidden');
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect(browser.header()).toBe(before);
  });

  it('accepts the public origin a proxy forwarded, a same-origin Referer and trusted origins', async () => {
    const proxied = await call(handlers, 'sign-out', {
      url: 'http://10.0.0.7:3000/api/auth/sign-out',
      json: {},
      headers: {
        origin: 'https://app.example.com',
        'x-forwarded-host': 'app.example.com',
        'x-forwarded-proto': 'https',
      },
    });
    expect(proxied.status).toBe(200);
    const referer = await call(handlers, 'sign-out', { json: {}, headers: { origin: '', referer: `${APP}/account` } });
    expect(referer.status).toBe(403); // an empty Origin header is still an Origin: refused
    const refererOnly = await handlers.POST(
      new Request(`${APP}/api/auth/sign-out`, { method: 'POST', headers: { referer: `${APP}/account` } }),
      { params: Promise.resolve({ slug: 'sign-out' }) },
    );
    expect(refererOnly.status).toBe(200);
    const trusted = createAuthRouteHandlers(core, { trustedOrigins: ['https://admin.example.com/'] });
    const fromTrusted = await call(trusted, 'sign-out', { json: {}, headers: { origin: 'https://admin.example.com' } });
    expect(fromTrusted.status).toBe(200);
  });

  it('refuses cross-site form posts the browser flags even from a matching Origin', async () => {
    const response = await call(handlers, 'sign-out', { form: {}, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(response.status).toBe(403);
  });

  it('accepts form posts from a trusted origin, which the browser necessarily flags cross-site', async () => {
    const trusted = createAuthRouteHandlers(core, { trustedOrigins: ['https://admin.example.com'] });
    const browser = await signedIn(trusted);
    const response = await call(trusted, 'sign-out', {
      form: { returnTo: '/bye' },
      headers: { origin: 'https://admin.example.com', 'sec-fetch-site': 'cross-site' },
      browser,
    });
    expect(response.status).toBe(303);
    expect(browser.sessionNames()).toEqual([]);
  });

  it.each([
    ['a form with global=yes', { form: { global: 'yes', returnTo: '/bye' } }, 303],
    ['JSON with global: "yes"', { json: { global: 'yes' } }, 200],
    ['a body that is not JSON', { headers: { 'content-type': 'application/json' }, body: '{global' }, 200],
  ] as const)('signs out locally on %s instead of refusing', async (_label, init, status) => {
    const browser = await signedIn(handlers);
    const elsewhere = await signedIn(handlers);
    const response =
      'body' in init
        ? await handlers.POST(
            new Request(`${APP}/api/auth/sign-out`, {
              method: 'POST',
              headers: { origin: APP, cookie: browser.header(), ...init.headers },
              body: init.body,
            }),
            { params: Promise.resolve({ slug: 'sign-out' }) },
          )
        : await call(handlers, 'sign-out', { ...init, browser });
    browser.take(response);
    expect(response.status).toBe(status);
    if (status === 303) expectHostedLogout(response.headers.get('location'));
    expect(browser.sessionNames()).toEqual([]);
    // Local only: the other device's session still refreshes.
    await expect(
      core.cognito.getTokensFromRefreshToken({ refreshToken: elsewhere.value('.refreshToken')! }),
    ).resolves.toBeTruthy();
  });
});

describe('GET session and POST refresh', () => {
  let handlers: Handlers;
  beforeEach(() => {
    handlers = createAuthRouteHandlers(makeCore());
  });

  it('answers the session without the refresh token, and tokens only on opt-in', async () => {
    const browser = await signedIn(handlers);
    const response = await call(handlers, 'session', { browser });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.user.username).toBe(demoUser.username);
    expect(body.claims.email).toBe(demoUser.username);
    expect(body.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(body.expiresAt).toBeLessThanOrEqual(body.accessTokenExpiresAt);
    expect(text).not.toContain(browser.value('.refreshToken')!);
    expect(text).not.toContain(browser.value('.accessToken')!);
    expect(body.tokens).toBeUndefined();

    const exposing = createAuthRouteHandlers(makeCore(), { exposeTokens: true });
    const opted = await (await call(exposing, 'session', { browser })).text();
    expect(JSON.parse(opted).tokens.accessToken).toBe(browser.value('.accessToken'));
    expect(opted).not.toContain(browser.value('.refreshToken')!);
  });

  it('answers signed-out visitors with user: null and 200', async () => {
    const response = await call(handlers, 'session');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: null });
  });

  it('refreshes on demand: rotated cookies and the new expiry, but no token in the body', async () => {
    const browser = await signedIn(handlers);
    const oldAccess = browser.value('.accessToken');
    const oldRefresh = browser.value('.refreshToken');
    // iat has one-second resolution; make sure the new token differs.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await call(handlers, 'refresh', { json: {}, browser });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['expiresAt']);
    expect(browser.value('.accessToken')).not.toBe(oldAccess);
    expect(browser.value('.refreshToken')).not.toBe(oldRefresh); // the seed client rotates
    expect(body.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('hands the new access token to the caller only with exposeTokens', async () => {
    const exposing = createAuthRouteHandlers(makeCore(), { exposeTokens: true });
    const browser = await signedIn(exposing);
    const body = await (await call(exposing, 'refresh', { json: {}, browser })).json();
    expect(body.accessToken).toBe(browser.value('.accessToken'));
    expect(body.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('answers refresh without a session with 401', async () => {
    const response = await call(handlers, 'refresh', { json: {} });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('NotAuthenticated');
  });

  it('answers unknown slugs with 404 and other methods with 405', async () => {
    const missing = await call(handlers, 'nope');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('NotFound');
    const proto = await call(handlers, '__proto__');
    expect(proto.status).toBe(404);
    const post = await call(handlers, 'session', { json: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});

describe('IdP outage', () => {
  it('answers sign-in with IdpUnavailable and no internal detail; global sign-out still clears cookies', async () => {
    const core = makeCore();
    const handlers = createAuthRouteHandlers(core);
    const browser = await signedIn(handlers);
    await idp.stop();
    try {
      const response = await call(handlers, 'sign-in', {
        json: { username: demoUser.username, password: demoUser.password },
      });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text).error).toEqual({
        code: 'IdpUnavailable',
        message: 'The sign-in service is unavailable right now. Please try again shortly.',
      });
      expect(text).not.toContain('127.0.0.1');

      const form = await call(handlers, 'sign-in', { form: { username: 'a', password: 'b', returnTo: '/d' } });
      expect(form.headers.get('location')).toBe('/sign-in?error=IdpUnavailable&returnTo=%2Fd');

      const signOut = await call(handlers, 'sign-out', { json: { global: true }, browser });
      expect(signOut.status).toBe(200);
      const answer = await signOut.json();
      expect(answer).toMatchObject({ signedOut: true, globalSignOut: 'failed', error: { code: 'IdpUnavailable' } });
      // The warning wins over the hosted bounce, which an IdP that is down could not serve anyway.
      expect(answer).not.toHaveProperty('hostedSignOutUrl');
      expect(browser.sessionNames()).toEqual([]);
    } finally {
      await idp.start();
    }
  });

  it('answers session and refresh outages with the code and a fixed message, the detail only in the log', async () => {
    let now = Date.now();
    const logger = recordingLogger();
    const handlers = createAuthRouteHandlers(makeCore({ now: () => now, logger }));
    const browser = await signedIn(handlers);
    now += 2 * 3600_000; // the access token has expired: both routes must reach the IdP
    await idp.stop();
    try {
      for (const [slug, init] of [
        ['session', {}],
        ['refresh', { json: {} }],
      ] as const) {
        const response = await call(handlers, slug, { ...init, browser });
        expect(response.status, slug).toBe(503);
        const text = await response.text();
        expect(JSON.parse(text).error, slug).toEqual({
          code: 'IdpUnavailable',
          message: 'The sign-in service is unavailable right now. Please try again shortly.',
        });
        expect(text, slug).not.toContain('127.0.0.1');
      }
      expect(logger.lines.join('\n')).toContain('127.0.0.1');
    } finally {
      await idp.start();
    }
  });

  it('does not name the JWKS URL when the keys cannot be fetched', async () => {
    const browser = await signedIn(createAuthRouteHandlers(makeCore()));
    const config = resolveConfig({
      config: { ...idpConfig(idp), jwksUri: 'http://127.0.0.1:9/internal-jwks.json' },
      session: { idpTimeoutMs: 2000 },
    });
    const handlers = createAuthRouteHandlers(createAuthCore(config, { logger: recordingLogger() }));
    const response = await call(handlers, 'session', { browser });
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('JwksUnavailable');
    expect(text).not.toContain('internal-jwks');
  });

  it('sends form sign-outs on with a warning when the global part failed', async () => {
    const handlers = createAuthRouteHandlers(makeCore());
    const browser = await signedIn(handlers);
    await idp.stop();
    try {
      const response = await call(handlers, 'sign-out', { form: { global: 'on', returnTo: '/bye?x=1' }, browser });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/bye?x=1&warning=IdpUnavailable');
      expect(browser.sessionNames()).toEqual([]);
    } finally {
      await idp.start();
    }
  });
});
