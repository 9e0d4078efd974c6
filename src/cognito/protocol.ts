/**
 * Cognito user-pool JSON API wire facts shared by the adapter's client and the local IdP.
 *
 * Requests are `POST /` with `Content-Type: application/x-amz-json-1.1` and
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. Errors are HTTP 400 with
 * `{"__type": "<Exception>", "message": "..."}` and an `x-amzn-errortype` header. The request
 * bodies the local IdP validates live in requests.ts, away from the middleware's bundle.
 */
import { absentOr, object, optional, string, type Output } from '../schema.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** Amazon Cognito Identity (identity pools) speaks the same framing under its own target. */
export const IDENTITY_TARGET_PREFIX = 'AWSCognitoIdentityService.';

/**
 * Only the tokens: the adapter reads them and nothing else. `ExpiresIn` and `TokenType` repeat
 * what the tokens say (`exp`, Bearer) and emulators leave them out — cognito-local's
 * REFRESH_TOKEN_AUTH answers without either — and `NewDeviceMetadata` or fields Cognito adds
 * later are none of our business, so none of them can fail a call.
 */
export const authenticationResultSchema = object({
  AccessToken: string({ min: 1 }),
  IdToken: string({ min: 1 }),
  /** Absent on REFRESH_TOKEN_AUTH; present on GetTokensFromRefreshToken when the client rotates. */
  RefreshToken: absentOr(string({ min: 1 })),
});
export type AuthenticationResult = Output<typeof authenticationResultSchema>;

export const errorBodySchema = object({
  __type: string(),
  message: optional(string()),
});
export type ErrorBody = Output<typeof errorBodySchema>;

/** `__type` can arrive namespaced (`com.amazonaws…#NotAuthorizedException`); keep the short name. */
export function shortErrorType(type: string): string {
  const hash = type.lastIndexOf('#');
  const colon = type.indexOf(':');
  const start = hash >= 0 ? hash + 1 : 0;
  return type.slice(start, colon > start ? colon : undefined);
}
