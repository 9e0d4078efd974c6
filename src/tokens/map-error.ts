/**
 * Translates aws-jwt-verify's error classes into the adapter's typed errors, so callers branch on
 * one `code` vocabulary whatever library did the work. Messages name the claim and, where the
 * value is public (issuer URLs, token_use), the expected and actual values; never token content.
 */
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FailedAssertionError,
  FetchError,
  JwkInvalidKtyError,
  JwkInvalidUseError,
  JwkValidationError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  NotSupportedError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import {
  AuthError,
  ClaimsInvalid,
  ConfigInvalid,
  InvalidSignature,
  InvalidToken,
  JwksUnavailable,
  TokenExpired,
  TokenNotYetValid,
  UnknownKeyId,
  WrongAudience,
  WrongIssuer,
  WrongTokenUse,
} from '../errors.js';

export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const cause = { cause: error };
  if (!(error instanceof JwtBaseError)) {
    // A crypto backend choking on attacker-shaped input (odd key sizes, malformed signature
    // lengths) must fail closed as a bad token, with the original kept for the logs.
    return new InvalidToken('token could not be verified', cause);
  }
  if (error instanceof JwtParseError) return new InvalidToken(`token is malformed: ${error.message}`, cause);
  if (error instanceof JwtInvalidSignatureError) return new InvalidSignature('JWT signature does not verify', cause);
  if (error instanceof JwtInvalidSignatureAlgorithmError || error instanceof NotSupportedError) {
    return new InvalidToken('JWT alg does not match the signing key', cause);
  }
  if (error instanceof JwtExpiredError) return new TokenExpired(`token expired (${describe(error)})`, cause);
  if (error instanceof JwtNotBeforeError)
    return new TokenNotYetValid(`token not yet valid (${describe(error)})`, cause);
  if (error instanceof JwtInvalidIssuerError) return new WrongIssuer(`claim "iss" ${mismatch(error)}`, cause);
  if (error instanceof CognitoJwtInvalidTokenUseError)
    return new WrongTokenUse(`claim "token_use" ${mismatch(error)}`, cause);
  if (error instanceof CognitoJwtInvalidClientIdError || error instanceof JwtInvalidAudienceError) {
    return new WrongAudience(`token was issued to another client (${error.message})`, cause);
  }
  if (error instanceof KidNotFoundInJwksError || error instanceof JwtWithoutValidKidError) {
    return new UnknownKeyId(error.message, cause);
  }
  if (
    error instanceof FetchError ||
    error instanceof JwksNotAvailableInCacheError ||
    error instanceof JwksValidationError ||
    error instanceof WaitPeriodNotYetEndedJwkError ||
    error instanceof JwkValidationError ||
    error instanceof JwkInvalidUseError ||
    error instanceof JwkInvalidKtyError
  ) {
    return new JwksUnavailable(`JWKS unusable: ${error.message}`, cause);
  }
  if (error instanceof ParameterValidationError) return new ConfigInvalid(error.message, cause);
  if (error instanceof FailedAssertionError) return new ClaimsInvalid(error.message, cause);
  return new InvalidToken(error.message, cause);
}

function mismatch(error: FailedAssertionError): string {
  const { actual, expected } = error.failedAssertion;
  return `is ${show(actual)}, expected ${show(expected)}`;
}

function describe(error: FailedAssertionError): string {
  const actual = error.failedAssertion.actual;
  return typeof actual === 'number' ? new Date(actual * 1000).toISOString() : 'no time';
}

/** Claim values in messages come from the token: print short strings only, never objects. */
function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return value.map(show).join(' or ');
  if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  return typeof value;
}
