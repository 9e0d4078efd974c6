/**
 * The runner's Next-shaped server API — `runWithServerContext` with `{ cookies }`,
 * `{ request, response }` or `null`, and `fetchAuthSession` / `getCurrentUser` /
 * `fetchUserAttributes` over it — against the real local IdP, with Next 16's own cookie objects:
 * a server component's read-only `cookies()`, a route handler's writable one, and real
 * NextRequest/NextResponse. The IdP and the runners share one steerable clock.
 */
import { NextRequest, NextResponse } from 'next/server';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ConfigInvalid, NotAuthenticated } from '../../src/errors';
import type { RunningIdp } from 'next-cognito-session-idp';
import { createServerRunner } from '../../src/runner';
import { extendClaims } from '../../src/tokens';
import type { NextServerContext } from '../../src/session/server-context';
import { BrowserCookies } from './support/browser-cookies';
import { routeHandlerCookies, serverComponentCookies } from './support/next-cookies';
import { runnerFor, sessionCookieName, signInOnServer, type TestRunner } from './support/runner-fixtures';
import { adminUser, Clock, demoUser, startTestIdp } from './support/session-harness';

let clock: Clock;
let idp: RunningIdp;

beforeEach(async () => {
  clock = new Clock();
  idp = await startTestIdp(clock);
});

afterEach(async () => {
  await idp.close();
});

/** A browser that signed in through a route handler of `runner`. */
async function signedInBrowser(runner: TestRunner, user = demoUser): Promise<BrowserCookies> {
  const browser = new BrowserCookies({ now: clock.now });
  browser.receive((await signInOnServer(runner, user)).setCookie);
  return browser;
}

function refreshCalls(): number {
  return idp.stats.count('GetTokensFromRefreshToken') + idp.stats.count('InitiateAuth');
}

const accessName = (runner: TestRunner, username = demoUser.username) =>
  sessionCookieName(runner.config.clientId, username, 'accessToken');

describe('cookies() of a server component (read-only)', () => {
  it('server-component-valid: a live session is read with no IdP call and no write attempt', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(auth);
    idp.stats.reset();
    const page = serverComponentCookies(browser.cookieHeader());
    const session = await auth.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => auth.fetchAuthSession(ctx),
    });
    expect(session.userSub).toBe(demoUser.sub);
    expect(session.tokens?.accessToken.toString()).toBe(page.value(accessName(auth)));
    expect(session.error).toBeUndefined();
    expect(page.setCalls).toBe(0);
    expect(idp.stats.snapshot()).toEqual({});
  });

  it('server-component-expired: TokenExpired, zero refresh calls, nothing written', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(auth);
    const before = browser.cookieHeader();
    clock.advance(3610); // past exp and the verifier's grace; the refresh token is still good
    idp.stats.reset();

    const page = serverComponentCookies(browser.cookieHeader());
    const session = await auth.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => auth.fetchAuthSession(ctx),
    });
    expect(session).toMatchObject({ error: { code: 'TokenExpired' } });
    expect(session.tokens).toBeUndefined();
    expect(refreshCalls()).toBe(0);
    // Next refused whatever was tried (at most one probe write), so no Set-Cookie can exist
    // and the request's cookies are untouched.
    expect(page.setCalls).toBeLessThanOrEqual(1);
    expect(page.setCookieLines).toEqual([]);
    expect(page.value(accessName(auth))).toBe(decodeURIComponent(browser.get(accessName(auth))!));
    expect(browser.cookieHeader()).toBe(before);
  });

  it('server-component-expired-user: getCurrentUser throws NotAuthenticated with TokenExpired as the cause', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(auth);
    clock.advance(3610);
    const page = serverComponentCookies(browser.cookieHeader());
    const failure = auth.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => auth.getCurrentUser(ctx),
    });
    await expect(failure).rejects.toBeInstanceOf(NotAuthenticated);
    await expect(failure).rejects.toMatchObject({ code: 'NotAuthenticated', cause: { code: 'TokenExpired' } });
  });
});

