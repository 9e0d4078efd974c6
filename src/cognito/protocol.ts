/**
 * Cognito user-pool JSON API wire facts shared by the adapter's client and the local IdP.
 *
 * Requests are `POST /` with `Content-Type: application/x-amz-json-1.1` and
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. Errors are HTTP 400 with
 * `{"__type": "<Exception>", "message": "..."}` and an `x-amzn-errortype` header. The request
 * bodies the local IdP validates live in requests.ts, away from the middleware's bundle.
 */
import * as z from 'zod/mini';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export const authenticationResultSchema = z.object({
  AccessToken: z.string(),
  IdToken: z.string(),
  /** Absent on REFRESH_TOKEN_AUTH; present on GetTokensFromRefreshToken when the client rotates. */
  RefreshToken: z.optional(z.string()),
  ExpiresIn: z.number(),
  TokenType: z.literal('Bearer'),
});
export type AuthenticationResult = z.infer<typeof authenticationResultSchema>;

export const errorBodySchema = z.object({
  __type: z.string(),
  message: z.optional(z.string()),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `__type` can arrive namespaced (`com.amazonaws…#NotAuthorizedException`); keep the short name. */
export function shortErrorType(type: string): string {
  const hash = type.lastIndexOf('#');
  const colon = type.indexOf(':');
  const start = hash >= 0 ? hash + 1 : 0;
  return type.slice(start, colon > start ? colon : undefined);
}
