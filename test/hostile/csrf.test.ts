/**
 * Cross-site request forgery against the auth route handlers (plain Requests, real local IdP):
 * a POST that does not come from the app's own origin must change nothing — no cookie written
 * or cleared, nothing revoked, nothing rotated — and no GET ever changes the session.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { cookieHeader, passwordSignIn, sessionCookies, type RealSession } from './support/hostile';
import {
  APP,
  call,
  createAuthRouteHandlers,
  routeCore,
  sessionSetCookies,
  type Call,
  type Handlers,
} from './support/route-driver';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;

let idp: RunningIdp;
let handlers: Handlers;
let session: RealSession;
let cookie: string;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  handlers = createAuthRouteHandlers(routeCore(idp));
});
afterAll(async () => {
  await idp?.close();
});
beforeEach(async () => {
  session = await passwordSignIn(idp, demo);
  cookie = cookieHeader(sessionCookies(idp.defaultClientId, session));
  idp.stats.reset();
});

/** Nothing about the session changed: no Set-Cookie for it, no IdP call that could alter it. */
async function assertUntouched(response: Response): Promise<void> {
  expect(sessionSetCookies(response)).toEqual([]);
  const stats = idp.stats.snapshot();
  for (const op of [
    'RevokeToken',
    'GlobalSignOut',
    'GetTokensFromRefreshToken',
    'InitiateAuth',
    'RespondToAuthChallenge',
  ]) {
    expect(stats[op] ?? 0, op).toBe(0);
  }
  // The refresh token still works, so it was neither revoked nor rotated away.
  const cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId: idp.defaultClientId });
  await expect(cognito.getTokensFromRefreshToken({ refreshToken: session.refreshToken })).resolves.toMatchObject({
    AccessToken: expect.any(String),
  });
}

const FORGED: Array<[string, Pick<Call, 'origin' | 'headers'>]> = [
  ['another site in Origin', { origin: 'https://evil.example' }],
  ['a lookalike host in Origin', { origin: 'http://localhost:3000.evil.example' }],
  ['another port in Origin', { origin: 'http://localhost:3001' }],
  ['https instead of http in Origin', { origin: 'https://localhost:3000' }],
  ['Origin: null (sandboxed frame)', { origin: 'null' }],
  ['no Origin and no Referer', { origin: null }],
  ['no Origin, Referer from another site', { origin: null, headers: { referer: 'https://evil.example/page' } }],
  ['garbage in Origin', { origin: 'javascript:alert(1)' }],
];

describe.each(FORGED)('cross-origin POST: %s', (_name, forged) => {
  it('sign-out (form) is refused with 403 and signs nobody out', async () => {
    const response = await call(handlers, 'sign-out', { form: { global: 'true' }, cookie, ...forged });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'Forbidden' } });
    await assertUntouched(response);
  });

  it('sign-out (JSON) is refused with 403', async () => {
    const response = await call(handlers, 'sign-out', { json: {}, cookie, ...forged });
    expect(response.status).toBe(403);
    await assertUntouched(response);
  });

  it('sign-in (login CSRF) is refused with 403 and plants no session', async () => {
    const response = await call(handlers, 'sign-in', {
      form: { username: demo.username, password: demo.password },
      ...forged,
    });
    expect(response.status).toBe(403);
    await assertUntouched(response);
  });

  it('refresh is refused with 403 and rotates nothing', async () => {
    const response = await call(handlers, 'refresh', { json: {}, cookie, ...forged });
    expect(response.status).toBe(403);
    await assertUntouched(response);
  });
});

describe('browser signals', () => {
  it('a same-origin Origin on a form marked Sec-Fetch-Site: cross-site is still refused', async () => {
    const response = await call(handlers, 'sign-out', {
      form: {},
      cookie,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
    await assertUntouched(response);
  });

  it('the same POST from the app origin does sign out (the refusals above are not blanket failures)', async () => {
    const response = await call(handlers, 'sign-out', { form: {}, cookie, origin: APP });
    expect(response.status).toBe(303);
    expect(sessionSetCookies(response).some((line) => /\.refreshToken=;.*Max-Age=0/i.test(line))).toBe(true);
    expect(idp.stats.count('RevokeToken')).toBe(1);
  });
});

describe('GET never changes session state', () => {
  const GETS: Array<[string, Call]> = [
    ['sign-out', {}],
    ['sign-out', { query: { global: 'true' } }],
    ['refresh', {}],
    ['sign-in', { query: { username: demo.username, password: demo.password } }],
    ['sign-in', {}],
    ['sign-in-callback', { query: { code: 'forged-code', state: 'forged-state' } }],
    ['sign-in-callback', { query: { error: 'access_denied' } }],
    ['session', {}],
    ['no-such-route', {}],
  ];

  it.each(GETS)(
    'GET %s %j with a valid session: no session cookie touched, nothing revoked or rotated',
    async (slug, init) => {
      const response = await call(handlers, slug, { ...init, method: 'GET', cookie, origin: 'https://evil.example' });
      expect(response.status).toBeLessThan(500);
      await assertUntouched(response);
    },
  );
});