describe('cookies() of a route handler (writable)', () => {
  it('route-handler-expired-refreshes: one IdP call, rotated cookies set on the store and sent', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(auth);
    const oldAccess = decodeURIComponent(browser.get(accessName(auth))!);
    const refreshName = sessionCookieName(auth.config.clientId, demoUser.username, 'refreshToken');
    const oldRefresh = decodeURIComponent(browser.get(refreshName)!);
    clock.advance(3610);
    idp.stats.reset();

    const handler = routeHandlerCookies(browser.cookieHeader());
    const { session, user } = await auth.runWithServerContext({
      nextServerContext: handler.context,
      operation: async (ctx) => ({ session: await auth.fetchAuthSession(ctx), user: await auth.getCurrentUser(ctx) }),
    });
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
    expect(session.error).toBeUndefined();
    const newAccess = session.tokens!.accessToken.toString();
    expect(newAccess).not.toBe(oldAccess);
    expect(session.tokens!.accessToken.payload.exp * 1000).toBeGreaterThan(clock.ms);
    expect(user).toMatchObject({ username: demoUser.username, userId: demoUser.sub });

    // Reads in the same handler see the write, and the response carries it.
    expect(handler.value(accessName(auth))).toBe(newAccess);
    expect(handler.value(refreshName)).not.toBe(oldRefresh);
    expect(handler.setCookieLines.some((line) => line.startsWith(`${accessName(auth)}=`))).toBe(true);
    expect(handler.setCookieLines.some((line) => line.startsWith(`${refreshName}=`))).toBe(true);

    // The browser's next request, rendered by a server component, uses the new session as is.
    browser.receive(handler.setCookieLines);
    idp.stats.reset();
    const page = serverComponentCookies(browser.cookieHeader());
    const next = await auth.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => auth.fetchAuthSession(ctx),
    });
    expect(next.tokens?.accessToken.toString()).toBe(newAccess);
    expect(refreshCalls()).toBe(0);
  });

  it('fetch-user-attributes: GetUser attributes of the admin, custom:tenant included', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(auth, adminUser);
    idp.stats.reset();
    const handler = routeHandlerCookies(browser.cookieHeader());
    const attributes = await auth.runWithServerContext({
      nextServerContext: handler.context,
      operation: (ctx) => auth.fetchUserAttributes(ctx),
    });
    expect(attributes).toMatchObject({
      sub: adminUser.sub,
      email: 'admin@example.com',
      name: 'Admin User',
      'custom:tenant': 'acme',
    });
    expect(idp.stats.count('GetUser')).toBe(1);
  });

  it('fetch-user-attributes-signed-out: NotAuthenticated and no GetUser call', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const handler = routeHandlerCookies('');
    await expect(
      auth.runWithServerContext({
        nextServerContext: handler.context,
        operation: (ctx) => auth.fetchUserAttributes(ctx),
      }),
    ).rejects.toBeInstanceOf(NotAuthenticated);
    expect(idp.stats.count('GetUser')).toBe(0);
  });
});

describe('signed out', () => {
  it('no-cookies: fetchAuthSession is empty and getCurrentUser throws NotAuthenticated', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const handler = routeHandlerCookies('theme=dark');
    const context: NextServerContext = handler.context;
    expect(
      await auth.runWithServerContext({ nextServerContext: context, operation: (ctx) => auth.fetchAuthSession(ctx) }),
    ).toEqual({});
    const failure = auth.runWithServerContext({
      nextServerContext: context,
      operation: (ctx) => auth.getCurrentUser(ctx),
    });
    await expect(failure).rejects.toBeInstanceOf(NotAuthenticated);
    await expect(failure).rejects.toMatchObject({ code: 'NotAuthenticated' });
    expect(handler.setCalls).toBe(0);
  });

  it('static-context: nextServerContext null is signed out and calls nothing', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    idp.stats.reset();
    const session = await auth.runWithServerContext({
      nextServerContext: null,
      operation: (ctx) => auth.fetchAuthSession(ctx),
    });
    expect(session).toEqual({});
    await expect(
      auth.runWithServerContext({ nextServerContext: null, operation: (ctx) => auth.getCurrentUser(ctx) }),
    ).rejects.toBeInstanceOf(NotAuthenticated);
    expect(idp.stats.snapshot()).toEqual({});
  });
});

