/**
 * User-facing text for the `?error=` codes the auth route handlers and the middleware put on the
 * sign-in page, and the `?warning=` code sign-out may leave. Codes are the stable contract;
 * these sentences are the app's to word.
 */

const SIGN_IN_ERRORS: Readonly<Record<string, string>> = {
  InvalidCredentials: 'Incorrect username or password.',
  IdpUnavailable: 'The sign-in service is unavailable right now. Please try again in a moment.',
  JwksUnavailable: 'The sign-in service is unavailable right now. Please try again in a moment.',
  StateMismatch: 'That sign-in attempt expired or was started in another browser. Please try again.',
  NewPasswordRequired: 'Your account needs a new password. Choose one to finish signing in.',
  InvalidRequest: 'The sign-in request was incomplete or has expired. Please sign in again.',
  ChallengeUnsupported: 'This account needs a sign-in step this app does not support.',
  IdpRejected: 'The sign-in service refused the request. If you were choosing a new password, it may not meet the password rules.',
  NotAuthenticated: 'Please sign in to continue.',
  InternalError: 'Something went wrong. Please try again.',
};

export function signInErrorMessage(code: string): string {
  return SIGN_IN_ERRORS[code] ?? `Sign-in did not complete (${code}). Please try again.`;
}

export function signOutWarning(code: string | undefined): string | null {
  if (!code) return null;
  return code === 'IdpUnavailable'
    ? 'You are signed out on this device, but the sign-in service could not be reached to sign you out everywhere else.'
    : `You are signed out on this device, but signing out everywhere else did not complete (${code}).`;
}
