/**
 * A 10 KB ID token — what a pre-token hook adding entitlements produces, and what Amplify's
 * single cookie loses — end to end: IdP hook → sign-in cookies (chunked) → middleware under
 * `next start` → server component and route handler, including a refresh that rewrites them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type PreTokenGenerationEvent, type RunningIdp } from 'next-cognito-session-idp';
import { type BrowserCookies, jtiOf, OffsetClock, signInBrowser } from './support/browser';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from './support/next-server';

const BIG_USER = { username: 'big@example.com', password: 'Passw0rd!big-token' };
const ENTITLEMENTS = Array.from({ length: 300 }, (_, i) => `feature-${String(i).padStart(3, '0')}-read-write`).join(
  ',',
);

/** Adds ~8 KB of claims to the ID token of one user, as a V2 pre-token-generation Lambda would. */
function entitlementsHook(event: PreTokenGenerationEvent): PreTokenGenerationEvent {
  if (event.userName !== BIG_USER.username) return event;
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { entitlements: ENTITLEMENTS } },
  };
  return event;
}

describe.each(APP_VARIANTS)('10 KB ID token through $name', ({ dir }) => {
  const clock = new OffsetClock();
  let idp: RunningIdp;
  let app: NextServer;

  beforeAll(async () => {
    idp = await startIdp({ port: 0, now: clock.now, log: () => {}, preTokenGeneration: entitlementsHook });
    await idp.admin.createUser(BIG_USER);
    app = await startNext(dir, appEnv(idp));
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  it('large-id-token-chunked: the session survives as chunked cookies and the page sees every claim', async () => {
    const cookies = await signInBrowser(idp, BIG_USER);
    const chunkNames = cookies.names().filter((name) => /\.idToken\.\d+$/.test(name));
    expect(chunkNames.length).toBeGreaterThanOrEqual(3);
    expect(cookies.names().some((name) => name.endsWith('.idToken'))).toBe(false);

    const response = await fetch(`${app.url}/api/me`, { headers: { cookie: cookies.header() } });
    expect(response.status, app.output()).toBe(200);
    const body = (await response.json()) as { claims: { entitlements?: string } };
    expect(body.claims.entitlements).toBe(ENTITLEMENTS);
  });

  it('large-id-token-refresh: the middleware refreshes it and rewrites every chunk for the same request', async () => {
    clock.offsetMs = -3600_000 - 60_000; // sign in "an hour and a minute ago": tokens already expired
    let cookies: BrowserCookies;
    try {
      cookies = await signInBrowser(idp, BIG_USER, { now: clock.now });
    } finally {
      clock.offsetMs = 0;
    }
    const response = await fetch(`${app.url}/dashboard`, { headers: { cookie: cookies.header() }, redirect: 'manual' });
    expect(response.status, app.output()).toBe(200);
    const browser = cookies.clone();
    browser.apply(response);
    const newJti = jtiOf(browser.get('.accessToken'));
    expect(newJti).not.toBe(jtiOf(cookies.get('.accessToken')));
    expect(await response.text()).toContain(String(newJti));
    expect(browser.names().filter((name) => /\.idToken\.\d+$/.test(name)).length).toBeGreaterThanOrEqual(3);
  });
});
