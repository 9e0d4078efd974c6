/**
 * User-facing text for the `?error=` codes the auth route handlers and the middleware put on the
 * sign-in page, and the `?warning=` code sign-out may leave. Codes are the stable contract;
 * these sentences are the app's to word.
 *
 * A query string is whatever the link said, so only codes listed here are ever shown, and
 * lookups go through a Map: an object literal would answer `__proto__`, `constructor` or
 * `toString` with something that is not a string (a 500 when rendered), and echoing unknown text
 * would let any link put its own words on this site's sign-in page.
 */

const SERVICE_UNAVAILABLE = 'The sign-in service is unavailable right now. Please try again in a moment.';

const SIGN_IN_ERRORS: ReadonlyMap<string, string> = new Map([
  ['InvalidCredentials', 'Incorrect username or password.'],
  ['IdpUnavailable', SERVICE_UNAVAILABLE],
  ['JwksUnavailable', SERVICE_UNAVAILABLE],
  ['StateMismatch', 'That sign-in attempt expired or was started in another browser. Please try again.'],
  ['NewPasswordRequired', 'Your account needs a new password. Choose one to finish signing in.'],
  ['InvalidRequest', 'The sign-in request was incomplete or has expired. Please sign in again.'],
  ['ChallengeUnsupported', 'This account needs a sign-in step this app does not support.'],
  [
    'IdpRejected',
    'The sign-in service refused the request. If you were choosing a new password, it may not meet the password rules.',
  ],
  ['NotAuthenticated', 'Please sign in to continue.'],
  ['ConfigInvalid', 'Sign-in is not configured correctly on this site.'],
  ['CookieTooLarge', 'Your session is too large to store in this browser.'],
  ['InternalError', 'Something went wrong. Please try again.'],
]);

const UNKNOWN_SIGN_IN_ERROR = 'Sign-in did not complete. Please try again.';

/** `code` when this page knows it, else undefined. */
export function knownSignInError(code: string | undefined): string | undefined {
  return code !== undefined && SIGN_IN_ERRORS.has(code) ? code : undefined;
}

export function signInErrorMessage(code: string): string {
  return SIGN_IN_ERRORS.get(code) ?? UNKNOWN_SIGN_IN_ERROR;
}

export function signOutWarning(code: string | undefined): string | null {
  if (!code) return null;
  return code === 'IdpUnavailable'
    ? 'You are signed out on this device, but the sign-in service could not be reached to sign you out everywhere else.'
    : 'You are signed out on this device, but signing out everywhere else did not complete.';
}
