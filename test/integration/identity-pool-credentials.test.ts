/**
 * `next-cognito-session/identity-pool` against the real local IdP: the signed-in user's
 * credentials (the same identity the AWS SDK gets for them), cached until five minutes before
 * expiry, renewed by `forceRefresh`, dropped by sign-out; guest credentials with Amplify's
 * identity-id cookie; outages as IdpUnavailable. The IdP and the runner share one clock.
 */
import { CognitoIdentityClient, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningIdp } from 'next-cognito-session-idp';
import { createIdentityPool } from 'next-cognito-session/identity-pool';
import { ConfigInvalid } from '../../src/errors';
import { createServerRunner } from '../../src/runner';
import { BrowserCookies } from './support/browser-cookies';
import { routeHandlerCookies, serverComponentCookies } from './support/next-cookies';
import { runnerFor, signInOnServer, type TestRunner } from './support/runner-fixtures';
import { Clock, adminUser, demoUser, startTestIdp } from './support/session-harness';
import { callerArn } from './support/sts';

let clock: Clock;
let idp: RunningIdp;

beforeEach(async () => {
  clock = new Clock();
  idp = await startTestIdp(clock);
});
afterEach(async () => {
  await idp.close();
});

async function signedIn(auth: TestRunner, user = demoUser): Promise<string> {
  const browser = new BrowserCookies({ now: clock.now });
  browser.receive((await signInOnServer(auth, user)).setCookie);
  return browser.cookieHeader();
}

function setup() {
  const auth = runnerFor(idp, { now: clock.now });
  return { auth, pool: createIdentityPool(auth) };
}

async function fetchIn(auth: TestRunner, pool: ReturnType<typeof createIdentityPool>, cookieHeader: string, opts = {}) {
  const handler = routeHandlerCookies(cookieHeader);
  const session = await auth.runWithServerContext({
    nextServerContext: handler.context,
    operation: (ctx) => pool.fetchAuthSession(ctx, opts),
  });
  return { session, setCookie: handler.setCookieLines };
}

const credentialCalls = () => idp.stats.count('GetCredentialsForIdentity') + idp.stats.count('GetId');
const guestCookie = () => `com.amplify.Cognito.${idp.identityPoolId}.identityId`;

