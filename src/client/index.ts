/**
 * next-cognito-session/client: small browser helpers for client components. No aws-amplify and
 * no `next/headers` here; the server half (`next-cognito-session`) verifies and refreshes.
 *
 * @example
 *   'use client';
 *   import { useSession, signOut } from 'next-cognito-session/client';
 *   const { status, user } = useSession();           // below <SessionProvider>
 *   <button onClick={() => signOut({ global: true })}>Sign out everywhere</button>
 *
 * Everything the browser reads is decoded, not verified: display it, never authorize with it.
 */
export { SessionProvider, useSession, type SessionProviderProps, type UseSessionResult } from './react.js';
export {
  createSessionStore,
  type SessionSnapshot,
  type SessionStatus,
  type SessionStore,
  type SessionStoreOptions,
  type FocusSource,
  type Timers,
} from './session-store.js';
export { signOut, SignOutFailed, type SignOutOptions, type SignOutResult } from './sign-out.js';
export {
  fetchAuthSession,
  getCurrentUser,
  SessionUnavailable,
  type ClientAuthSession,
  type FetchAuthSessionOptions,
} from './fetch-auth-session.js';
export {
  readCookieSession,
  parseCookieString,
  type CookieSession,
  type CookieSessionResult,
} from './cookie-session.js';
export { decodeClientJwt } from './jwt.js';
export {
  ClientRequestError,
  DEFAULT_BASE_PATH,
  type ClientAuthError,
  type ClientClaims,
  type ClientJwt,
  type SessionUser,
} from './types.js';