describe('{ request, response } (middleware / proxy)', () => {
  it('middleware-refresh: an expired session is refreshed and the response carries Set-Cookie', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(auth);
    const oldAccess = decodeURIComponent(browser.get(accessName(auth))!);
    clock.advance(3610);
    idp.stats.reset();

    const request = new NextRequest('https://app.example/dashboard', { headers: { cookie: browser.cookieHeader() } });
    const response = NextResponse.next();
    const session = await auth.runWithServerContext({
      nextServerContext: { request, response },
      operation: (ctx) => auth.fetchAuthSession(ctx),
    });
    const newAccess = session.tokens!.accessToken.toString();
    expect(newAccess).not.toBe(oldAccess);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);

    const lines = response.headers.getSetCookie();
    const accessLine = lines.find((line) => line.startsWith(`${accessName(auth)}=`));
    expect(accessLine).toBeDefined();
    expect(accessLine).toMatch(/; Path=\//);
    expect(accessLine).toMatch(/; Secure/i); // https request
    expect(accessLine).toMatch(/; SameSite=lax/i);
    // Later code in the same middleware reads the new session from the request.
    expect(request.cookies.get(accessName(auth))?.value).toBe(newAccess);

    browser.receive(lines);
    expect(decodeURIComponent(browser.get(accessName(auth))!)).toBe(newAccess);
  });

  it('middleware-valid: a live session writes no Set-Cookie', async () => {
    const auth = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(auth);
    idp.stats.reset();
    const request = new NextRequest('https://app.example/', { headers: { cookie: browser.cookieHeader() } });
    const response = NextResponse.next();
    const user = await auth.runWithServerContext({
      nextServerContext: { request, response },
      operation: (ctx) => auth.getCurrentUser(ctx),
    });
    expect(user).toEqual({
      username: demoUser.username,
      userId: demoUser.sub,
      signInDetails: { loginId: demoUser.username, authFlowType: 'USER_SRP_AUTH' },
    });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(idp.stats.snapshot()).toEqual({});
  });
});

describe('config isolation: two runners in one process', () => {
  let other: RunningIdp;

  beforeEach(async () => {
    other = await startTestIdp(clock, { poolId: 'eu-west-1_OtherPool' });
  });

  afterEach(async () => {
    await other.close();
  });

  it('two-pools-two-sessions: one Cookie header, each runner sees only its own pool’s user', async () => {
    const first = runnerFor(idp, { now: clock.now });
    const second = runnerFor(other, { now: clock.now, clientId: 'wapnezskpvfx51ql49aja7rkul' });
    expect(second.config.region).toBe('eu-west-1');
    const browser = new BrowserCookies({ now: clock.now });
    browser.receive((await signInOnServer(first, demoUser)).setCookie);
    browser.receive((await signInOnServer(second, adminUser)).setCookie);

    const page = serverComponentCookies(browser.cookieHeader());
    const userOf = (runner: TestRunner) =>
      runner.runWithServerContext({ nextServerContext: page.context, operation: (ctx) => runner.getCurrentUser(ctx) });
    const [a, b] = await Promise.all([userOf(first), userOf(second)]);
    expect(a.userId).toBe(demoUser.sub);
    expect(b.userId).toBe(adminUser.sub);

    // Both expire; each runner refreshes at its own IdP, once.
    clock.advance(3610);
    idp.stats.reset();
    other.stats.reset();
    const handler = routeHandlerCookies(browser.cookieHeader());
    const sessionOf = (runner: TestRunner) =>
      runner.runWithServerContext({
        nextServerContext: handler.context,
        operation: (ctx) => runner.fetchAuthSession(ctx),
      });
    const [sa, sb] = await Promise.all([sessionOf(first), sessionOf(second)]);
    expect(sa.userSub).toBe(demoUser.sub);
    expect(sb.userSub).toBe(adminUser.sub);
    expect(sa.tokens!.accessToken.payload.iss).toBe(idp.issuer);
    expect(sb.tokens!.accessToken.payload.iss).toBe(other.issuer);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
    expect(other.stats.count('GetTokensFromRefreshToken')).toBe(1);
  });

  it('same-client-id-other-pool: a runner never accepts the other pool’s tokens, whichever runner was created last', async () => {
    // Both IdPs seed the same client ids, so both runners read the very same cookie names.
    const first = runnerFor(idp, { now: clock.now });
    const browser = await signedInBrowser(first);
    const second = runnerFor(other, { now: clock.now });
    expect(second.config.clientId).toBe(first.config.clientId);

    const page = () => serverComponentCookies(browser.cookieHeader());
    const stateOf = (runner: TestRunner) => {
      const { context } = page();
      return runner.runWithServerContext({
        nextServerContext: context,
        operation: (ctx) => runner.fetchAuthSession(ctx),
      });
    };
    const [mine, theirs] = await Promise.all([stateOf(first), stateOf(second)]);
    expect(mine.userSub).toBe(demoUser.sub);
    expect(theirs.tokens).toBeUndefined();
    // Its own JWKS lacks the other pool's key ids, and the issuer differs too.
    expect(['UnknownKeyId', 'WrongIssuer']).toContain(theirs.error?.code);
    // Creating and using the second runner changed nothing about the first.
    expect((await stateOf(first)).userSub).toBe(demoUser.sub);
    expect(first.config.userPoolId).toBe(idp.poolId);
  });
});

