/**
 * Cookie tossing: one Cookie header carrying a session cookie name twice. A sibling subdomain
 * can set cookies on the parent domain, so the browser sends its copies next to ours; a cookie
 * with another `Path=` arrives twice as well. Parsers disagree on which copy wins (Next's keeps
 * the last, the `cookie` package the first), and before one reading was used everywhere the
 * middleware and pages acted as admin while /api/auth/session and sign-out acted as demo — and
 * sign-out revoked demo's token.
 *
 * What must hold: every reader — the middleware under a real `next start`, the reading behind
 * getServerSession (Next's own cookie objects), /api/auth/session and sign-out — answers signed
 * out with reason CookieCorrupt (or the public face of it), and sign-out revokes neither user's
 * token: both still refresh at the real local IdP afterwards. Duplicates of cookies that are not
 * this client's session change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoClient, type CognitoClient } from '../../src/cognito/client';
import { resolveConfig } from '../../src/config';
import { encodeCookieName, lastAuthUserKey, tokenKey, type JarCookie } from '../../src/cookies';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { createAuthCore } from '../../src/session/core';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from '../integration/support/next-server';
import { serverComponentCookies } from '../integration/support/next-cookies';
import { runnerFor } from '../integration/support/runner-fixtures';
import { idpConfig, recordingLogger } from '../integration/support/session-harness';
import { call, createAuthRouteHandlers, routeCore, sessionSetCookies, type Handlers } from './support/route-driver';
import { cookieHeader, passwordSignIn, readResponse, sessionCookies, type RealSession } from './support/hostile';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const admin = seed.users.find((u) => u.username === 'admin@example.com')!;

let idp: RunningIdp;
let cognito: CognitoClient;
let handlers: Handlers;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId: idp.defaultClientId });
  handlers = createAuthRouteHandlers(routeCore(idp));
});

afterAll(async () => {
  await idp?.close();
});

const clientId = () => idp.defaultClientId;
const lastAuthUser = () => encodeCookieName(lastAuthUserKey(clientId()));
const cookieOf = (session: RealSession, kind: 'accessToken' | 'idToken' | 'refreshToken'): JarCookie => ({
  name: encodeCookieName(tokenKey(clientId(), session.username, kind)),
  value: session[kind],
});

/** demo's Amplify cookies, then admin's, as a browser holding both sets sends them. */
async function twoUsers(): Promise<{ demo: RealSession; admin: RealSession; header: string }> {
  const [first, second] = [await passwordSignIn(idp, demo), await passwordSignIn(idp, admin)];
  const header = cookieHeader([...sessionCookies(clientId(), first), ...sessionCookies(clientId(), second)]);
  return { demo: first, admin: second, header };
}

/** The IdP still honours the session: its access token and its refresh token work. */
async function expectAlive(session: RealSession): Promise<void> {
  await expect(cognito.getUser(session.accessToken), session.username).resolves.toBeDefined();
  await expect(
    cognito.getTokensFromRefreshToken({ refreshToken: session.refreshToken }),
    session.username,
  ).resolves.toBeDefined();
}

/** Names the Set-Cookie lines expire (Max-Age=0). */
function expired(lines: readonly string[]): string[] {
  return lines.filter((line) => /max-age=0/i.test(line)).map((line) => line.slice(0, line.indexOf('=')));
}

function namesOf(...sessions: RealSession[]): string[] {
  return [
    lastAuthUser(),
    ...sessions.flatMap((s) =>
      (['accessToken', 'idToken', 'refreshToken'] as const).map((kind) => cookieOf(s, kind).name),
    ),
  ];
}

