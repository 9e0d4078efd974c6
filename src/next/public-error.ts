/**
 * What the browser may learn about a failure. Server-side failures (outages, misconfiguration)
 * carry messages for the operator — the IdP's internal URL, an env var, a network error — so
 * the browser gets a fixed text per code instead; log the real message. Client-side failures
 * (wrong password, expired session) keep their message: it is written for the user.
 */
import type { AuthError, AuthErrorCode } from '../errors.js';

export function publicError(error: AuthError): { code: AuthErrorCode; message: string } {
  if (error.status < 500) return error.toJSON();
  return { code: error.code, message: SERVER_FAULT_MESSAGES[error.code] ?? SERVER_FAULT_MESSAGE };
}

const SERVER_FAULT_MESSAGE = 'Something went wrong. Please try again.';
const SERVER_FAULT_MESSAGES: Partial<Record<AuthErrorCode, string>> = {
  IdpUnavailable: 'The sign-in service is unavailable right now. Please try again shortly.',
  JwksUnavailable: 'The sign-in service is unavailable right now. Please try again shortly.',
  ConfigInvalid: 'Sign-in is not configured correctly on this site.',
  CookieTooLarge: 'The session is too large to store in this browser.',
  ChallengeUnsupported: 'This account needs a sign-in step this app does not support.',
};
