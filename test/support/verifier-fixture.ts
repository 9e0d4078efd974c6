/**
 * The verifier tests' shared rig: two signing keys, a JWKS server on loopback, an injected clock,
 * and token minting on them. `useVerifierFixture()` registers the hooks in the calling test file.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { isAuthError, type AuthErrorCode } from '../../src/errors.js';
import {
  accessClaims,
  CLIENT_ID,
  idClaims,
  makeClock,
  makeKey,
  mint,
  POOL_ID,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from './test-idp.js';
import { createTokenVerifier, type TokenVerifierOptions } from '../../src/tokens/verifier.js';

export interface VerifierFixture {
  readonly keyA: TestKey;
  readonly keyB: TestKey;
  readonly server: JwksServer;
  readonly clock: ReturnType<typeof makeClock>;
  verifier(overrides?: Partial<TokenVerifierOptions>): ReturnType<typeof createTokenVerifier>;
  access(extra?: Record<string, unknown>, key?: TestKey, header?: object): Promise<string>;
  id(extra?: Record<string, unknown>, key?: TestKey, header?: object): Promise<string>;
}

export function useVerifierFixture(): VerifierFixture {
  let keyA: TestKey;
  let keyB: TestKey;
  let server: JwksServer;
  let clock: ReturnType<typeof makeClock>;

  beforeAll(async () => {
    keyA = await makeKey('kid-a');
    keyB = await makeKey('kid-b');
    server = await startJwksServer([keyA.publicJwk, keyB.publicJwk]);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    clock = makeClock();
    server.hits = 0;
    server.paths.length = 0;
    server.mode = 'up';
    server.delayMs = 0;
    server.keys = [keyA.publicJwk, keyB.publicJwk];
  });
  afterEach(() => vi.restoreAllMocks());

  return {
    get keyA() {
      return keyA;
    },
    get keyB() {
      return keyB;
    },
    get server() {
      return server;
    },
    get clock() {
      return clock;
    },
    verifier: (overrides = {}) =>
      createTokenVerifier({
        userPoolId: POOL_ID,
        clientId: CLIENT_ID,
        issuer: server.issuer,
        now: clock.now,
        ...overrides,
      }),
    access: (extra = {}, key = keyA, header = {}) =>
      mint(key, accessClaims(server.issuer, clock.seconds(), extra), header),
    id: (extra = {}, key = keyB, header = {}) => mint(key, idClaims(server.issuer, clock.seconds(), extra), header),
  };
}

export async function codeOf(promise: Promise<unknown>): Promise<AuthErrorCode> {
  const error = await promise.then(
    () => expect.fail('expected the verification to fail'),
    (e: unknown) => e,
  );
  if (!isAuthError(error)) throw error;
  return error.code;
}