describe('createServerRunner() from env', () => {
  it('bad-env: a malformed pool id throws ConfigInvalid naming the variable', () => {
    expect(() => createServerRunner({ env: { COGNITO_USER_POOL_ID: 'nope' } })).toThrow(ConfigInvalid);
    expect(() => createServerRunner({ env: { COGNITO_USER_POOL_ID: 'nope' } })).toThrow(/COGNITO_USER_POOL_ID/);
  });

  it('missing-env: no client id throws ConfigInvalid naming COGNITO_CLIENT_ID', () => {
    let error: unknown;
    try {
      createServerRunner({ env: { COGNITO_USER_POOL_ID: 'us-east-1_LocalPool' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigInvalid);
    expect((error as ConfigInvalid).code).toBe('ConfigInvalid');
    expect((error as Error).message).toMatch(/COGNITO_CLIENT_ID/);
    expect((error as Error).message).toMatch(/missing/);
  });

  it('env-only-runner: a runner configured purely from env vars reads a session', async () => {
    const auth = createServerRunner({
      env: {
        COGNITO_USER_POOL_ID: idp.poolId,
        COGNITO_CLIENT_ID: idp.defaultClientId,
        COGNITO_ENDPOINT: idp.url,
        COGNITO_ISSUER: idp.issuer,
        COGNITO_JWKS_URI: idp.jwksUri,
      },
      now: clock.now,
    });
    const browser = new BrowserCookies({ now: clock.now });
    browser.receive((await signInOnServer(auth, demoUser)).setCookie);
    const page = serverComponentCookies(browser.cookieHeader());
    const user = await auth.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => auth.getCurrentUser(ctx),
    });
    expect(user.userId).toBe(demoUser.sub);
  });
});

describe('createServerRunner({ claims })', () => {
  const tenantClaims = extendClaims({ id: z.object({ 'custom:tenant': z.string() }) });
  const runnerWithClaims = () =>
    createServerRunner({
      config: {
        userPoolId: idp.poolId,
        userPoolClientId: idp.defaultClientId,
        userPoolEndpoint: idp.url,
        issuer: idp.issuer,
        jwksUri: idp.jwksUri,
      },
      env: {},
      now: clock.now,
      claims: tenantClaims,
    });

  it('typed-claims: the app schema types the session and judges every token the runner reads', async () => {
    const auth = runnerWithClaims();
    type Claims = NonNullable<Awaited<ReturnType<typeof auth.getServerSession>>>['claims'];
    expectTypeOf<Claims['custom:tenant']>().toEqualTypeOf<string>();
    expectTypeOf<Claims['cognito:username']>().toEqualTypeOf<string>();
    type Plain = NonNullable<Awaited<ReturnType<ReturnType<typeof createServerRunner>['getServerSession']>>>['claims'];
    expectTypeOf<Plain['custom:tenant']>().toEqualTypeOf<string | undefined>();

    // Minted by a runner without the app schema: the kit, like the sign-in route, refuses to write
    // tokens its runner would not read back.
    const minter = runnerFor(idp, { now: clock.now });
    const read = async (user: typeof demoUser) => {
      const page = serverComponentCookies((await signedInBrowser(minter, user)).cookieHeader());
      return auth.runWithServerContext({
        nextServerContext: page.context,
        operation: (ctx) => auth.fetchAuthSession(ctx),
      });
    };
    const admin = await read(adminUser);
    expect(admin.tokens?.idToken.payload['custom:tenant']).toBe('acme');
    // demo has no tenant: its genuine tokens fail the app's schema, with the claim named.
    const demo = await read(demoUser);
    expect(demo.tokens).toBeUndefined();
    expect(demo.error?.code).toBe('ClaimsInvalid');
    expect(demo.error?.message).toContain('custom:tenant');
  });
});
