/**
 * The unpatched aws-amplify v6 client, configured with the local IdP's identity pool, and our
 * server's `createIdentityPool(auth).fetchAuthSession` agree on who the caller is: the same
 * identity id for a guest (through Amplify's identity-id cookie) and for a signed-in user
 * (through GetId), and credentials STS accepts on both sides. Amplify runs with `ssr: true` over a
 * fake `document` backed by one browser's cookies (see amplify-cookies.test.ts for why).
 */
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { createIdentityPool, type IdentityPoolCredentials } from 'next-cognito-session/identity-pool';
import { BrowserCookies } from './support/browser-cookies';
import { routeHandlerCookies } from './support/next-cookies';
import { runnerFor, type TestRunner } from './support/runner-fixtures';
import { demoUser } from './support/session-harness';
import { callerArn } from './support/sts';

let idp: RunningIdp;
let auth: TestRunner;
let identityPool: IdentityPoolCredentials;
let browser: BrowserCookies;
let uninstallDocument: () => void;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  browser = new BrowserCookies();
  uninstallDocument = browser.installDocument();
  Amplify.configure(
    {
      Auth: {
        Cognito: {
          userPoolId: idp.poolId,
          userPoolClientId: idp.defaultClientId,
          userPoolEndpoint: idp.url,
          identityPoolId: idp.identityPoolId!,
          identityPoolEndpoint: idp.url,
          allowGuestAccess: true,
        },
      },
    },
    { ssr: true },
  );
  auth = runnerFor(idp);
  identityPool = createIdentityPool(auth);
});

afterAll(async () => {
  uninstallDocument?.();
  await idp?.close();
});

/** A route handler of our app answering for the browser's current cookies. */
async function onServer() {
  const handler = routeHandlerCookies(browser.cookieHeader());
  const session = await auth.runWithServerContext({
    nextServerContext: handler.context,
    operation: (ctx) => identityPool.fetchAuthSession(ctx),
  });
  browser.receive(handler.setCookieLines);
  return session;
}

describe('aws-amplify and the server share identity-pool identities', () => {
  it('guest-server-then-amplify: the guest id our server wrote is the one Amplify uses', async () => {
    const server = await onServer();
    expect(server.identityId).toMatch(/^us-east-1:/);
    idp.stats.reset();
    const amplify = await fetchAuthSession();
    expect(amplify.tokens).toBeUndefined();
    expect(amplify.identityId).toBe(server.identityId);
    expect(idp.stats.count('GetId')).toBe(0);
    expect(await callerArn(idp.url, idp.region, amplify.credentials!)).toContain('assumed-role/LocalIdpGuest/');
  });

  it('signed-in-same-identity: Amplify and the server get the same identity id for the user', async () => {
    await signIn({ username: demoUser.username, password: demoUser.password });
    const amplify = await fetchAuthSession();
    expect(amplify.userSub).toBe(demoUser.sub);
    expect(amplify.credentials?.accessKeyId).toMatch(/^ASIA/);
    expect(await callerArn(idp.url, idp.region, amplify.credentials!)).toContain('assumed-role/LocalIdpAuthenticated/');

    const server = await onServer();
    expect(server.userSub).toBe(demoUser.sub);
    expect(server.identityId).toBe(amplify.identityId);
    expect(await callerArn(idp.url, idp.region, server.credentials!)).toContain('assumed-role/LocalIdpAuthenticated/');
    await signOut();
  });
});
