/**
 * The test kit apps use (`next-cognito-session/testing`), through its package names, against the
 * real local IdP started in-process: a user created in-process, signed in over the wire, and the
 * resulting cookies accepted by the runner's middleware on a real NextRequest, by its server
 * context, and by a real Chromium given the Playwright storageState.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContextOptions } from '@playwright/test';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createServerRunner,
  IdpRejected,
  resolveConfig,
  WrongIssuer,
  type RunnerInput,
  type ServerRunner,
} from 'next-cognito-session';
import { SignInStoppedAtChallenge, signInForTest, type TestSession } from 'next-cognito-session/testing';
import { startIdp, type PreTokenGenerationEvent, type RunningIdp } from 'next-cognito-session-idp';
import { CHROMIUM_LAUNCH } from '../support/chromium';
import { serverComponentCookies } from './support/next-cookies';

const ANN = { username: 'ann@example.com', password: 'Passw0rd!ann' };
const BIG = { username: 'big@example.com', password: 'Passw0rd!big' };
const SECRET = 'a-test-secret-of-at-least-32-characters';

/** ~6 KB of claims in one user's ID token: more than one cookie holds. */
function bigIdToken(event: PreTokenGenerationEvent): PreTokenGenerationEvent {
  if (event.userName !== BIG.username) return event;
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { entitlements: 'feature-read-write,'.repeat(300) } },
  };
  return event;
}

let idp: RunningIdp;
let annSub: string;

beforeAll(async () => {
  idp = await startIdp({
    port: 0,
    seed: false,
    log: () => {},
    preTokenGeneration: bigIdToken,
    clients: [{ clientId: 'kitclient' }],
  });
  ({ sub: annSub } = await idp.admin.createUser({ ...ANN, attributes: { email: ANN.username }, groups: ['TESTERS'] }));
  await idp.admin.createUser(BIG);
});

afterAll(async () => {
  await idp?.close();
});

function runner(input: Omit<RunnerInput, 'config'> = {}): ServerRunner {
  return createServerRunner({ config: idp.runnerConfig(), env: {}, ...input });
}

/** What the runner's server components read from the session's Cookie header. */
async function readBack(auth: ServerRunner, session: TestSession) {
  return auth.runWithServerContext({
    nextServerContext: serverComponentCookies(session.cookieHeader).context,
    operation: (ctx) => auth.fetchAuthSession(ctx),
  });
}

