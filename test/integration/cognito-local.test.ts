/**
 * The adapter against cognito-local 5.3, the emulator many teams run in CI — not our IdP, and not
 * shaped like Cognito in the ways that used to break us: its pool ids are `local_…` (no region),
 * it knows neither SRP nor GetTokensFromRefreshToken, its REFRESH_TOKEN_AUTH answer has no
 * `ExpiresIn` or `TokenType`, its tokens carry no `origin_jti`, and its refresh tokens are JWTs.
 *
 * First the route handlers and the runner with explicit config, a browser's cookie jar between
 * calls; then the reference app under a real `next start`, configured by env vars only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { createCookieStorage, createMemoryJar, writeSessionCookies } from '../../src/cookies';
import type { AuthRouteHandlers } from '../../src/next/route-handlers';
import { createServerRunner, type ServerRunner } from '../../src/runner';
import { decodeUnverified } from '../../src/tokens';
import { BrowserCookies } from './support/browser';
import { startCognitoLocal, type CognitoLocal } from './support/cognito-local';
import { REPO, startNext, type NextServer } from './support/next-server';
import { serverComponentCookies } from './support/next-cookies';
import { recordingLogger, type RecordingLogger } from './support/session-harness';

const APP = 'http://localhost:3000';

let emulator: CognitoLocal;

beforeAll(async () => {
  emulator = await startCognitoLocal();
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
});

/** One character in the middle of the signature: the last one may only carry padding bits. */
function withSignatureCharChanged(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.');
  const at = Math.floor(signature.length / 2);
  const swapped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${swapped}${signature.slice(at + 1)}`;
}

function tampered(browser: BrowserCookies): BrowserCookies {
  return new BrowserCookies(
    browser.names().map((name) => {
      const value = browser.get(name)!;
      return { name, value: name.endsWith('.accessToken') ? withSignatureCharChanged(value) : value };
    }),
  );
}

const jtiOf = (token: string | undefined) => (token ? decodeUnverified(token).payload.jti : undefined);

describe('route handlers and runner with explicit config', () => {
  let auth: ServerRunner;
  let handlers: AuthRouteHandlers;
  let logger: RecordingLogger;

  beforeAll(() => {
    logger = recordingLogger();
    auth = createServerRunner({
      // No jwksUri: it follows the issuer override to cognito-local's `/<poolId>/.well-known/jwks.json`.
      config: {
        userPoolId: emulator.poolId,
        userPoolClientId: emulator.clientId,
        userPoolEndpoint: `${emulator.url}/`,
        issuer: emulator.issuer,
      },
      env: {},
      logger,
    });
    // cognito-local knows USER_PASSWORD_AUTH only; the app has to allow that fallback on purpose.
    handlers = auth.routeHandlers({ passwordFallback: true });
  });

  async function call(slug: string, browser: BrowserCookies, json?: unknown): Promise<Response> {
    const post = json !== undefined;
    const headers = new Headers({
      cookie: browser.header(),
      ...(post ? { origin: APP, 'content-type': 'application/json' } : {}),
    });
    const request = new Request(`${APP}/api/auth/${slug}`, {
      method: post ? 'POST' : 'GET',
      headers,
      ...(post ? { body: JSON.stringify(json) } : {}),
    });
    const response = await (post ? handlers.POST : handlers.GET)(request, { params: Promise.resolve({ slug }) });
    browser.apply(response);
    return response;
  }

  async function signIn(): Promise<{ browser: BrowserCookies; user: { username: string; userId: string } }> {
    const browser = new BrowserCookies();
    const response = await call('sign-in', browser, {
      username: emulator.user.email,
      password: emulator.user.password,
    });
    const body = (await response.json()) as { user: { username: string; userId: string } };
    expect(response.status, JSON.stringify(body)).toBe(200);
    return { browser, user: body.user };
  }

  it('resolves a `local_…` pool id with no region, from the endpoint and issuer alone', () => {
    expect(auth.config.region).toBeUndefined();
    expect(auth.config.jwksUri).toBe(emulator.jwksUri);
  });

  it('signs in with USER_PASSWORD_AUTH after cognito-local refuses SRP, in Amplify’s cookie layout', async () => {
    const { browser, user } = await signIn();
    // Email-alias pool: the username is the sub, in both tokens.
    expect(user).toMatchObject({ username: user.userId, email: emulator.user.email });
    const prefix = `CognitoIdentityServiceProvider.${emulator.clientId}`;
    expect(browser.names().sort()).toEqual(
      [
        `${prefix}.LastAuthUser`,
        ...['accessToken', 'clockDrift', 'idToken', 'refreshToken', 'signInDetails'].map(
          (kind) => `${prefix}.${user.username}.${kind}`,
        ),
      ].sort(),
    );
    expect(JSON.parse(browser.get('.signInDetails')!)).toEqual({
      loginId: emulator.user.email,
      authFlowType: 'USER_PASSWORD_AUTH',
    });
    // The shapes this suite exists for: a JWT refresh token, no origin_jti.
    expect(browser.get('.refreshToken')!.split('.')).toHaveLength(3);
    expect(decodeUnverified(browser.get('.accessToken')!).payload.origin_jti).toBeUndefined();
  });

  it('verifies the session through the issuer override', async () => {
    const { browser, user } = await signIn();
    const body = (await (await call('session', browser)).json()) as { user: unknown; claims: { iss: string } };
    expect(body.user).toMatchObject({ username: user.username, email: emulator.user.email });
    expect(body.claims.iss).toBe(emulator.issuer);
  });

  it('refreshes through REFRESH_TOKEN_AUTH when GetTokensFromRefreshToken is unsupported', async () => {
    const { browser } = await signIn();
    const before = { access: browser.get('.accessToken'), refresh: browser.get('.refreshToken') };
    for (let round = 1; round <= 2; round += 1) {
      const response = await call('refresh', browser, {});
      expect(response.status, await response.clone().text()).toBe(200);
      expect(response.headers.getSetCookie().some((line) => line.includes('.accessToken='))).toBe(true);
    }
    expect(jtiOf(browser.get('.accessToken'))).not.toBe(jtiOf(before.access));
    // REFRESH_TOKEN_AUTH rotates nothing: the refresh token cookie stays as it was.
    expect(browser.get('.refreshToken')).toBe(before.refresh);
    expect(logger.lines.filter((line) => line.includes('refresh failed'))).toEqual([]);
    expect(emulator.output()).toContain('Unsupported x-amz-target header "GetTokensFromRefreshToken"');

    const body = (await (await call('session', browser)).json()) as { user: unknown };
    expect(body.user).toMatchObject({ email: emulator.user.email });
  });

  it('refuses an access token with one signature character changed: InvalidSignature, not a 500', async () => {
    const { browser } = await signIn();
    const forged = tampered(browser);
    const page = serverComponentCookies(forged.header());
    const session = await auth.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => auth.fetchAuthSession(ctx),
    });
    expect(session.tokens).toBeUndefined();
    expect(session.error?.code).toBe('InvalidSignature');

    const response = await call('session', forged);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: null });
  });

  it('signs out: every session cookie cleared and the refresh token revoked at cognito-local', async () => {
    const { browser } = await signIn();
    const refreshToken = browser.get('.refreshToken')!;
    const response = await call('sign-out', browser, {});
    expect(await response.json()).toEqual({ signedOut: true });
    expect(browser.names()).toEqual([]);
    const cognito = createCognitoClient({ endpoint: `${emulator.url}/`, clientId: emulator.clientId });
    await expect(cognito.refreshTokenAuth({ refreshToken })).rejects.toMatchObject({ code: 'RefreshTokenRevoked' });
  });

  it('signs out globally: cognito-local has no GlobalSignOut, so the answer says so, and the refresh token is revoked', async () => {
    const { browser } = await signIn();
    const refreshToken = browser.get('.refreshToken')!;
    const response = await call('sign-out', browser, { global: true });
    expect(await response.json()).toMatchObject({ signedOut: true, globalSignOut: 'failed' });
    expect(browser.names()).toEqual([]);
    const cognito = createCognitoClient({ endpoint: `${emulator.url}/`, clientId: emulator.clientId });
    await expect(cognito.refreshTokenAuth({ refreshToken })).rejects.toMatchObject({ code: 'RefreshTokenRevoked' });
  });
});

describe('the reference app under next start, configured for cognito-local by env vars only', () => {
  let app: NextServer;

  beforeAll(async () => {
    app = await startNext(REPO, {
      COGNITO_USER_POOL_ID: emulator.poolId,
      COGNITO_CLIENT_ID: emulator.clientId,
      COGNITO_ENDPOINT: `${emulator.url}/`,
      COGNITO_ISSUER: emulator.issuer,
      COGNITO_JWKS_URI: emulator.jwksUri,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  /** Signed in at cognito-local and written the way Amplify's browser client lays cookies out. */
  async function amplifyCookies(): Promise<BrowserCookies> {
    const cognito = createCognitoClient({ endpoint: `${emulator.url}/`, clientId: emulator.clientId });
    const answer = await cognito.initiateAuth('USER_PASSWORD_AUTH', {
      USERNAME: emulator.user.email,
      PASSWORD: emulator.user.password,
    });
    const tokens = answer.AuthenticationResult!;
    const jar = createMemoryJar();
    await writeSessionCookies(createCookieStorage(jar), emulator.clientId, {
      username: String(decodeUnverified(tokens.AccessToken).payload.username),
      accessToken: tokens.AccessToken,
      idToken: tokens.IdToken,
      refreshToken: tokens.RefreshToken,
    });
    return new BrowserCookies(jar.getAll());
  }

  const me = (cookies: BrowserCookies) =>
    fetch(`${app.url}/api/me`, { redirect: 'manual', headers: { cookie: cookies.header() } });

  it('serves a session from Amplify-layout cookies', async () => {
    const cookies = await amplifyCookies();
    const response = await me(cookies);
    expect(response.status, app.output()).toBe(200);
    const body = (await response.json()) as { user: { email: string }; accessTokenJti: string };
    expect(body.user.email).toBe(emulator.user.email);
    expect(body.accessTokenJti).toBe(jtiOf(cookies.get('.accessToken')));
    expect((await fetch(`${app.url}/dashboard`, { headers: { cookie: cookies.header() } })).status).toBe(200);
  });

  it('refreshes it through POST /api/auth/refresh with a new access-token cookie', async () => {
    const cookies = await amplifyCookies();
    const oldJti = jtiOf(cookies.get('.accessToken'));
    const response = await fetch(`${app.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: cookies.header(), origin: app.url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status, app.output()).toBe(200);
    expect(await response.json()).toMatchObject({ expiresAt: expect.any(Number) });
    const refreshed = cookies.clone();
    refreshed.apply(response);
    const newJti = jtiOf(refreshed.get('.accessToken'));
    expect(newJti).not.toBe(oldJti);
    const body = (await (await me(refreshed)).json()) as { accessTokenJti: string };
    expect(body.accessTokenJti).toBe(newJti);
  });

  it('refuses an access token with one signature character changed', async () => {
    const response = await me(tampered(await amplifyCookies()));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'NotAuthenticated' } });
    expect(app.output()).toContain('session tokens rejected (InvalidSignature)');
  });
});
