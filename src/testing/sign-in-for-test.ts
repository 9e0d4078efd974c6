/**
 * `signInForTest`: a real sign-in (SRP, as the sign-in route does) against any Cognito-compatible
 * endpoint — the local IdP or a real pool — whose cookies are written by the app's own runner, so
 * a test starts from exactly the session a browser gets from `POST /api/auth/sign-in`: same
 * names, sealing, HttpOnly, Domain, chunking and size budget.
 *
 * @example
 *   const session = await signInForTest({ runner: auth, username: 'demo@example.com', password });
 *   const session = await signInForTest({ config: idp.runnerConfig(), username, password });
 *
 * The tokens are verified before they are written ("never store what we would refuse to read
 * back"), so a runner pointed at the wrong issuer or client fails here with that error rather
 * than later as a puzzling "signed out".
 */
import { resolveConfig, type RunnerInput } from '../config.js';
import { createCognitoClient } from '../cognito/client.js';
import { signInWithPassword, signInWithSrp, type SignInResult } from '../cognito/sign-in.js';
import { createMemoryJar } from '../cookies/index.js';
import { IdpRejected } from '../errors.js';
import { establishSession } from '../next/route-handlers/establish-session.js';
import type { ServerRunner } from '../runner.js';
import { createCookieSealer } from '../cookies/seal.js';
import { createAuthCore, type AuthCore } from '../session/core.js';
import { SignInStoppedAtChallenge } from './errors.js';
import { createTestSession, type TestSession } from './test-session.js';

/** Next's default dev and `next start` address. */
const DEFAULT_APP_URL = 'http://localhost:3000';

export interface TestCredentials {
  username: string;
  password: string;
  /**
   * Default `USER_SRP_AUTH`, like the sign-in route; `USER_PASSWORD_AUTH` only works when the
   * app client allows it. Recorded in the `signInDetails` cookie either way.
   */
  authFlow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';
  /**
   * The app as the browser reaches it: under `cookies.secure: 'auto'` (the default) an https URL
   * makes the cookies Secure, as a sign-in request there would. Default `http://localhost:3000`.
   */
  appUrl?: string | URL;
}

export interface SignInWithRunner extends TestCredentials {
  /** The app's `createServerRunner()` result: its config, cookie options, clock and fetch apply. */
  // Any app's runner, whatever its claims schemas.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  runner: ServerRunner<any, any>;
}

export interface SignInWithConfig extends TestCredentials, Omit<RunnerInput, 'config'> {
  runner?: undefined;
  /** `createServerRunner`'s `config`. Env vars are not read: a test says what it means. */
  config: NonNullable<RunnerInput['config']>;
  /**
   * Epoch ms the tokens are checked on. Only for an IdP whose clock is moved on purpose (a
   * session minted "an hour ago" is already expired by the real clock); pass the IdP's clock.
   */
  now?: () => number;
}

export type SignInForTestOptions = SignInWithRunner | SignInWithConfig;

/**
 * Signs `username` in and returns the session's cookies and tokens.
 *
 * @throws IdpRejected for a wrong password or unknown user (`cognitoType` says which), or a client
 *   that does not allow the flow; `SignInStoppedAtChallenge` when the IdP asks for another step
 *   (new password, MFA); `ConfigInvalid`, `IdpUnavailable` and the verifier's errors as the
 *   runner would raise them.
 */
export async function signInForTest(options: SignInForTestOptions): Promise<TestSession> {
  return signInWithCore(options.runner ? options.runner.core : coreFor(options), options);
}

function coreFor(options: SignInWithConfig): AuthCore {
  const { config, cookies, session, now } = options;
  return createAuthCore(resolveConfig({ config, ...(cookies && { cookies }), ...(session && { session }) }), {
    ...(now && { now }),
    sealing: createCookieSealer,
  });
}

/** The kit over a runner's core; our own session-level tests build cores, not runners. */
export async function signInWithCore(core: AuthCore, credentials: TestCredentials): Promise<TestSession> {
  const authFlowType = credentials.authFlow ?? 'USER_SRP_AUTH';
  const result = await authenticate(core, credentials, authFlowType);
  if (result.kind === 'challenge') throw new SignInStoppedAtChallenge(result.name, credentials.username);

  const appUrl = new URL(credentials.appUrl ?? DEFAULT_APP_URL);
  const jar = createMemoryJar();
  const storage = core.storage(jar, { url: appUrl.href });
  const { AccessToken, IdToken, RefreshToken } = result.tokens;
  const tokens = { accessToken: AccessToken, idToken: IdToken, ...(RefreshToken && { refreshToken: RefreshToken }) };
  const session = await establishSession({ core, storage }, tokens, { loginId: credentials.username, authFlowType });
  return createTestSession({
    user: session.user,
    tokens,
    writes: jar.writes,
    cookieOptions: core.config.cookies,
    appUrl,
    // The browser's clock, not the runner's: it is the browser that counts Max-Age down.
    receivedAtMs: Date.now(),
  });
}

async function authenticate(
  core: AuthCore,
  { username, password }: TestCredentials,
  flow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH',
): Promise<SignInResult> {
  const cognito = createCognitoClient(core.cognitoOptions);
  try {
    return flow === 'USER_SRP_AUTH'
      ? await signInWithSrp(cognito, {
          userPoolId: core.config.userPoolId,
          username,
          password,
          now: () => new Date(core.now()),
        })
      : await signInWithPassword(cognito, { username, password });
  } catch (error) {
    // Same class and cognitoType, with the user named: a test log shows which fixture was wrong.
    if (error instanceof IdpRejected) {
      throw new IdpRejected(error.cognitoType, `signInForTest: Cognito refused ${username}: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
