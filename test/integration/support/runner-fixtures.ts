/**
 * Runners as an app builds them (`createServerRunner` with explicit config and an empty env, so
 * the machine's COGNITO_* variables never leak in), pointed at a local IdP, plus the sign-in a
 * route handler performs: SRP on the server, cookies written through Next's `cookies()`.
 */
import { createCognitoClient } from '../../../src/cognito/client';
import { signInWithSrp } from '../../../src/cognito/sign-in';
import { createNextHeadersJar, writeSessionCookies, type JarCookie } from '../../../src/cookies';
import type { RunningIdp } from '../../../src/idp/index';
import { createServerRunner, type ServerRunner } from '../../../src/runner';
import { routeHandlerCookies } from './next-cookies';
import { recordingLogger, type RecordingLogger } from './session-harness';

export interface TestRunner extends ServerRunner {
  readonly logger: RecordingLogger;
}

export function runnerFor(
  idp: RunningIdp,
  options: { clientId?: string; now?: () => number; refreshMarginSeconds?: number } = {},
): TestRunner {
  const logger = recordingLogger();
  const runner = createServerRunner({
    config: {
      userPoolId: idp.poolId,
      userPoolClientId: options.clientId ?? idp.defaultClientId,
      userPoolEndpoint: idp.url,
      issuer: idp.issuer,
      jwksUri: idp.jwksUri,
    },
    session: { refreshMarginSeconds: options.refreshMarginSeconds ?? 60, idpTimeoutMs: 2000 },
    env: {},
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  return Object.assign(runner, { logger });
}

/**
 * Signs `user` in with SRP on the server and writes the session through a route handler's
 * `cookies()`; returns the Set-Cookie lines Next would send, and the raw tokens.
 */
export async function signInOnServer(
  runner: ServerRunner,
  user: { username: string; password: string },
): Promise<{ setCookie: readonly string[]; accessToken: string; idToken: string; refreshToken: string }> {
  const { config } = runner;
  const cognito = createCognitoClient({ endpoint: config.endpoint, clientId: config.clientId });
  const result = await signInWithSrp(cognito, {
    userPoolId: config.userPoolId,
    username: user.username,
    password: user.password,
  });
  if (result.kind !== 'signedIn') throw new Error(`sign-in stopped at challenge ${result.name}`);
  const { AccessToken, IdToken, RefreshToken } = result.tokens;
  if (!RefreshToken) throw new Error('sign-in returned no refresh token');
  const access = await runner.core.verifier.verifyAccessToken(AccessToken);
  const handler = routeHandlerCookies('');
  await writeSessionCookies(runner.core.storage(createNextHeadersJar(handler.store, handler.headers)), config.clientId, {
    username: access.payload.username,
    accessToken: AccessToken,
    idToken: IdToken,
    refreshToken: RefreshToken,
    signInDetails: { loginId: user.username, authFlowType: 'USER_SRP_AUTH' },
  });
  return { setCookie: handler.setCookieLines, accessToken: AccessToken, idToken: IdToken, refreshToken: RefreshToken };
}

/** The Cookie header a browser sends for jar cookies (values percent-encoded as Next writes them). */
export function cookieHeaderOf(cookies: readonly JarCookie[]): string {
  return cookies.map(({ name, value }) => `${name}=${encodeURIComponent(value)}`).join('; ');
}

/** Wire name of one of the session cookies of `username` under `clientId`. */
export function sessionCookieName(clientId: string, username: string, kind: string): string {
  return `CognitoIdentityServiceProvider.${clientId}.${encodeURIComponent(username)}.${kind}`;
}

export function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}
