/**
 * OAuth2 error answers (RFC 6749 §5.2) and the mapping from the IdP core's Cognito errors.
 * Endpoints throw `OAuthError`; the JSON endpoints turn it into `{error, error_description}`.
 */
import { CognitoError } from '../cognito-error.js';
import { json } from './http.js';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_token'
  | 'server_error';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = error === 'invalid_client' || error === 'invalid_token' ? 401 : 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  toResponse(): Response {
    return json({ error: this.error, error_description: this.description }, this.status, this.headers);
  }
}

/**
 * Cognito's JSON API and its OAuth endpoints disagree on vocabulary; this is the dictionary.
 * Anything not listed that is still a 4xx is the caller's fault, so invalid_request — never a 500.
 */
const FROM_COGNITO: Record<string, OAuthErrorCode> = {
  NotAuthorizedException: 'invalid_grant',
  RefreshTokenReuseException: 'invalid_grant',
  UserNotFoundException: 'invalid_grant',
  UserNotConfirmedException: 'invalid_grant',
  PasswordResetRequiredException: 'invalid_grant',
  ResourceNotFoundException: 'invalid_client',
  InvalidParameterException: 'invalid_request',
  UnauthorizedException: 'unauthorized_client',
  UnsupportedTokenTypeException: 'invalid_request',
};

export function toOAuthError(cause: unknown): OAuthError {
  if (cause instanceof OAuthError) return cause;
  if (cause instanceof CognitoError && cause.status < 500) {
    return new OAuthError(FROM_COGNITO[cause.type] ?? 'invalid_request', cause.message);
  }
  return new OAuthError('server_error', 'The identity provider failed to handle the request.', 500);
}
