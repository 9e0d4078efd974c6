/**
 * `fetchAuthSession()` and `getCurrentUser()` for client components, named after Amplify's so
 * code moves over easily. The fast path reads the readable cookies; when they are missing
 * (HttpOnly mode, or signed out), sealed, torn or within 30 s of expiry, the app's session
 * endpoint answers instead — and refreshes the tokens on the way.
 *
 * Nothing here is verified in the browser; the server verifies every token it acts on. Use the
 * result to display who is signed in, not to decide what they may do.
 *
 * @example
 *   const { user, tokens } = await fetchAuthSession();
 *   if (user) greet(user.email ?? user.username);
 */
import { NotAuthenticated } from '../errors.js';
import type { SessionUser } from '../session/types.js';
import { readCookieSession } from './cookie-session.js';
import { requestSession } from './session-endpoint.js';
import {
  ClientRequestError,
  DEFAULT_BASE_PATH,
  defaultFetch,
  REFRESH_LEAD_MS,
  type ClientClaims,
  type ClientJwt,
  type FetchLike,
} from './types.js';

export interface ClientAuthSession {
  /** Where the answer came from. */
  source: 'cookies' | 'server';
  /** Null when nobody is signed in. */
  user: SessionUser | null;
  /** The ID token's claims, null when signed out. */
  claims: ClientClaims | null;
  /** From cookies always; from the server only when it exposes tokens (`exposeTokens`). */
  tokens?: { accessToken: ClientJwt; idToken: ClientJwt };
  /** Seconds since epoch when the first token expires; null when signed out. */
  expiresAt: number | null;
}

export interface FetchAuthSessionOptions {
  /** Where `auth.routeHandlers()` is mounted. Default `/api/auth`. */
  basePath?: string;
  /** App client id, when cookies of several clients may be present. */
  clientId?: string;
  /** Skip the cookies and ask the server, e.g. right after a sign-in elsewhere. */
  forceServer?: boolean;
  /** Default `document.cookie` (empty outside a browser). */
  cookies?: string;
  fetch?: FetchLike;
  now?: () => number;
}

/** The server could not say whether anyone is signed in (outage, network). */
export class SessionUnavailable extends ClientRequestError {}

/**
 * @throws SessionUnavailable when the server could not decide (IdP outage, network). Signed
 *   out is not an error: `user` is null.
 */
export async function fetchAuthSession(options: FetchAuthSessionOptions = {}): Promise<ClientAuthSession> {
  if (!options.forceServer) {
    // Tokens about to expire would be stale by the time the caller uses them; the session
    // endpoint refreshes them instead.
    const staleFrom = (options.now ?? Date.now)() + REFRESH_LEAD_MS;
    const found = readCookieSession(options.cookies ?? documentCookies(), {
      now: staleFrom,
      ...(options.clientId ? { clientId: options.clientId } : {}),
    });
    if (found.kind === 'found') return { source: 'cookies', ...found.session };
  }
  const answer = await requestSession(options.fetch ?? defaultFetch, options.basePath ?? DEFAULT_BASE_PATH);
  if (answer.status === 'error') {
    throw new SessionUnavailable(answer.error.code, answer.error.message, answer.error.status);
  }
  if (answer.status === 'signedOut') return { source: 'server', user: null, claims: null, expiresAt: null };
  const { user, claims, expiresAt, tokens } = answer;
  return { source: 'server', user, claims, expiresAt, ...(tokens ? { tokens } : {}) };
}

/**
 * Like Amplify's `getCurrentUser()`: username, user id (`sub`) and sign-in details.
 * @throws NotAuthenticated when nobody is signed in; SessionUnavailable when it cannot be told.
 */
export async function getCurrentUser(
  options: FetchAuthSessionOptions = {},
): Promise<Pick<SessionUser, 'username' | 'userId' | 'signInDetails'>> {
  const { user } = await fetchAuthSession(options);
  if (!user) throw new NotAuthenticated('not signed in');
  return {
    username: user.username,
    userId: user.userId,
    ...(user.signInDetails ? { signInDetails: user.signInDetails } : {}),
  };
}

function documentCookies(): string {
  return typeof document === 'undefined' ? '' : document.cookie;
}
