/**
 * Runners as an app builds them (`createServerRunner` with explicit config and an empty env, so
 * the machine's COGNITO_* variables never leak in), pointed at a local IdP, plus the sign-in the
 * sign-in route performs, through the test kit apps use: SRP on the server, cookies written by
 * the runner.
 */
import type { JarCookie } from '../../../src/cookies';
import type { RunningIdp } from 'next-cognito-session-idp';
import { signInForTest } from 'next-cognito-session/testing';
import { createServerRunner, type ServerRunner } from '../../../src/runner';
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
    config: idp.runnerConfig(options.clientId ? { clientId: options.clientId } : {}),
    session: { refreshMarginSeconds: options.refreshMarginSeconds ?? 60, idpTimeoutMs: 2000 },
    env: {},
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  return Object.assign(runner, { logger });
}

/** Signs `user` in through `runner`; returns the sign-in response's Set-Cookie lines and the raw tokens. */
export async function signInOnServer(
  runner: ServerRunner,
  user: { username: string; password: string },
): Promise<{ setCookie: readonly string[]; accessToken: string; idToken: string; refreshToken: string }> {
  const { setCookie, tokens } = await signInForTest({ runner, username: user.username, password: user.password });
  if (!tokens.refreshToken) throw new Error('sign-in returned no refresh token');
  return { setCookie, accessToken: tokens.accessToken, idToken: tokens.idToken, refreshToken: tokens.refreshToken };
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
