/**
 * Shared set-up for session tests: a real local IdP on 127.0.0.1 and adapter runners pointed at
 * it, both reading one steerable clock so token expiry is a clock move, not a sleep.
 */
import { createMemoryJar, parseCookieHeader, type JarCookie, type MemoryJar } from '../../../src/cookies';
import { resolveConfig } from '../../../src/config';
import { createAuthCore, type AuthCore, type CoreOptions, type Logger } from '../../../src/session/core';
import { signInWithCore } from '../../../src/testing/sign-in-for-test';
import { startIdp, type IdpOptions, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { afterEach, beforeEach } from 'vitest';

export const demoUser = seed.users.find((user) => user.username === 'demo@example.com')!;
export const adminUser = seed.users.find((user) => user.username === 'admin@example.com')!;

export class Clock {
  constructor(public ms = Date.now()) {}
  readonly now = () => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return { lines, warn: (line) => lines.push(line), debug: () => {} };
}

export async function startTestIdp(clock: Clock, options: IdpOptions = {}): Promise<RunningIdp> {
  return startIdp({ port: 0, now: clock.now, log: () => {}, ...options });
}

export interface IdpPerTest {
  readonly clock: Clock;
  readonly idp: RunningIdp;
}

/** Registers a fresh IdP and clock for every test of the calling file; read them inside tests. */
export function useIdpPerTest(): IdpPerTest {
  const current = {} as { clock: Clock; idp: RunningIdp };
  beforeEach(async () => {
    current.clock = new Clock();
    current.idp = await startTestIdp(current.clock);
  });
  afterEach(async () => {
    await current.idp.close();
  });
  return current;
}

/** The runner's `config` for a local IdP: its pool, default client, endpoint, issuer and JWKS. */
export function idpConfig(idp: RunningIdp) {
  return {
    userPoolId: idp.poolId,
    userPoolClientId: idp.defaultClientId,
    userPoolEndpoint: `${idp.url}/`,
    issuer: idp.issuer,
    jwksUri: idp.jwksUri,
  };
}

export function createCore(
  idp: RunningIdp,
  clock: Clock,
  options: CoreOptions & {
    clientId?: string;
    issuer?: string;
    refreshMarginSeconds?: number;
    idpTimeoutMs?: number;
    storeSecret?: string;
  } = {},
): AuthCore {
  const config = resolveConfig({
    config: {
      ...idpConfig(idp),
      ...(options.clientId ? { userPoolClientId: options.clientId } : {}),
      ...(options.issuer ? { issuer: options.issuer } : {}),
    },
    session: {
      refreshMarginSeconds: options.refreshMarginSeconds ?? 60,
      // The library default: a loaded CI machine can take seconds to answer a first JWKS fetch.
      idpTimeoutMs: options.idpTimeoutMs ?? 5000,
      ...(options.storeSecret ? { storeSecret: options.storeSecret } : {}),
    },
  });
  return createAuthCore(config, { now: clock.now, logger: recordingLogger(), ...options });
}

/**
 * Signs in over SRP through the test kit, as the real sign-in route does, and returns the cookies
 * a browser would hold (decoded, as a request's jar reads them).
 */
export async function signedInCookies(
  core: AuthCore,
  user: { username: string; password: string } = demoUser,
): Promise<JarCookie[]> {
  const session = await signInWithCore(core, { username: user.username, password: user.password });
  return parseCookieHeader(session.cookieHeader);
}

/** A fresh request's jar over the given browser cookies. */
export function requestJar(cookies: JarCookie[], options: { writable?: boolean } = {}): MemoryJar {
  return createMemoryJar(cookies, options);
}

export function cookieValue(jar: MemoryJar, suffix: string): string | undefined {
  return jar.getAll().find((cookie) => cookie.name.endsWith(suffix))?.value;
}