describe('auth route handlers (in process, real IdP)', () => {
  it('two users in one header: /api/auth/session is signed out and expires both sets of cookies', async () => {
    const { demo: d, admin: a, header } = await twoUsers();
    const response = await call(handlers, 'session', { cookie: header });
    const { status, json } = await readResponse(response);
    expect(status).toBe(200);
    expect(json).toEqual({ user: null });
    expect(expired(sessionSetCookies(response)).sort()).toEqual(namesOf(d, a).sort());
  });

  it('two users in one header: sign-out clears both sets and revokes neither refresh token', async () => {
    const { demo: d, admin: a, header } = await twoUsers();
    const response = await call(handlers, 'sign-out', { json: {}, cookie: header });
    expect(await response.json()).toMatchObject({ signedOut: true });
    expect(expired(sessionSetCookies(response)).sort()).toEqual(namesOf(d, a).sort());
    await expectAlive(d);
    await expectAlive(a);
  });

  it('two users in one header: a global sign-out says its global part failed (CookieCorrupt) and signs nobody out', async () => {
    const { demo: d, admin: a, header } = await twoUsers();
    const response = await call(handlers, 'sign-out', { json: { global: true }, cookie: header });
    expect(await response.json()).toMatchObject({
      signedOut: true,
      globalSignOut: 'failed',
      error: { code: 'CookieCorrupt', message: expect.stringContaining(`${lastAuthUser()} arrived 2 times`) },
    });
    await expectAlive(d);
    await expectAlive(a);
  });

  it('the same refresh token twice (a Path= variant): sign-out revokes nothing it read from a duplicated set', async () => {
    const session = await passwordSignIn(idp, demo);
    const header = cookieHeader([...sessionCookies(clientId(), session), cookieOf(session, 'refreshToken')]);
    const response = await call(handlers, 'sign-out', { form: {}, cookie: header });
    expect(response.status).toBe(303);
    expect(expired(sessionSetCookies(response)).sort()).toEqual(namesOf(session).sort());
    await expectAlive(session);
  });

  it('with cookies.domain configured, sign-out expires the host-only and the Domain= copy of every session cookie', async () => {
    const config = resolveConfig({
      config: idpConfig(idp),
      cookies: { domain: 'localhost' },
      session: { idpTimeoutMs: 2000 },
    });
    const withDomain = createAuthRouteHandlers(createAuthCore(config, { logger: recordingLogger() }));
    const { demo: d, admin: a, header } = await twoUsers();
    const lines = sessionSetCookies(await call(withDomain, 'sign-out', { json: {}, cookie: header }));
    const deletions = lines.filter((line) => /max-age=0/i.test(line));
    for (const name of namesOf(d, a)) {
      const mine = deletions.filter((line) => line.startsWith(`${name}=`));
      expect(mine.map((line) => /domain=localhost/i.test(line)).sort(), name).toEqual([false, true]);
    }
    await expectAlive(d);
    await expectAlive(a);
  });
});

describe("getServerSession's reading: Next's cookies() objects plus the raw header", () => {
  it('two users in one header: signed out with reason CookieCorrupt, where cookies() alone would have shown admin', async () => {
    const runner = runnerFor(idp);
    const { header } = await twoUsers();
    const page = serverComponentCookies(header);
    // The trap: Next's RequestCookies keep one value per name, the last.
    expect(page.value(lastAuthUser())).toBe(admin.username);
    const state = await runner.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => ctx.session('never'),
    });
    expect(state).toMatchObject({ status: 'signedOut', reason: { code: 'CookieCorrupt' } });
    expect(state.status === 'signedOut' && state.reason?.message).toContain(`${lastAuthUser()} arrived 2 times`);
  });
});

