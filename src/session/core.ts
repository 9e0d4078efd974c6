/**
 * Everything one runner owns — verifier (with its JWKS and verified-token caches), Cognito
 * client, refresh single-flight, cookie sealer — built once from a resolved config. Two runners
 * share nothing, so two pools can live in one app.
 */
import type { ResolvedConfig } from '../config.js';
import { createCognitoClient, type CognitoClient } from '../cognito/client.js';
import {
  createCookieSealer,
  createCookieStorage,
  resolveCookieAttributes,
  type CookieJar,
  type CookieLimits,
  type CookieSealer,
  type CookieStorage,
  type RequestLike,
} from '../cookies/index.js';
import {
  createTokenVerifier,
  type AccessClaimsSchema,
  type FetchLike,
  type IdClaimsSchema,
  type TokenVerifier,
} from '../tokens/index.js';
import { createRefresher, type Refresher } from './refresh.js';

export interface Logger {
  warn(message: string): void;
  debug(message: string): void;
}

export interface CoreOptions {
  fetch?: FetchLike;
  /** Epoch ms; tests and clock-skewed hosts steer expiry decisions through it. */
  now?: () => number;
  logger?: Logger;
  claims?: { access?: AccessClaimsSchema; id?: IdClaimsSchema };
  cookieLimits?: Partial<CookieLimits>;
}

export interface AuthCore {
  readonly config: ResolvedConfig;
  // The core is shared by runners of every claims schema; the runner's own API restores the types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly verifier: TokenVerifier<any, any>;
  readonly cognito: CognitoClient;
  readonly refresher: Refresher;
  readonly logger: Logger;
  /** The fetch every IdP call of this runner goes through (token exchange included). */
  readonly fetch: FetchLike;
  now(): number;
  /** Cookie storage over a jar, with attributes decided by the request (Secure on https). */
  storage(jar: CookieJar, request?: RequestLike): CookieStorage;
  /**
   * Tells what holds per-user state for this runner (the identity-pool credentials cache) that a
   * sign-out route ended a session of `userSub`; returns the way to stop listening.
   */
  onSignOut(listener: (userSub: string) => void): () => void;
  signedOut(userSub: string): void;
}

const consoleLogger: Logger = {
  warn: (message) => console.warn(`[next-cognito-session] ${message}`),
  debug: () => {},
};

export function createAuthCore(config: ResolvedConfig, options: CoreOptions = {}): AuthCore {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? consoleLogger;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const verifier = createTokenVerifier({
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    issuer: config.issuer,
    jwksUri: config.jwksUri,
    fetch: fetchImpl,
    now,
    jwksTimeoutMs: config.session.idpTimeoutMs,
    claims: options.claims,
  });
  const cognito = createCognitoClient({
    endpoint: config.endpoint,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    fetch: fetchImpl as typeof fetch,
    timeoutMs: config.session.idpTimeoutMs,
  });
  const refresher = createRefresher({ client: cognito, now });
  // Owned by this core, like its caches: listeners of another runner never hear of this one.
  const signOutListeners = new Set<(userSub: string) => void>();
  const sealer: CookieSealer | undefined = config.cookies.encryptionSecret
    ? createCookieSealer(config.cookies.encryptionSecret)
    : undefined;

  return {
    config,
    verifier,
    cognito,
    refresher,
    logger,
    fetch: fetchImpl,
    now,
    storage(jar, request) {
      return createCookieStorage(jar, {
        attributes: resolveCookieAttributes(config.cookies, request),
        sealer,
        limits: options.cookieLimits,
        logger,
      });
    },
    onSignOut(listener) {
      signOutListeners.add(listener);
      return () => signOutListeners.delete(listener);
    },
    signedOut(userSub) {
      for (const listener of signOutListeners) listener(userSub);
    },
  };
}
