/**
 * Everything one runner owns — verifier (with its JWKS and verified-token caches), Cognito
 * client, refresh single-flight, cookie sealer, session store — built once from a resolved
 * config. Two runners share nothing, so two pools can live in one app (two runners may share one
 * Redis: keys are HMACs under each runner's own secret).
 */
import type { ResolvedConfig } from '../config.js';
import { createSessionClient, type CognitoClientOptions, type SessionClient } from '../cognito/session-client.js';
import { ConfigInvalid } from '../errors.js';
import {
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
import { withFallback } from '../store/fallback.js';
import { createMemoryStore } from '../store/memory.js';
import { createRedisStore } from '../store/redis.js';
import { createStoreSealer, inProcessSealer } from '../store/sealer.js';
import type { SessionStore } from '../store/types.js';
import { createRefresher, type Refresher } from './refresh.js';
import { createRevokedFamilies, type RevokedFamilies } from './revoked-families.js';

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
  /**
   * What seals cookies when `cookies.encryptionSecret` is set: `cookieSealing`. The runner
   * supplies it; the middleware entry leaves it to the app, so a middleware that seals nothing
   * ships no JWE code (see docs/design.md).
   */
  sealing?: CookieSealing;
  /**
   * Where refresh results, refresh locks and revoked token families live. Default: this
   * process's memory, or Redis when `session.redisUrl` (AUTH_REDIS_URL) is set.
   */
  store?: SessionStore;
}

export type CookieSealing = (secrets: readonly string[]) => CookieSealer;

export interface AuthCore {
  readonly config: ResolvedConfig;
  // The core is shared by runners of every claims schema; the runner's own API restores the types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly verifier: TokenVerifier<any, any>;
  /** Refresh and GetUser: what sessions need. Sign-in clients take `cognitoOptions`. */
  readonly cognito: SessionClient;
  /** How this runner reaches Cognito, for the route handlers' sign-in client. */
  readonly cognitoOptions: Readonly<CognitoClientOptions>;
  readonly refresher: Refresher;
  /** Families signed out or found revoked, as every instance sharing the store sees them. */
  readonly revokedFamilies: RevokedFamilies;
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
  const cognitoOptions: CognitoClientOptions = Object.freeze({
    endpoint: config.endpoint,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    fetch: fetchImpl as typeof fetch,
    timeoutMs: config.session.idpTimeoutMs,
  });
  const cognito = createSessionClient(cognitoOptions);
  const { store, sealer: storeSealer } = sessionStore(config, options.store, logger, now);
  const refresher = createRefresher({
    client: cognito,
    now,
    store,
    sealer: storeSealer,
    idpTimeoutMs: config.session.idpTimeoutMs,
  });
  const sealer = createSealer(config, options.sealing);
  // Owned by this core, like its caches: listeners of another runner never hear of this one.
  const signOutListeners = new Set<(userSub: string) => void>();

  return {
    config,
    verifier,
    cognito,
    cognitoOptions,
    refresher,
    revokedFamilies: createRevokedFamilies(store, storeSealer, now),
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

function createSealer(config: ResolvedConfig, sealing: CookieSealing | undefined): CookieSealer | undefined {
  const secrets = config.cookies.encryptionSecret;
  if (!secrets) return undefined;
  if (!sealing) {
    // Unsealed cookies from a sealing app would be refused by its pages: say so at start.
    throw new ConfigInvalid(
      'next-cognito-session: cookies.encryptionSecret (env AUTH_COOKIE_SECRET) is set, so the middleware needs ' +
        "the sealer: import { cookieSealing } from 'next-cognito-session/middleware' and pass " +
        '{ sealing: cookieSealing } with the options createAuthMiddleware gets',
    );
  }
  return sealing(secrets);
}

/**
 * The store as the session layer uses it: a shared one behind a timeout and a per-process
 * fallback, sealed with the configured secret; a per-process one keeps keys and values as they are.
 */
function sessionStore(config: ResolvedConfig, given: SessionStore | undefined, logger: Logger, now: () => number) {
  const memory = createMemoryStore({ now });
  const primary = given ?? (config.session.redisUrl ? createRedisStore({ url: config.session.redisUrl }) : memory);
  if (!primary.shared) return { store: primary, sealer: inProcessSealer() };
  const secret = config.session.storeSecret ?? config.cookies.encryptionSecret?.[0];
  if (!secret) {
    throw new ConfigInvalid(
      'next-cognito-session: a shared session store needs a secret to seal what it keeps: set session.storeSecret ' +
        '(env AUTH_STORE_SECRET) or cookies.encryptionSecret (env AUTH_COOKIE_SECRET)',
    );
  }
  return { store: withFallback(primary, { fallback: memory, logger }), sealer: createStoreSealer(secret) };
}
