/**
 * next-cognito-session/testing: signed-in sessions for an app's own tests. An app's Vitest or
 * Playwright test signs a user in over the wire — against the local IdP
 * (next-cognito-session-idp) or a real pool's test user — and gets the cookies the app's runner
 * would have set, as a Cookie header, Set-Cookie lines or a Playwright `storageState`.
 *
 * @example
 *   import { startIdp } from 'next-cognito-session-idp';
 *   import { signInForTest } from 'next-cognito-session/testing';
 *
 *   const idp = await startIdp({ port: 0 });
 *   await idp.admin.createUser({ username: 'ann@example.com', password: 'Passw0rd!ann', groups: ['ADMINS'] });
 *   const session = await signInForTest({ config: idp.runnerConfig(), username: 'ann@example.com', password: 'Passw0rd!ann' });
 *   await fetch('http://localhost:3000/api/me', { headers: { cookie: session.cookieHeader } });
 *   const context = await browser.newContext({ storageState: session.storageState() });
 *
 * It contains no IdP: it only speaks Cognito's JSON API, like the runner.
 */
export {
  signInForTest,
  type SignInForTestOptions,
  type SignInWithConfig,
  type SignInWithRunner,
  type TestCredentials,
} from './sign-in-for-test.js';
export type { TestSession, TestSessionTokens } from './test-session.js';
export type { PlaywrightStorageState, StorageStateCookie } from './storage-state.js';
export { SignInStoppedAtChallenge } from './errors.js';
