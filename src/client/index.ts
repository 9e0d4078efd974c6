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
export { SessionProvider, useSession, type SessionProviderProps, type UseSessionResult } from './react';
export {
  createSessionStore,
  type SessionSnapshot,
  type SessionStatus,
  type SessionStore,
  type SessionStoreOptions,
  type FocusSource,
  type Timers,
} from './session-store';
export { signOut, SignOutFailed, type SignOutOptions, type SignOutResult } from './sign-out';
export {
  fetchAuthSession,
  getCurrentUser,
  SessionUnavailable,
  type ClientAuthSession,
  type FetchAuthSessionOptions,
} from './fetch-auth-session';
export { readCookieSession, parseCookieString, type CookieSession, type CookieSessionResult } from './cookie-session';
export { decodeClientJwt } from './jwt';
export {
  ClientRequestError,
  DEFAULT_BASE_PATH,
  type ClientAuthError,
  type ClientClaims,
  type ClientJwt,
  type SessionUser,
} from './types';
