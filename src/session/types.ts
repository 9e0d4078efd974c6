/**
 * What the session layer hands to apps: a verified, typed session, or the reason there is none.
 */
import type { AuthError } from '../errors.js';
import type { SignInDetails } from '../cookies/index.js';
import type { AccessTokenClaims, IdTokenClaims, Jwt } from '../tokens/index.js';

export interface SessionUser {
  /**
   * Cognito username: the access token's `username` claim, else the ID token's
   * `cognito:username` (a UUID in email-alias pools).
   */
  username: string;
  /** `sub`: stable across username changes — use it as the key in your own tables. */
  userId: string;
  email?: string;
  groups: string[];
  signInDetails?: SignInDetails;
}

export interface Session<A = AccessTokenClaims, I = IdTokenClaims> {
  user: SessionUser;
  tokens: { accessToken: Jwt<A>; idToken: Jwt<I> };
  /** The ID token's claims: the user's attributes, `custom:*` included. */
  claims: I;
  /** Seconds since epoch when the first of the two tokens expires. */
  expiresAt: number;
}

/**
 * - `signedIn`: verified tokens. `refreshed` says this request rotated them (cookies were
 *   written); `warning` says a refresh-ahead failed for an outage and the still-valid tokens
 *   were served.
 * - `signedOut`: nobody is signed in. `reason` is set when cookies were there but unusable
 *   (expired without a way to refresh, revoked, bad signature, corrupt chunks …).
 * - `error`: the session could not be decided — IdP or JWKS outage, misconfiguration. Cookies
 *   are kept; answer with `error.status` (503 for outages), never as if signed out for good.
 */
export type SessionState<A = AccessTokenClaims, I = IdTokenClaims> =
  | { status: 'signedIn'; session: Session<A, I>; refreshed: boolean; warning?: AuthError }
  | { status: 'signedOut'; reason?: AuthError }
  | { status: 'error'; error: AuthError };

export type RefreshMode =
  /** Refresh when a token expires within the margin (middleware, route handlers, actions). */
  | 'auto'
  /** Never call the IdP: server components, which cannot deliver new cookies. */
  | 'never'
  /** Refresh now, whatever the expiry (`fetchAuthSession({ forceRefresh: true })`). */
  | 'force';