describe('credentials for the signed-in user', () => {
  it('signed-in: tokens, credentials and the identity id the AWS SDK gets for the same user', async () => {
    const { auth, pool } = setup();
    const { session } = await fetchIn(auth, pool, await signedIn(auth));
    expect(session.userSub).toBe(demoUser.sub);
    expect(session.credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(session.credentials?.expiration.getTime()).toBe(clock.ms + 3600_000 - (clock.ms % 1000));

    const sdk = new CognitoIdentityClient({ endpoint: idp.url, region: idp.region, maxAttempts: 1 });
    const { IdentityId } = await sdk.send(
      new GetIdCommand({
        IdentityPoolId: idp.identityPoolId,
        Logins: { [`cognito-idp.${idp.region}.amazonaws.com/${idp.poolId}`]: session.tokens!.idToken.toString() },
      }),
    );
    sdk.destroy();
    expect(session.identityId).toBe(IdentityId);
    expect(await callerArn(idp.url, idp.region, session.credentials!)).toContain('assumed-role/LocalIdpAuthenticated/');
  });

  it('role-per-user: an admin gets the role of their group', async () => {
    const { auth, pool } = setup();
    const { session } = await fetchIn(auth, pool, await signedIn(auth, adminUser));
    expect(await callerArn(idp.url, idp.region, session.credentials!)).toContain('assumed-role/LocalIdpAdmins/');
  });

  it('cached: the same session again costs no IdP call; forceRefresh renews; another sign-in gets its own', async () => {
    const { auth, pool } = setup();
    const cookies = await signedIn(auth);
    const first = (await fetchIn(auth, pool, cookies)).session;
    idp.stats.reset();
    const second = (await fetchIn(auth, pool, cookies)).session;
    expect(credentialCalls()).toBe(0);
    expect(second.credentials).toEqual(first.credentials);
    const forced = (await fetchIn(auth, pool, cookies, { forceRefresh: true })).session;
    expect(idp.stats.count('GetCredentialsForIdentity')).toBe(1);
    expect(forced.credentials?.accessKeyId).not.toBe(first.credentials?.accessKeyId);
    expect(forced.identityId).toBe(first.identityId);
    const elsewhere = (await fetchIn(auth, pool, await signedIn(auth))).session;
    expect(elsewhere.identityId).toBe(first.identityId);
    expect(elsewhere.credentials?.accessKeyId).not.toBe(forced.credentials?.accessKeyId);
  });

  it('renew-margin: five minutes before expiry the credentials are fetched again', async () => {
    const { auth, pool } = setup();
    const cookies = await signedIn(auth);
    const first = (await fetchIn(auth, pool, cookies)).session;
    clock.advance(54 * 60); // 6 minutes left: still served (the session's tokens are refreshed)
    const handler = routeHandlerCookies(cookies);
    const refreshed = await auth.runWithServerContext({
      nextServerContext: handler.context,
      operation: (ctx) => pool.fetchAuthSession(ctx),
    });
    expect(refreshed.credentials).toEqual(first.credentials);
    const browser = new BrowserCookies({ now: clock.now });
    browser.receive(handler.setCookieLines);
    clock.advance(2 * 60); // 4 minutes left: renewed
    idp.stats.reset();
    const renewed = (await fetchIn(auth, pool, browser.cookieHeader())).session;
    expect(idp.stats.count('GetCredentialsForIdentity')).toBe(1);
    expect(renewed.credentials?.accessKeyId).not.toBe(first.credentials?.accessKeyId);
  });

  it('sign-out-drops: after the sign-out route the old cookies get no cached credentials', async () => {
    const { auth, pool } = setup();
    const cookies = await signedIn(auth);
    const first = (await fetchIn(auth, pool, cookies)).session;
    const { POST } = auth.routeHandlers();
    const response = await POST(
      new Request('http://localhost:3000/api/auth/sign-out', {
        method: 'POST',
        headers: { origin: 'http://localhost:3000', 'content-type': 'application/json', cookie: cookies },
        body: JSON.stringify({ global: true }),
      }),
      { params: Promise.resolve({ slug: 'sign-out' }) },
    );
    expect(await response.json()).toMatchObject({ signedOut: true, globalSignOut: 'succeeded' });
    // The sign-out recorded the family as revoked (docs/design.md "Revocation"): the old cookies
    // are a signed-out session now, which gets the pool's guest credentials, never the user's.
    const after = (await fetchIn(auth, pool, cookies)).session;
    expect(after.tokens).toBeUndefined();
    expect(after.error).toMatchObject({ code: 'RefreshTokenRevoked' });
    expect(after.identityId).not.toBe(first.identityId);
    expect(after.credentials?.accessKeyId).not.toBe(first.credentials?.accessKeyId);
    const again = (await fetchIn(auth, pool, await signedIn(auth))).session;
    expect(again.identityId).toBe(first.identityId);
    expect(again.credentials?.accessKeyId).not.toBe(first.credentials?.accessKeyId);
  });

  it('outage: the IdP down is IdpUnavailable, never a session without credentials', async () => {
    const { auth, pool } = setup();
    const cookies = await signedIn(auth);
    idp.faults.failOperation('GetCredentialsForIdentity', 503);
    await expect(fetchIn(auth, pool, cookies)).rejects.toMatchObject({ code: 'IdpUnavailable' });
    idp.faults.clear();
    await idp.stop();
    await expect(fetchIn(auth, pool, '')).rejects.toMatchObject({ code: 'IdpUnavailable' });
  });

  it('no-pool: createIdentityPool on a runner without identityPoolId is ConfigInvalid', () => {
    const { identityPoolId: _id, identityPoolEndpoint: _endpoint, ...config } = idp.runnerConfig();
    expect(() => createIdentityPool(createServerRunner({ config, env: {} }))).toThrow(ConfigInvalid);
  });
});

describe('guest credentials', () => {
  it("guest: signed out, the pool's guest role, with Amplify's identity-id cookie written and reused", async () => {
    const { auth, pool } = setup();
    const first = await fetchIn(auth, pool, '');
    expect(first.session.tokens).toBeUndefined();
    expect(await callerArn(idp.url, idp.region, first.session.credentials!)).toContain('assumed-role/LocalIdpGuest/');
    // js-cookie's name encoding, as Amplify in the browser writes it: the pool id's `:` is %3A.
    const written = first.setCookie.find((line) => line.startsWith(`${encodeURIComponent(guestCookie())}=`));
    expect(decodeURIComponent(written ?? '')).toContain(`=${first.session.identityId!};`);

    idp.stats.reset();
    const browser = new BrowserCookies({ now: clock.now });
    browser.receive(first.setCookie);
    const second = await fetchIn(auth, pool, browser.cookieHeader());
    expect(second.session.identityId).toBe(first.session.identityId);
    expect(credentialCalls()).toBe(0);
  });

  it("planted-id: a user's identity id in the guest cookie gets a new guest, not the user's credentials", async () => {
    const { auth, pool } = setup();
    const user = (await fetchIn(auth, pool, await signedIn(auth))).session;
    const planted = `${guestCookie()}=${user.identityId}`;
    const { session } = await fetchIn(auth, pool, planted);
    expect(session.identityId).not.toBe(user.identityId);
    expect(await callerArn(idp.url, idp.region, session.credentials!)).toContain('assumed-role/LocalIdpGuest/');
  });

  it('server-component: a read-only jar still gets guest credentials (nothing written)', async () => {
    const { auth, pool } = setup();
    const page = serverComponentCookies('');
    const session = await auth.runWithServerContext({
      nextServerContext: page.context,
      operation: (ctx) => pool.fetchAuthSession(ctx),
    });
    expect(session.credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(page.setCookieLines).toEqual([]);
  });

  it('no-guests: a pool without guests answers no credentials when signed out (and asks only once)', async () => {
    await idp.close();
    idp = await startTestIdp(clock, {
      seed: {
        clients: [{ clientId: 'strictclient' }],
        identityPools: [
          {
            id: '00000000-0000-4000-8000-000000000002',
            authenticatedRoleArn: 'arn:aws:iam::000000000000:role/Auth',
            clientIds: ['strictclient'],
          },
        ],
      },
    });
    const { auth, pool } = setup();
    expect((await fetchIn(auth, pool, '')).session.credentials).toBeUndefined();
    expect((await fetchIn(auth, pool, '')).session.credentials).toBeUndefined();
    expect(idp.stats.count('GetId')).toBe(1);
  });
});