describe('through next start (edge middleware)', () => {
  let app: NextServer;

  beforeAll(async () => {
    app = await startNext(APP_VARIANTS[0].dir, appEnv(idp));
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  const get = (path: string, cookie: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { redirect: 'manual', headers: { cookie, ...headers } });

  /** Neither user's `sub`, and nobody "signed in as" (the home page lists the demo usernames as a hint). */
  function expectNoIdentity(text: string): void {
    for (const user of [demo, admin]) expect(text).not.toContain(user.sub);
    expect(text).not.toMatch(/signed in as/i);
  }

  it('two users in one header: the middleware refuses /api/me as CookieCorrupt and expires both sets of cookies', async () => {
    const { demo: d, admin: a, header } = await twoUsers();
    const response = await get('/api/me', header);
    const { status, json, text } = await readResponse(response);
    expect(status, app.output()).toBe(401);
    expect(json.error.code).toBe('NotAuthenticated');
    expect(json.error.message).toContain(`${lastAuthUser()} arrived 2 times`);
    expectNoIdentity(text);
    expect(expired(response.headers.getSetCookie()).sort()).toEqual(namesOf(d, a).sort());
  });

  it('two users in one header: /dashboard goes to sign-in, and the home page renders signed out', async () => {
    const { header } = await twoUsers();
    const dashboard = await get('/dashboard', header);
    expect(dashboard.status, app.output()).toBe(307);
    expect(new URL(dashboard.headers.get('location')!, app.url).pathname).toBe('/sign-in');
    const home = await get('/', header);
    const text = await home.text();
    expect(home.status, app.output()).toBe(200);
    expect(text).toContain('data-status="signedOut"');
    expectNoIdentity(text);
  });

  it('two users in one header, on a request the middleware skips (a router prefetch): pages and getServerSession show nobody', async () => {
    const { header } = await twoUsers();
    for (const path of ['/dashboard', '/api/me']) {
      const response = await get(path, header, { 'next-router-prefetch': '1' });
      const text = await response.text();
      expect(response.status, `${path}\n${app.output()}`).toBeLessThan(500);
      expectNoIdentity(text);
    }
  });

  it('two users in one header: /api/auth/session is signed out', async () => {
    const { header } = await twoUsers();
    const { status, json } = await readResponse(await get('/api/auth/session', header));
    expect(status, app.output()).toBe(200);
    expect(json).toEqual({ user: null });
  });

  it('two users in one header: sign-out through the app revokes neither refresh token', async () => {
    const { demo: d, admin: a, header } = await twoUsers();
    const response = await fetch(`${app.url}/api/auth/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: header, origin: app.url, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status, app.output()).toBe(200);
    expect(await response.json()).toMatchObject({ signedOut: true });
    await expectAlive(d);
    await expectAlive(a);
  });

  it('a Path= variant with the same value twice is refused too', async () => {
    const session = await passwordSignIn(idp, demo);
    const header = cookieHeader([...sessionCookies(clientId(), session), cookieOf(session, 'accessToken')]);
    const { status, json } = await readResponse(await get('/api/me', header));
    expect(status, app.output()).toBe(401);
    expect(json.error.message).toContain(`${cookieOf(session, 'accessToken').name} arrived 2 times`);
  });

  it('a Path= variant with another value (an older access token of the same user) is refused', async () => {
    const [older, newer] = [await passwordSignIn(idp, demo), await passwordSignIn(idp, demo)];
    const header = cookieHeader([cookieOf(older, 'accessToken'), ...sessionCookies(clientId(), newer)]);
    const { status, json } = await readResponse(await get('/api/me', header));
    expect(status, app.output()).toBe(401);
    expect(json.error.message).toContain(`${cookieOf(newer, 'accessToken').name} arrived 2 times`);
  });

  it("duplicates that are not this client's session (app cookies, another client) change nothing", async () => {
    const session = await passwordSignIn(idp, demo);
    const otherClient = encodeCookieName(lastAuthUserKey('someotherclient'));
    const header = [
      'theme=dark; theme=light',
      `${otherClient}=x; ${otherClient}=y`,
      cookieHeader(sessionCookies(clientId(), session)),
    ].join('; ');
    const { status, json } = await readResponse(await get('/api/me', header));
    expect(status, app.output()).toBe(200);
    expect(json.user.username).toBe(session.username);
  });
});