describe('signInForTest', () => {
  it('runner-accepts-kit-cookies: the middleware serves a protected page on the Cookie header, with no refresh', async () => {
    const auth = runner();
    const session = await signInForTest({ runner: auth, ...ANN });
    expect(session.user).toMatchObject({
      username: ANN.username,
      userId: annSub,
      groups: ['TESTERS'],
      email: ANN.username,
    });

    const middleware = auth.middleware({ protect: ['/dashboard'] });
    const response = await middleware(
      new NextRequest('http://localhost:3000/dashboard', { headers: { cookie: session.cookieHeader } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    expect((await readBack(auth, session)).tokens?.accessToken.toString()).toBe(session.tokens.accessToken);
  });

  it('config-instead-of-runner: idp.runnerConfig() alone is enough, and names the same config as idp.appEnv()', async () => {
    const session = await signInForTest({ config: idp.runnerConfig(), ...ANN, authFlow: 'USER_PASSWORD_AUTH' });
    expect((await readBack(runner(), session)).userSub).toBe(annSub);
    expect(resolveConfig(undefined, idp.appEnv())).toEqual(resolveConfig({ config: idp.runnerConfig() }));
    const oauth = {
      redirectSignIn: 'http://localhost:3000/api/auth/sign-in-callback',
      redirectSignOut: 'http://localhost:3000/',
    };
    expect(resolveConfig(undefined, idp.appEnv({ oauth }))).toEqual(
      resolveConfig({ config: idp.runnerConfig({ oauth }) }),
    );
    expect(() => idp.runnerConfig({ clientId: 'nope' })).toThrow(/no app client nope/);
  });

  it('sealed-http-only: a server-only runner gets HttpOnly cookies with sealed values that only it can open', async () => {
    const auth = runner({ cookies: { httpOnly: true, encryptionSecret: SECRET } });
    const session = await signInForTest({ runner: auth, ...ANN });
    expect(session.setCookie.length).toBeGreaterThan(0);
    for (const line of session.setCookie) expect(line).toMatch(/; HttpOnly/);
    for (const { value } of session.cookies) {
      expect(value).not.toContain(session.tokens.accessToken.split('.')[1]);
      expect(value).not.toContain(session.tokens.idToken.split('.')[1]);
    }
    expect((await readBack(auth, session)).tokens?.idToken.toString()).toBe(session.tokens.idToken);
    expect((await readBack(runner(), session)).tokens).toBeUndefined();
  });

  it('domain-and-secure: cookie domain and an https app URL shape Set-Cookie and storageState as the runner would', async () => {
    const auth = runner({ cookies: { domain: 'example.test', maxAge: 3600 } });
    const before = Math.floor(Date.now() / 1000);
    const session = await signInForTest({ runner: auth, ...ANN, appUrl: 'https://app.example.test' });
    for (const line of session.setCookie) expect(line).toMatch(/; Domain=example\.test;.*; Secure/);

    const state = session.storageState();
    expect(state.origins).toEqual([]);
    expect(state.cookies.map(({ name, value }) => ({ name, value }))).toEqual(session.cookies);
    for (const cookie of state.cookies) {
      expect(cookie).toMatchObject({
        domain: '.example.test',
        path: '/',
        httpOnly: false,
        secure: true,
        sameSite: 'Lax',
      });
      expect(cookie.expires - before).toBeGreaterThanOrEqual(3600);
      expect(cookie.expires - before).toBeLessThan(3600 + 60);
    }
    // A plain-http origin would have received them without Secure.
    expect(session.storageState('http://app.example.test').cookies.every((cookie) => !cookie.secure)).toBe(true);
  });

  it('chunked-id-token: an ID token too large for one cookie arrives in chunks the runner joins', async () => {
    const auth = runner();
    const session = await signInForTest({ runner: auth, ...BIG });
    expect(session.tokens.idToken.length).toBeGreaterThan(5000);
    const names = session.cookies.map(({ name }) => name);
    expect(names.filter((name) => /\.idToken\.\d+$/.test(name)).length).toBeGreaterThanOrEqual(2);
    expect(names.some((name) => name.endsWith('.idToken'))).toBe(false);
    expect((await readBack(auth, session)).tokens?.idToken.toString()).toBe(session.tokens.idToken);
  });

  it('storage-state-in-chromium: a browser context built from storageState sends a session the runner accepts', async () => {
    const auth = runner();
    const received: string[] = [];
    const server: Server = createServer((request, response) => {
      if (request.url === '/dashboard') received.push(request.headers.cookie ?? ''); // not /favicon.ico
      response.end('ok');
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    try {
      const session = await signInForTest({ runner: auth, ...ANN, appUrl: origin });
      // The kit's shape must be assignable to Playwright's own option type.
      const storageState: BrowserContextOptions['storageState'] = session.storageState();
      expect(session.storageState().cookies.map(({ domain }) => domain)).toEqual(
        session.cookies.map(() => '127.0.0.1'),
      );
      const context = await browser.newContext({ storageState });
      await (await context.newPage()).goto(`${origin}/dashboard`);
      expect(received).toHaveLength(1);

      const middleware = auth.middleware({ protect: ['/dashboard'] });
      const response = await middleware(new NextRequest(`${origin}/dashboard`, { headers: { cookie: received[0]! } }));
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
    } finally {
      await browser.close();
      await new Promise((closed) => server.close(closed));
    }
  });

  it('wrong-password: IdpRejected NotAuthorizedException, naming the user', async () => {
    const error = await signInForTest({ runner: runner(), username: ANN.username, password: 'wrong' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdpRejected);
    expect(error).toMatchObject({ code: 'IdpRejected', cognitoType: 'NotAuthorizedException' });
    expect((error as Error).message).toContain(ANN.username);
  });

  it('new-password-challenge: a FORCE_CHANGE_PASSWORD user stops the kit with NewPasswordRequired', async () => {
    await idp.admin.createUser({
      username: 'temp@example.com',
      password: 'Temp!passw0rd',
      status: 'FORCE_CHANGE_PASSWORD',
    });
    const error = await signInForTest({
      runner: runner(),
      username: 'temp@example.com',
      password: 'Temp!passw0rd',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInStoppedAtChallenge);
    expect(error).toMatchObject({ code: 'NewPasswordRequired', challengeName: 'NEW_PASSWORD_REQUIRED' });
    expect((error as Error).message).toMatch(/NEW_PASSWORD_REQUIRED.*permanent password/);
  });

  it('wrong-issuer: a runner expecting another issuer fails at sign-in, before any cookie is written', async () => {
    const config = { ...idp.runnerConfig(), issuer: `https://cognito-idp.us-east-1.amazonaws.com/${idp.poolId}` };
    await expect(signInForTest({ config, ...ANN })).rejects.toBeInstanceOf(WrongIssuer);
  });
});
