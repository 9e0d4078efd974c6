/**
 * The state one OAuth handler owns: pending codes, login transactions and hosted-UI sessions.
 * `createOAuthHandler` builds one of these per IdP, so nothing here is shared through modules.
 */
import type { OAuthBackend } from './backend.js';
import { ExpiringMap } from '../lib/expiring-map.js';

export interface OAuthHandlerOptions {
  /**
   * Makes this handler's cookie names unique in a jar shared by every server on the host, e.g.
   * `9229_us-east-1_LocalPool` (port and pool).
   */
  cookieScope: string;
  /**
   * The origin this handler is served at (`http://127.0.0.1:9229`). Redirects back to the IdP
   * itself are built on it, never on the request's Host header, which any client can set.
   */
  origin: () => string;
  /** Cognito's authorization codes live five minutes. */
  codeTtlSeconds?: number;
  /** How long an unanswered login form stays usable. */
  loginTtlSeconds?: number;
  /** Cognito keeps the hosted-UI sign-in for an hour; within it /authorize skips the form. */
  sessionTtlSeconds?: number;
  /** Upper bound for each of the three stores. */
  maxEntries?: number;
}

/** An /oauth2/authorize request whose client and redirect_uri have been checked. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  /** S256 challenge; absent when the client did not use PKCE. */
  codeChallenge?: string;
}

export interface LoginTransaction {
  request: AuthorizationRequest;
  /** The browser cookie the form must come back with, so another site cannot post it. */
  browserId: string;
}

export interface HostedSession {
  username: string;
  /** Seconds since epoch of the password sign-in; kept as `auth_time` for later codes. */
  authTime: number;
}

export type CodeGrant =
  | { kind: 'pending'; request: AuthorizationRequest; username: string; authTime: number }
  /** Kept until expiry so a replayed code can revoke what the first use issued (RFC 6749 §4.1.2). */
  | { kind: 'redeemed'; clientId: string; refreshToken?: string };

export interface CookieNames {
  session: string;
  browser: string;
}

export interface OAuthContext {
  backend: OAuthBackend;
  origin: () => string;
  cookieNames: CookieNames;
  sessionTtlSeconds: number;
  codes: ExpiringMap<CodeGrant>;
  transactions: ExpiringMap<LoginTransaction>;
  sessions: ExpiringMap<HostedSession>;
}

const DEFAULT_MAX_ENTRIES = 10_000;
/**
 * Each store also holds at most this many bytes: transactions and codes keep what a browser sent
 * (`state`, `nonce`), so counting entries alone would not bound them.
 */
const MAX_BYTES_PER_STORE = 16 * 1024 * 1024;
/** JSON length × 2 (UTF-16) plus the entry's overhead: an estimate that errs high. */
const bytesOf = (key: string, value: unknown) => 256 + 2 * (key.length + JSON.stringify(value).length);

export function createContext(backend: OAuthBackend, options: OAuthHandlerOptions): OAuthContext {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = () => backend.now();
  const store = <V>(seconds: number) =>
    new ExpiringMap<V>({ ttlMs: seconds * 1000, maxEntries, now, budget: { bytesOf, maxBytes: MAX_BYTES_PER_STORE } });
  const sessionTtlSeconds = options.sessionTtlSeconds ?? 3600;
  return {
    backend,
    origin: options.origin,
    cookieNames: cookieNamesFor(options.cookieScope),
    sessionTtlSeconds,
    codes: store(options.codeTtlSeconds ?? 300),
    transactions: store(options.loginTtlSeconds ?? 900),
    sessions: store(sessionTtlSeconds),
  };
}

/**
 * Cookies ignore ports, so on 127.0.0.1 the app, this IdP and a second test IdP all share one
 * jar. Naming ours after the port and pool keeps them from colliding with each other and
 * with the app's `CognitoIdentityServiceProvider.*` cookies.
 */
function cookieNamesFor(cookieScope: string): CookieNames {
  const scope = cookieScope.replace(/[^A-Za-z0-9_-]+/g, '_');
  return { session: `idp_session_${scope}`, browser: `idp_browser_${scope}` };
}
