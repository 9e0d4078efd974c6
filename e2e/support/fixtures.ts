/**
 * The `test` every journey uses: one IdP + `next start` per worker (workers: 1, so one per run
 * unless a failure restarts the worker), `baseURL` pointing at the app, and `newUser()` so
 * journeys that sign out everywhere or wait out tokens never share a session family.
 */
import { randomUUID } from 'node:crypto';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { CLIENT_ID, startStack, type Stack } from './stack';

export interface TestUser {
  username: string;
  password: string;
  sub: string;
}

interface WorkerFixtures {
  stack: Stack;
}

interface TestFixtures {
  newUser(options?: { groups?: string[]; username?: string; name?: string }): Promise<TestUser>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const stack = await startStack();
      await use(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.appUrl);
  },
  newUser: async ({ stack }, use) => {
    await use(async ({ groups = [], username, name: displayName = 'E2E User' } = {}) => {
      const name = username ?? `e2e-${randomUUID().slice(0, 8)}@example.com`;
      const password = `Passw0rd!${randomUUID().slice(0, 8)}`;
      const { sub } = await stack.idp.admin.createUser({
        username: name,
        password,
        attributes: { email: name, email_verified: 'true', name: displayName },
        groups, // created when the pool does not have them yet
      });
      return { username: name, password, sub };
    });
  },
});

export { expect };

/** Fills the app's own sign-in form and waits until the browser has left the sign-in page. */
export async function signInWithForm(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** The session cookies the browser holds, keyed by what follows `<prefix>.<user>` (e.g. `.accessToken`). */
export async function sessionCookies(context: BrowserContext): Promise<Map<string, string>> {
  const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}.`;
  const found = new Map<string, string>();
  for (const cookie of await context.cookies()) {
    if (!cookie.name.startsWith(prefix)) continue;
    const rest = cookie.name.slice(prefix.length);
    if (rest === 'LastAuthUser') {
      found.set('LastAuthUser', cookie.value);
      continue;
    }
    // `<encoded user>.<kind>[.<chunk>]`; the encoded user name has no dot-free guarantee
    // (e2e-…@example.com), so match the kind from the end.
    const match = /\.(accessToken|idToken|refreshToken|clockDrift|signInDetails)(\.\d+)?$/.exec(rest);
    if (match) found.set(match[0], cookie.value);
  }
  return found;
}

/** A JWT's payload, read without verifying (the app verifies; the test only compares). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error(`not a JWT: ${token.slice(0, 40)}…`);
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Sleeps until the given JWT has expired (plus a little), the one fixed wait the journeys need. */
export async function waitPastExpiry(page: Page, token: string): Promise<void> {
  const exp = jwtPayload(token).exp;
  if (typeof exp !== 'number') throw new Error('token has no exp');
  const wait = exp * 1000 + 750 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}
