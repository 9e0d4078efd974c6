/**
 * Typed errors of the adapter. Callers branch on `code`, never on message text.
 *
 * @example
 *   try { await auth.getCurrentUser(ctx) }
 *   catch (e) { if (isAuthError(e) && e.code === 'NotAuthenticated') redirect('/sign-in') }
 *
 * Messages name the thing that is wrong (env var, claim, cookie) and never carry token values:
 * they end up in logs and, for API routes, in `{ error: { code, message } }` JSON bodies.
 */

export type AuthErrorCode =
  | 'ConfigInvalid'
  | 'InvalidToken'
  | 'InvalidSignature'
  | 'TokenExpired'
  | 'TokenNotYetValid'
  | 'WrongTokenUse'
  | 'WrongIssuer'
  | 'WrongAudience'
  | 'UnknownKeyId'
  | 'ClaimsInvalid'
  | 'JwksUnavailable'
  | 'IdpUnavailable'
  | 'IdpRejected'
  | 'RefreshTokenRevoked'
  | 'RefreshTokenReuse'
  | 'CookieTooLarge'
  | 'CookieCorrupt'
  | 'NotAuthenticated'
  | 'Forbidden'
  | 'PathTooLong'
  // Raised by the auth route handlers (src/next/route-handlers/errors.ts, class RouteError).
  | 'InvalidRequest'
  | 'InvalidCredentials'
  | 'NewPasswordRequired'
  | 'ChallengeUnsupported'
  | 'StateMismatch'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'InternalError';

export abstract class AuthError extends Error {
  abstract readonly code: AuthErrorCode;
  /** HTTP status an API route should answer with when this error ends a request. */
  abstract readonly status: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  toJSON(): { code: AuthErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export class ConfigInvalid extends AuthError {
  readonly code = 'ConfigInvalid' as const;
  readonly status = 500;
}

/** Not a JWT at all: wrong segment count, bad base64, bad JSON, unsupported alg, oversized. */
export class InvalidToken extends AuthError {
  readonly code = 'InvalidToken' as const;
  readonly status = 401;
}

export class InvalidSignature extends AuthError {
  readonly code = 'InvalidSignature' as const;
  readonly status = 401;
}

export class TokenExpired extends AuthError {
  readonly code = 'TokenExpired' as const;
  readonly status = 401;
}

export class TokenNotYetValid extends AuthError {
  readonly code = 'TokenNotYetValid' as const;
  readonly status = 401;
}

export class WrongTokenUse extends AuthError {
  readonly code = 'WrongTokenUse' as const;
  readonly status = 401;
}

export class WrongIssuer extends AuthError {
  readonly code = 'WrongIssuer' as const;
  readonly status = 401;
}

/** `client_id` (access token) or `aud` (ID token) is not this app's client. */
export class WrongAudience extends AuthError {
  readonly code = 'WrongAudience' as const;
  readonly status = 401;
}

export class UnknownKeyId extends AuthError {
  readonly code = 'UnknownKeyId' as const;
  readonly status = 401;
}

/** Signature was fine but the payload does not match the claims schema. */
export class ClaimsInvalid extends AuthError {
  readonly code = 'ClaimsInvalid' as const;
  readonly status = 401;
}

/** JWKS could not be fetched (network, timeout, non-200, bad JSON) and no cached key fits. */
export class JwksUnavailable extends AuthError {
  readonly code = 'JwksUnavailable' as const;
  readonly status = 503;
}

/** The IdP could not be reached, timed out or answered 5xx. Never a reason to sign anyone out. */
export class IdpUnavailable extends AuthError {
  readonly code = 'IdpUnavailable' as const;
  readonly status = 503;
}

/** The IdP answered with a Cognito error that is the caller's problem (wrong password, …). */
export class IdpRejected extends AuthError {
  readonly code = 'IdpRejected' as const;
  readonly status = 400;
  constructor(
    /** Cognito's `__type`, e.g. `NotAuthorizedException`. */
    readonly cognitoType: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The refresh token is invalid, expired or revoked: the session is over. */
export class RefreshTokenRevoked extends AuthError {
  readonly code = 'RefreshTokenRevoked' as const;
  readonly status = 401;
}

/** A rotated refresh token was reused after the IdP's grace period. */
export class RefreshTokenReuse extends AuthError {
  readonly code = 'RefreshTokenReuse' as const;
  readonly status = 401;
}

/** Writing the session would exceed the cookie budget (browsers drop, proxies answer 431). */
export class CookieTooLarge extends AuthError {
  readonly code = 'CookieTooLarge' as const;
  readonly status = 500;
}

/** Session cookies are present but unusable: chunk gaps, mixed generations, undecryptable. */
export class CookieCorrupt extends AuthError {
  readonly code = 'CookieCorrupt' as const;
  readonly status = 401;
}

export class NotAuthenticated extends AuthError {
  readonly code = 'NotAuthenticated' as const;
  readonly status = 401;
}

/** Signed in, but a group or scope the route requires is missing. */
export class Forbidden extends AuthError {
  readonly code = 'Forbidden' as const;
  readonly status = 403;
}

/**
 * The request path is longer than the middleware matches protect rules against
 * (`MAX_MATCHED_PATH_LENGTH`). Answered as 414 instead of matched: skipping the match would skip
 * protection, and matching without a bound is work an attacker chooses the size of.
 */
export class PathTooLong extends AuthError {
  readonly code = 'PathTooLong' as const;
  readonly status = 414;
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}
