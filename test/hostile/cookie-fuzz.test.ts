/**
 * Cookie header fuzz around one genuine session (fast-check, fixed seeds). In process, 10,000
 * headers go through `resolveSession` on a jar parsed from the header: nothing may throw, every
 * failure is an AuthError inside the state, and a signed-in result carries exactly the genuine
 * tokens — never a session assembled from parts. Then a sample goes through the real edge
 * middleware under `next start`: no 5xx, and a 200 serves only genuine or freshly issued tokens.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryJar, parseCookieHeader } from '../../src/cookies';
import { AuthError } from '../../src/errors';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { resolveSession } from '../../src/session/resolve-session';
import type { AuthCore } from '../../src/session/core';
import type { SessionState } from '../../src/session/types';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from '../integration/support/next-server';
import { Clock, createCore } from '../integration/support/session-harness';
import { cookieArbitraries, toByteString } from './support/cookie-arbitraries';
import {
  cookieHeader,
  jtiOf,
  passwordSignIn,
  readResponse,
  sessionCookies,
  tokenFromSetCookie,
  type RealSession,
} from './support/hostile';

const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const admin = seed.users.find((u) => u.username === 'admin@example.com')!;

let idp: RunningIdp;
let core: AuthCore;
let genuine: RealSession;
let other: RealSession;
let arbitraries: ReturnType<typeof cookieArbitraries>;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  core = createCore(idp, new Clock(), { now: () => Date.now() });
  genuine = await passwordSignIn(idp, demo);
  other = await passwordSignIn(idp, admin);
  arbitraries = cookieArbitraries({ clientId: idp.defaultClientId, genuine, other });
});

afterAll(async () => {
  await idp?.close();
});

/**
 * What must hold for any state, whatever the header was. The header may carry the other user's
 * complete genuine session (then signing in as them is right); what must never happen is a
 * session stitched from two sessions' tokens.
 */
function assertSound(state: SessionState): void {
  if (state.status === 'signedIn') {
    const pair = [state.session.tokens.accessToken.toString(), state.session.tokens.idToken.toString()];
    expect([
      [genuine.accessToken, genuine.idToken],
      [other.accessToken, other.idToken],
    ]).toContainEqual(pair);
    expect(state.refreshed).toBe(false);
  } else if (state.status === 'signedOut') {
    if (state.reason !== undefined) expect(state.reason).toBeInstanceOf(AuthError);
  } else {
    expect(state.error).toBeInstanceOf(AuthError);
  }
}

function outcome(state: SessionState): string {
  if (state.status === 'signedIn') return 'signedIn';
  if (state.status === 'error') return `error:${state.error.code}`;
  return `signedOut:${state.reason?.code ?? 'none'}`;
}

describe('in process', () => {
  it('the genuine header alone is a signed-in session (the property below can see one)', async () => {
    const jar = createMemoryJar(parseCookieHeader(cookieHeader(sessionCookies(idp.defaultClientId, genuine))));
    const state = await resolveSession(core, core.storage(jar), { mode: 'never' });
    expect(state.status).toBe('signedIn');
  });

  it('10,000 hostile headers: no throw, typed reasons only, never a partial session', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(arbitraries.header, fc.boolean(), async (header, writable) => {
        const jar = createMemoryJar(parseCookieHeader(header), { writable });
        const state = await resolveSession(core, core.storage(jar), { mode: 'never' });
        assertSound(state);
        const key = outcome(state);
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }),
      { numRuns: 10_000, seed: 20_260_523, endOnFailure: true },
    );
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    console.info(`cookie fuzz in process: ${total} headers →`, Object.fromEntries(outcomes));
    expect(total).toBe(10_000);
    // The generator must reach the interesting places, or the property proves little.
    expect(outcomes.get('signedIn') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('signedOut:CookieCorrupt') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('signedOut:InvalidToken') ?? 0).toBeGreaterThan(100);
    expect([...outcomes.keys()].filter((key) => key.startsWith('error:'))).toEqual([]);
  }, 240_000);

  it('500 headers in refresh mode (no genuine refresh token): the IdP refuses garbage, nobody is half signed in', async () => {
    const garbageRefresh = arbitraries.header.map((header) =>
      header.split(genuine.refreshToken).join('not-a-refresh-token'),
    );
    await fc.assert(
      fc.asyncProperty(garbageRefresh, async (header) => {
        const jar = createMemoryJar(parseCookieHeader(header));
        const state = await resolveSession(core, core.storage(jar), { mode: 'auto' });
        assertSound(state);
      }),
      { numRuns: 500, seed: 7_351, endOnFailure: true },
    );
  }, 120_000);
});

describe('through next start (edge middleware)', () => {
  let app: NextServer;
  beforeAll(async () => {
    app = await startNext(APP_VARIANTS[0].dir, appEnv(idp));
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('a cookie name no Set-Cookie can express does not turn clearing a corrupt session into a 500', async () => {
    // Chunk 0 with a bad header and no plain ID token: CookieCorrupt, so the middleware clears the
    // session, including a junk per-user cookie whose name contains a space.
    const clientId = idp.defaultClientId;
    const cookies = [
      cookieHeader(sessionCookies(clientId, { ...genuine, idToken: undefined })),
      `CognitoIdentityServiceProvider.${clientId}.demo%40example.com.idToken.0=3~abcd~x`,
      `CognitoIdentityServiceProvider.${clientId}. .refreshToken=x`,
    ].join('; ');
    const response = await fetch(`${app.url}/api/me`, { redirect: 'manual', headers: { cookie: cookies } });
    expect(response.status, app.output().slice(-1500)).toBe(401);
    const cleared = response.headers.getSetCookie().filter((line) => /max-age=0/i.test(line));
    expect(cleared.some((line) => line.includes('.accessToken='))).toBe(true);
  });

  it('300 hostile headers on /api/me and /dashboard: no 5xx, a 200 only with genuine or newly issued tokens', async () => {
    const statuses = new Map<number, number>();
    const genuineJti = jtiOf(genuine.accessToken);
    await fc.assert(
      fc.asyncProperty(arbitraries.header, fc.constantFrom('/api/me', '/dashboard', '/'), async (header, path) => {
        const response = await fetch(`${app.url}${path}`, {
          redirect: 'manual',
          headers: { cookie: toByteString(header) },
        });
        const { status, json, text } = await readResponse(response);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status, `${path} ${status}: ${text.slice(0, 300)}\n${app.output().slice(-1500)}`).toBeLessThan(500);
        if (path === '/api/me' && status === 200) {
          const refreshed = jtiOf(tokenFromSetCookie(response, '.accessToken'));
          expect([genuineJti, refreshed]).toContain(json.accessTokenJti);
        }
      }),
      { numRuns: 300, seed: 4_242, endOnFailure: true },
    );
    console.info('cookie fuzz through next start, statuses:', Object.fromEntries(statuses));
    expect([...statuses.keys()].some((status) => status >= 500)).toBe(false);
  }, 180_000);
});
