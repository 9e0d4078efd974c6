/**
 * The unpatched aws-amplify v6 browser client and this library share one session through one
 * browser's cookies, both talking to the real local IdP over HTTP.
 *
 * Why a fake `document` rather than `cognitoUserPoolsTokenProvider.setKeyValueStorage(...)`:
 * `Amplify.configure(config, { ssr: true })` is what a browser app does, and it installs core's
 * `CookieStorage`, which goes through js-cookie to `document.cookie`. Keeping that whole path —
 * js-cookie's name and value encoding, its `expires`-in-the-past deletions, `Secure; SameSite=lax`
 * — is the point: a KeyValueStorage of our own would skip exactly the encoding a real browser app
 * depends on. `BrowserCookies` is the browser's cookie store behind that `document` and behind
 * the Cookie/Set-Cookie headers our server side exchanges with it.
 *
 * Clocks: Amplify and our runner use the real clock. Only the IdP's clock is steered (an offset
 * from real time), so the expiry scenario needs no fake timers on the Amplify side: the IdP signs
 * a session in "an hour ago" and its tokens run out seconds later in real time.
 */
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { BrowserCookies } from './support/browser-cookies';
import { routeHandlerCookies, serverComponentCookies } from './support/next-cookies';
import { payloadOf, runnerFor, sessionCookieName, signInOnServer, type TestRunner } from './support/runner-fixtures';
import { demoUser } from './support/session-harness';

let idp: RunningIdp;
let auth: TestRunner;
let browser: BrowserCookies;
let uninstallDocument: () => void;
let idpOffsetMs = 0;
let authEvents: string[] = [];
let stopListening: () => void;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {}, now: () => Date.now() + idpOffsetMs });
  browser = new BrowserCookies();
  uninstallDocument = browser.installDocument();
  Amplify.configure(
    { Auth: { Cognito: { userPoolId: idp.poolId, userPoolClientId: idp.defaultClientId, userPoolEndpoint: idp.url } } },
    { ssr: true },
  );
  stopListening = Hub.listen('auth', ({ payload }) => {
    authEvents.push(payload.event);
  });
  auth = runnerFor(idp);
});

afterAll(async () => {
  stopListening?.();
  uninstallDocument?.();
  await idp?.close();
});

beforeEach(() => {
  browser.clear();
  idp.stats.reset();
  idpOffsetMs = 0;
  authEvents = [];
});

afterEach(() => {
  idpOffsetMs = 0;
});

const cookieName = (kind: string) => sessionCookieName(idp.defaultClientId, demoUser.username, kind);
/** The decoded value of one of the demo user's session cookies in the browser. */
const browserValue = (kind: string) => {
  const raw = browser.get(cookieName(kind));
  return raw === undefined ? undefined : decodeURIComponent(raw);
};

/** A server component rendering for the browser's current cookies. */
function readOnServer<T>(operation: (ctx: Parameters<TestRunner['fetchAuthSession']>[0]) => Promise<T>) {
  const page = serverComponentCookies(browser.cookieHeader());
  return auth.runWithServerContext({ nextServerContext: page.context, operation });
}

describe('Amplify signs in, our runner reads', () => {
  it('amplify-srp-to-runner: the same user, sub and token strings on both sides', async () => {
    const result = await signIn({ username: demoUser.username, password: demoUser.password });
    expect(result.isSignedIn).toBe(true);
    // js-cookie wrote the names in its encoding; that is what the browser sends.
    expect(browser.names()).toEqual(
      expect.arrayContaining([cookieName('accessToken'), cookieName('idToken'), cookieName('refreshToken')]),
    );

    const amplifyUser = await getCurrentUser();
    const amplifySession = await fetchAuthSession();
    idp.stats.reset();
    const ours = await readOnServer(async (ctx) => ({
      user: await auth.getCurrentUser(ctx),
      session: await auth.fetchAuthSession(ctx),
    }));

    expect(ours.user).toEqual({
      username: demoUser.username,
      userId: demoUser.sub,
      signInDetails: { loginId: demoUser.username, authFlowType: 'USER_SRP_AUTH' },
    });
    expect(ours.user).toEqual(amplifyUser);
    expect(ours.session.userSub).toBe(amplifySession.userSub);
    expect(ours.session.tokens?.accessToken.toString()).toBe(amplifySession.tokens?.accessToken.toString());
    expect(ours.session.tokens?.idToken.toString()).toBe(amplifySession.tokens?.idToken?.toString());
    expect(ours.session.tokens?.idToken.payload.email).toBe(demoUser.username);
    // Fresh tokens: the only IdP traffic is the runner's first JWKS fetch, never a refresh.
    expect(Object.keys(idp.stats.snapshot()).filter((op) => op !== 'jwks')).toEqual([]);
  });
});

