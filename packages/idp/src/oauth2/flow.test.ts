import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  CookieJar,
  WEB_CALLBACK,
  authorizeUrl,
  form,
  pkcePair,
  signIn,
  startTestIdp,
  transactionFrom,
  type TestIdp,
} from '../../test-support/oauth2.js';

let idp: TestIdp;
beforeEach(async () => {
  idp = await startTestIdp();
});
afterEach(async () => {
  await idp.close();
});

describe('hosted UI code + PKCE round trip', () => {
  it('authorize → form → login → code → tokens → refresh → revoke → userInfo', async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = await pkcePair();
    const params = {
      client_id: 'web-client',
      response_type: 'code',
      redirect_uri: WEB_CALLBACK,
      scope: 'openid email',
      state: 'st-123',
      nonce: 'n-456',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };

    const page = await fetch(authorizeUrl(idp.base, params), { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    jar.store(page);
    const body = await page.text();
    expect(body).toContain('<form method="post" action="/login"');
    expect(body).toContain('<label for="username">');
    expect(body).toContain('autocomplete="current-password"');

    const login = await fetch(
      `${idp.base}/login`,
      form({ transaction: transactionFrom(body), ...ALICE }, { cookie: jar.header() }),
    );
    expect(login.status).toBe(302);
    jar.store(login);
    const callback = new URL(login.headers.get('location') ?? '');
    expect(callback.origin + callback.pathname).toBe(WEB_CALLBACK);
    expect(callback.searchParams.get('state')).toBe('st-123');
    const code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const exchange = await fetch(
      `${idp.base}/oauth2/token`,
      form({
        grant_type: 'authorization_code',
        client_id: 'web-client',
        code,
        redirect_uri: WEB_CALLBACK,
        code_verifier: verifier,
      }),
    );
    expect(exchange.status).toBe(200);
    expect(exchange.headers.get('cache-control')).toBe('no-store');
    const tokens = (await exchange.json()) as Record<string, unknown>;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(tokens.access_token).toMatch(/^at\./);
    expect(tokens.id_token).toMatch(/^id\./);
    expect(tokens.refresh_token).toMatch(/^rt\./);
    expect(idp.backend.issued[0]).toMatchObject({
      clientId: 'web-client',
      username: 'alice',
      scopes: ['openid', 'email'],
      nonce: 'n-456',
      authTime: Math.floor(idp.backend.clock / 1000),
    });

    const refreshed = await fetch(
      `${idp.base}/oauth2/token`,
      form({ grant_type: 'refresh_token', client_id: 'web-client', refresh_token: String(tokens.refresh_token) }),
    );
    expect(refreshed.status).toBe(200);
    const fresh = (await refreshed.json()) as Record<string, unknown>;
    expect(fresh.access_token).toMatch(/^at\./);
    expect(fresh.access_token).not.toBe(tokens.access_token);
    expect(fresh).not.toHaveProperty('refresh_token');

    const info = await fetch(`${idp.base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${String(fresh.access_token)}` },
    });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ sub: 'sub-alice', email: 'alice@example.com' });

    const revoked = await fetch(
      `${idp.base}/oauth2/revoke`,
      form({ token: String(tokens.refresh_token), client_id: 'web-client' }),
    );
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toBe('');

    const afterRevoke = await fetch(`${idp.base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${String(fresh.access_token)}` },
    });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);

    const refreshAfterRevoke = await fetch(
      `${idp.base}/oauth2/token`,
      form({ grant_type: 'refresh_token', client_id: 'web-client', refresh_token: String(tokens.refresh_token) }),
    );
    expect(refreshAfterRevoke.status).toBe(400);
    expect(await refreshAfterRevoke.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('no openid scope → no ID token, as Cognito does', async () => {
    const url = await signIn(idp.base, new CookieJar(), {
      client_id: 'web-client',
      response_type: 'code',
      redirect_uri: WEB_CALLBACK,
      scope: 'aws.cognito.signin.user.admin',
    });
    const res = await fetch(
      `${idp.base}/oauth2/token`,
      form({
        grant_type: 'authorization_code',
        client_id: 'web-client',
        code: url.searchParams.get('code') ?? '',
        redirect_uri: WEB_CALLBACK,
      }),
    );
    const tokens = (await res.json()) as Record<string, unknown>;
    expect(tokens.access_token).toBeDefined();
    expect(tokens).not.toHaveProperty('id_token');
  });
});

describe('hosted UI session', () => {
  const params = { client_id: 'web-client', response_type: 'code', redirect_uri: WEB_CALLBACK, state: 's' };

  it('a second authorize within the session skips the form; prompt=login shows it again', async () => {
    const jar = new CookieJar();
    await signIn(idp.base, jar, params);
    const again = await fetch(authorizeUrl(idp.base, params), {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();

    const forced = await fetch(authorizeUrl(idp.base, { ...params, prompt: 'login' }), {
      redirect: 'manual',
      headers: { cookie: jar.header() },
    });
    expect(forced.status).toBe(200);
  });

  it('prompt=none without a session sends login_required back to the app', async () => {
    const res = await fetch(authorizeUrl(idp.base, { ...params, prompt: 'none' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('logout to a listed logout_uri ends the session and redirects there', async () => {
    const jar = new CookieJar();
    await signIn(idp.base, jar, params);
    expect(jar.has('idp_session_')).toBe(true);
    const sessionCookie = jar.header();

    const res = await fetch(
      `${idp.base}/logout?client_id=web-client&logout_uri=${encodeURIComponent('http://127.0.0.1:3000/signed-out')}`,
      { redirect: 'manual', headers: { cookie: jar.header() } },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:3000/signed-out');
    jar.store(res);
    expect(jar.has('idp_session_')).toBe(false);

    // Even a browser that kept the old cookie gets the form: the session is gone server-side.
    const after = await fetch(authorizeUrl(idp.base, params), {
      redirect: 'manual',
      headers: { cookie: sessionCookie },
    });
    expect(after.status).toBe(200);
  });

  it('logout refuses a logout_uri the client did not list, without redirecting', async () => {
    const res = await fetch(
      `${idp.base}/logout?client_id=web-client&logout_uri=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('sign-out URLs');
  });

  it('logout with redirect_uri + response_type goes back to sign-in', async () => {
    const query = new URLSearchParams({ ...params, scope: 'openid' });
    const res = await fetch(`${idp.base}/logout?${query}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.pathname).toBe('/oauth2/authorize');
    expect(location.searchParams.get('redirect_uri')).toBe(WEB_CALLBACK);
  });
});

describe('CORS for browser token calls', () => {
  it('answers the preflight for /oauth2/token and tags the real answer', async () => {
    const pre = await fetch(`${idp.base}/oauth2/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-user-agent',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type,x-amz-user-agent');

    const res = await fetch(
      `${idp.base}/oauth2/token`,
      form(
        { grant_type: 'refresh_token', client_id: 'web-client', refresh_token: 'nope' },
        { origin: 'http://127.0.0.1:3000' },
      ),
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });

  it('leaves paths it does not own to the rest of the IdP', async () => {
    const res = await fetch(`${idp.base}/us-east-1_LocalPool/.well-known/jwks.json`);
    expect(res.status).toBe(404);
  });
});
