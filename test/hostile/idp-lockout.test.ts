/**
 * Password guessing against the local IdP. It used to check every guess, forever; Cognito locks a
 * user out after five failures — one second, doubling with each further failure up to ~15
 * minutes — and during a lockout even the right password answers `NotAuthorizedException:
 * Password attempts exceeded`. The IdP's injected clock moves time here; nothing sleeps.
 */
import { InitiateAuthCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { CookieJar, authorizeUrl, form, transactionFrom } from '../../packages/idp/test-support/oauth2';
import { Clock } from '../integration/support/session-harness';
import { callIdp, passwordAuth, publicSdk, srpSignIn } from './support/idp-wire';

const DEMO = { username: 'demo@example.com', password: 'Passw0rd!demo' };
const INCORRECT = { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const EXCEEDED = { __type: 'NotAuthorizedException', message: 'Password attempts exceeded' };

let clock: Clock;
let idp: RunningIdp;
let sdk: CognitoIdentityProviderClient;

beforeEach(async () => {
  clock = new Clock();
  idp = await startIdp({ port: 0, now: clock.now, log: () => {} });
  sdk = publicSdk(idp);
});
afterEach(async () => {
  sdk.destroy();
  await idp.close();
});

async function wrongPasswords(count: number, username = DEMO.username) {
  for (let i = 0; i < count; i++) {
    expect((await passwordAuth(idp, username, `Wrong-Passw0rd-${i}`)).json, `attempt ${i + 1}`).toMatchObject(
      INCORRECT,
    );
  }
}

describe('password lockout', () => {
  it('lockout-right-password-refused: after five wrong passwords the right one is refused until the second has passed (SDK)', async () => {
    await wrongPasswords(5);
    const right = () =>
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: idp.defaultClientId,
          AuthParameters: { USERNAME: DEMO.username, PASSWORD: DEMO.password },
        }),
      );
    await expect(right()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    });
    clock.advance(0.999);
    await expect(right()).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    clock.advance(0.001);
    expect((await right()).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('lockout-doubles: each failure after a lockout doubles it (2 s, then 4 s); refused attempts do not count', async () => {
    await wrongPasswords(5);
    for (let i = 0; i < 5; i++)
      expect((await passwordAuth(idp, DEMO.username, 'Wrong-Passw0rd')).json).toMatchObject(EXCEEDED);
    clock.advance(1);
    await wrongPasswords(1);
    clock.advance(1.9);
    expect((await passwordAuth(idp, DEMO.username, DEMO.password)).json).toMatchObject(EXCEEDED);
    clock.advance(0.1);
    await wrongPasswords(1);
    clock.advance(3.9);
    expect((await passwordAuth(idp, DEMO.username, DEMO.password)).json).toMatchObject(EXCEEDED);
    clock.advance(0.1);
    expect((await passwordAuth(idp, DEMO.username, DEMO.password)).status).toBe(200);
  });

  it('lockout-srp: wrong SRP proofs lock the user out too, and the lockout covers the other flow', async () => {
    for (let i = 0; i < 5; i++)
      expect((await srpSignIn(idp, DEMO.username, `Wrong-Passw0rd-${i}`)).json).toMatchObject(INCORRECT);
    expect((await srpSignIn(idp, DEMO.username, DEMO.password)).json).toMatchObject(EXCEEDED);
    expect((await passwordAuth(idp, DEMO.username, DEMO.password)).json).toMatchObject(EXCEEDED);
    clock.advance(1);
    expect((await srpSignIn(idp, DEMO.username, DEMO.password)).status).toBe(200);
  });

  it('lockout-alias: the e-mail alias and the username share one count', async () => {
    await idp.admin.createUser({
      username: 'alias-user',
      password: 'Passw0rd!alias',
      attributes: { email: 'alias@example.com' },
    });
    await wrongPasswords(3, 'alias-user');
    await wrongPasswords(2, 'ALIAS@example.com');
    expect((await passwordAuth(idp, 'alias-user', 'Passw0rd!alias')).json).toMatchObject(EXCEEDED);
  });

  it('lockout-unknown-name: an unknown name is locked out exactly like a real one, so the lockout reveals nothing', async () => {
    const answers = async (username: string) => {
      const seen: unknown[] = [];
      for (let i = 0; i < 7; i++) seen.push((await passwordAuth(idp, username, `Wrong-Passw0rd-${i}`)).json);
      return seen;
    };
    const ghost = await answers('ghost@example.com');
    const real = await answers('admin@example.com');
    expect(ghost).toEqual(real);
    expect(ghost.slice(5)).toEqual([EXCEEDED, EXCEEDED]);
  });

  it('lockout-burst: thirty concurrent guesses get five real checks; the rest are refused', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => passwordAuth(idp, DEMO.username, `Wrong-Passw0rd-${i}`)),
    );
    expect(answers.filter((a) => a.json.message === INCORRECT.message)).toHaveLength(5);
    expect(answers.filter((a) => a.json.message === EXCEEDED.message)).toHaveLength(25);
  });

  it('lockout-hosted-ui: the sign-in page says "Password attempts exceeded" and sends no code', async () => {
    const jar = new CookieJar();
    const page = await fetch(
      authorizeUrl(idp.url, {
        client_id: idp.defaultClientId,
        response_type: 'code',
        redirect_uri: 'http://localhost:3000/api/auth/sign-in-callback',
      }),
      { redirect: 'manual' },
    );
    jar.store(page);
    let transaction = transactionFrom(await page.text());
    const post = async (password: string) => {
      const answer = await fetch(
        `${idp.url}/login`,
        form({ transaction, username: DEMO.username, password }, { cookie: jar.header() }),
      );
      const body = await answer.text();
      if (answer.status === 400) transaction = transactionFrom(body);
      return { status: answer.status, body };
    };
    for (let i = 0; i < 5; i++)
      expect((await post('Wrong-Passw0rd')).body).toContain('Incorrect username or password.');
    const locked = await post(DEMO.password);
    expect(locked.status).toBe(400);
    expect(locked.body).toContain('Password attempts exceeded');
    clock.advance(1);
    expect((await post(DEMO.password)).status).toBe(302);
  });

  it('lockout-resets-after-success: a successful sign-in after the lockout starts the count again', async () => {
    await wrongPasswords(5);
    expect((await passwordAuth(idp, DEMO.username, DEMO.password)).json).toMatchObject(EXCEEDED);
    clock.advance(1);
    expect((await passwordAuth(idp, DEMO.username, DEMO.password)).status).toBe(200);
    await wrongPasswords(4);
    expect((await passwordAuth(idp, DEMO.username, DEMO.password)).status).toBe(200);
    // An untouched user was never affected.
    expect(
      (
        await callIdp(idp, 'InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: idp.defaultClientId,
          AuthParameters: { USERNAME: 'admin@example.com', PASSWORD: 'Passw0rd!admin' },
        })
      ).status,
    ).toBe(200);
  });
});
