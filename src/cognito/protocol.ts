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
/** Amazon Cognito Identity (identity pools) speaks the same framing under its own target. */
export const IDENTITY_TARGET_PREFIX = 'AWSCognitoIdentityService.';

/**
 * JSON serialisers of emulators built on Java or Python SDK models write an absent optional field
 * as `null`; it means the same as leaving it out.
 */
export const absentOr = <T extends z.core.$ZodType<unknown, unknown>>(schema: T) =>
  z.optional(
    z.pipe(
      z.nullable(schema),
      z.transform((value: z.output<T> | null) => value ?? undefined),
    ),
  );

/**
 * Only the tokens: the adapter reads them and nothing else. `ExpiresIn` and `TokenType` repeat
 * what the tokens say (`exp`, Bearer) and emulators leave them out — cognito-local's
 * REFRESH_TOKEN_AUTH answers without either — and `NewDeviceMetadata` or fields Cognito adds
 * later are none of our business, so none of them can fail a call.
 */
export const authenticationResultSchema = z.object({
  AccessToken: z.string().check(z.minLength(1)),
  IdToken: z.string().check(z.minLength(1)),
  /** Absent on REFRESH_TOKEN_AUTH; present on GetTokensFromRefreshToken when the client rotates. */
  RefreshToken: absentOr(z.string().check(z.minLength(1))),
});
export type AuthenticationResult = z.output<typeof authenticationResultSchema>;

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
