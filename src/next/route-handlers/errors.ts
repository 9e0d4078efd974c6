/**
 * Errors only the route handlers raise. They extend `AuthError`, so they answer with the same
 * `{ error: { code, message } }` body and callers branch on `code` as everywhere else.
 *
 * @example
 *   throw new RouteError('StateMismatch', 'The sign-in attempt expired or came from another browser.');
 */
import { AuthError, IdpRejected, isAuthError, type AuthErrorCode } from '../../errors.js';

export type RouteErrorCode = Extract<
  AuthErrorCode,
  /** Body or query string missing a field, wrong content type, too large. */
  | 'InvalidRequest'
  /** Wrong password or unknown user — deliberately the same answer for both. */
  | 'InvalidCredentials'
  /** The user must choose a new password; POST sign-in again with `newPassword`. */
  | 'NewPasswordRequired'
  /** Cognito asked for a challenge these handlers do not answer (MFA, custom auth). */
  | 'ChallengeUnsupported'
  /** Hosted UI callback without a matching, unexpired transaction cookie. */
  | 'StateMismatch'
  | 'NotFound'
  | 'MethodNotAllowed'
  /** A bug or an unexpected failure; details go to the log, never to the browser. */
  | 'InternalError'
>;

const STATUS: Record<RouteErrorCode, number> = {
  InvalidRequest: 400,
  InvalidCredentials: 401,
  NewPasswordRequired: 401,
  ChallengeUnsupported: 501,
  StateMismatch: 400,
  NotFound: 404,
  MethodNotAllowed: 405,
  InternalError: 500,
};

export class RouteError extends AuthError {
  readonly status: number;

  constructor(
    readonly code: RouteErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = STATUS[code];
  }
}

const INVALID_CREDENTIALS = 'Incorrect username or password.';

/** Cognito types that mean "these credentials do not sign anyone in". */
const CREDENTIAL_TYPES = new Set(['NotAuthorizedException', 'UserNotFoundException']);

/**
 * What a browser may learn about a failed sign-in. Unknown users and wrong passwords collapse
 * into one answer whatever the pool's "prevent user existence errors" setting, so the form cannot
 * be used to probe for accounts. Outages and misconfiguration (5xx) pass through: the reply
 * (replies.ts) logs their message and replaces it with text that names no internal URL.
 */
export function publicIdpError(error: unknown, log: (line: string) => void): AuthError {
  if (error instanceof IdpRejected && CREDENTIAL_TYPES.has(error.cognitoType)) {
    // NotAuthorizedException also covers a wrong client secret: worth a log line, same answer.
    if (/secret/i.test(error.message)) log(`sign-in refused for a client problem: ${error.message}`);
    return new RouteError('InvalidCredentials', INVALID_CREDENTIALS, { cause: error });
  }
  if (isAuthError(error)) {
    if (!(error instanceof IdpRejected) && error.status < 500) log(`sign-in failed (${error.code}): ${error.message}`);
    return error;
  }
  return internalError(error, log);
}

export function internalError(error: unknown, log: (line: string) => void): RouteError {
  log(`auth route failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new RouteError('InternalError', 'Something went wrong. Please try again.', { cause: error });
}
