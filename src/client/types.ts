/**
 * Shapes the browser helpers hand out. Everything here was either decoded from cookies without
 * verification or relayed by the app's `GET /api/auth/session` (which verified it on the
 * server): good for display, never for authorization decisions in the browser.
 */
import type { SessionUser } from '../session/types.js';
import type { UnverifiedPayload } from '../tokens/decode.js';

export type { SessionUser };

/** Token claims as the browser sees them; well-known claims are typed only when well-formed. */
export type ClientClaims = UnverifiedPayload;

/** Same shape as Amplify's `JWT`: the decoded payload, and `toString()` for the raw token. */
export interface ClientJwt {
  readonly payload: ClientClaims;
  toString(): string;
}

/** `{ code, message }` as the auth route handlers answer it, or a network failure. */
export interface ClientAuthError {
  /** An `AuthErrorCode` from the server, `NetworkError`, or `UnexpectedResponse`. */
  readonly code: string;
  readonly message: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
}

/**
 * A request to the auth routes failed or was refused. `code` is the server's `AuthErrorCode`,
 * `NetworkError` or `UnexpectedResponse`; branch on it, or on the subclass.
 */
export class ClientRequestError extends Error implements ClientAuthError {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Default mount point of `auth.routeHandlers()` (app/api/auth/[slug]/route.ts). */
export const DEFAULT_BASE_PATH = '/api/auth';

/** `authUrl('/api/auth/', 'session')` → `/api/auth/session`. */
export function authUrl(basePath: string, slug: string): string {
  return `${basePath.replace(/\/+$/, '')}/${slug}`;
}

/** The subset of `fetch` the helpers use, so tests and apps can inject one. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Bound late so a test's or polyfill's global fetch is the one used. */
export const defaultFetch: FetchLike = (input, init) => fetch(input, init);

/**
 * How long before expiry a session counts as stale in the browser: `useSession()` asks the
 * server again then, and `fetchAuthSession()` stops trusting the cookies. Inside the server's
 * 60 s refresh margin, so the server's answer carries a refreshed session.
 */
export const REFRESH_LEAD_MS = 30_000;