describe('our server signs in, Amplify reads, refreshes, and we read its refresh', () => {
  it('runner-to-amplify-and-back: Set-Cookie → Amplify session → Amplify rotation → runner', async () => {
    const signedIn = await signInOnServer(auth, demoUser);
    browser.receive(signedIn.setCookie);

    const first = await fetchAuthSession();
    expect(first.tokens?.accessToken.toString()).toBe(signedIn.accessToken);
    expect(first.tokens?.idToken?.toString()).toBe(signedIn.idToken);
    expect(first.userSub).toBe(demoUser.sub);
    expect(await getCurrentUser()).toEqual({
      username: demoUser.username,
      userId: demoUser.sub,
      signInDetails: { loginId: demoUser.username, authFlowType: 'USER_SRP_AUTH' },
    });
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(0);

    const rotated = await fetchAuthSession({ forceRefresh: true });
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
    const amplifyAccess = rotated.tokens!.accessToken.toString();
    expect(amplifyAccess).not.toBe(signedIn.accessToken);
    expect(browserValue('accessToken')).toBe(amplifyAccess);
    // The reference client rotates: Amplify stored the new refresh token next to ours' old one's place.
    expect(browserValue('refreshToken')).not.toBe(signedIn.refreshToken);

    idp.stats.reset();
    const ours = await readOnServer((ctx) => auth.fetchAuthSession(ctx));
    expect(ours.tokens?.accessToken.toString()).toBe(amplifyAccess);
    expect(ours.tokens?.idToken.toString()).toBe(rotated.tokens!.idToken!.toString());
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(0);

    // The rotated refresh token Amplify wrote is usable by us: force a refresh in a route handler.
    const handler = routeHandlerCookies(browser.cookieHeader());
    const forced = await auth.runWithServerContext({
      nextServerContext: handler.context,
      operation: (ctx) => auth.fetchAuthSession(ctx, { forceRefresh: true }),
    });
    expect(forced.error).toBeUndefined();
    expect(forced.tokens?.accessToken.toString()).not.toBe(amplifyAccess);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
  });
});

describe('Amplify signs out what our server wrote', () => {
  it('amplify-sign-out-clears-ours: js-cookie removes every session cookie our Set-Cookie created', async () => {
    browser.receive((await signInOnServer(auth, demoUser)).setCookie);
    expect(browser.names().filter((name) => name.startsWith('CognitoIdentityServiceProvider.'))).not.toEqual([]);
    await signOut();
    expect(idp.stats.count('RevokeToken')).toBe(1);
    // Same name, Path and Domain on both sides, so Amplify's deletions hit our cookies.
    expect(browser.names().filter((name) => name.startsWith('CognitoIdentityServiceProvider.'))).toEqual([]);
    expect(await readOnServer((ctx) => auth.fetchAuthSession(ctx))).toEqual({});
  });
});

describe('our refresh is adopted by Amplify', () => {
  it('runner-refresh-to-amplify: expired tokens refreshed by a route handler; Amplify keeps the session', async () => {
    // Sign in with the IdP's clock an hour (less 2 s) behind: 1 h tokens that expire 2 s from now.
    idpOffsetMs = -(3600 - 2) * 1000;
    const signedIn = await signInOnServer(auth, demoUser);
    browser.receive(signedIn.setCookie);
    idpOffsetMs = 0;
    const exp = payloadOf(signedIn.accessToken).exp as number;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 50));

    idp.stats.reset();
    const handler = routeHandlerCookies(browser.cookieHeader());
    const refreshed = await auth.runWithServerContext({
      nextServerContext: handler.context,
      operation: (ctx) => auth.fetchAuthSession(ctx),
    });
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
    const ourAccess = refreshed.tokens!.accessToken.toString();
    expect(ourAccess).not.toBe(signedIn.accessToken);
    browser.receive(handler.setCookieLines);
    // One cookie per name: our Set-Cookie replaced js-cookie-compatible cookies, never duplicated them.
    expect(new Set(browser.names()).size).toBe(browser.names().length);
    const ourRefresh = browserValue('refreshToken');
    expect(ourRefresh).not.toBe(signedIn.refreshToken);

    // Amplify takes the refreshed tokens as they are: no refresh of its own.
    const amplifySession = await fetchAuthSession();
    expect(amplifySession.tokens?.accessToken.toString()).toBe(ourAccess);
    expect((await getCurrentUser()).userId).toBe(demoUser.sub);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);

    // Past the client's 10 s grace the pre-rotation refresh token is dead at the IdP …
    idpOffsetMs = 30_000;
    const cognito = createCognitoClient({ endpoint: auth.config.endpoint, clientId: auth.config.clientId });
    await expect(cognito.getTokensFromRefreshToken({ refreshToken: signedIn.refreshToken })).rejects.toMatchObject({
      code: 'RefreshTokenReuse',
    });
    // … so Amplify refreshing successfully proves it holds the one our refresh wrote.
    const amplifyRefresh = await fetchAuthSession({ forceRefresh: true });
    expect(amplifyRefresh.tokens?.accessToken.toString()).toBeDefined();
    expect(amplifyRefresh.tokens?.accessToken.toString()).not.toBe(ourAccess);
    expect(browserValue('accessToken')).toBe(amplifyRefresh.tokens?.accessToken.toString());
    expect(browserValue('refreshToken')).not.toBe(ourRefresh);
    expect(authEvents).not.toContain('tokenRefresh_failure');
    expect(authEvents).not.toContain('signedOut');
    expect((await getCurrentUser()).userId).toBe(demoUser.sub);
  });
});

describe('a browser whose clock is off', () => {
  it('browser-clock-behind-no-refresh-storm: a server in sync with the IdP serves Amplify’s fresh tokens without refreshing', async () => {
    // The browser runs an hour behind the IdP — a clock set by hand in the wrong time zone —
    // while the server's clock agrees with the IdP, as NTP-synced servers do.
    idpOffsetMs = 60 * 60_000;
    const server = runnerFor(idp, { now: () => Date.now() + idpOffsetMs });
    await signIn({ username: demoUser.username, password: demoUser.password });
    // Amplify recorded the browser's own drift (IdP minus browser): about +60 minutes. It says
    // nothing about the server's clock, and Amplify itself is content with these tokens.
    expect(Number(browserValue('clockDrift'))).toBeGreaterThan(59 * 60_000);
    const amplifyAccess = (await fetchAuthSession()).tokens!.accessToken.toString();

    idp.stats.reset();
    const served: string[] = [];
    for (let request = 0; request < 3; request += 1) {
      const handler = routeHandlerCookies(browser.cookieHeader());
      const session = await server.runWithServerContext({
        nextServerContext: handler.context,
        operation: (ctx) => server.fetchAuthSession(ctx),
      });
      browser.receive(handler.setCookieLines);
      served.push(session.tokens!.accessToken.toString());
    }
    // The tokens are seconds old on the server's (and the IdP's) clock: nothing to refresh.
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(0);
    expect(served).toEqual([amplifyAccess, amplifyAccess, amplifyAccess]);
  });
});
