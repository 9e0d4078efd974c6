/**
 * Cognito user-pool JSON API wire facts shared by the adapter's client and the local IdP.
 *
 * Requests are `POST /` with `Content-Type: application/x-amz-json-1.1` and
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. Errors are HTTP 400 with
 * `{"__type": "<Exception>", "message": "..."}` and an `x-amzn-errortype` header.
 */
import { z } from 'zod';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

export const authenticationResultSchema = z.object({
  AccessToken: z.string(),
  IdToken: z.string(),
  /** Absent on REFRESH_TOKEN_AUTH; present on GetTokensFromRefreshToken when the client rotates. */
  RefreshToken: z.string().optional(),
  ExpiresIn: z.number(),
  TokenType: z.literal('Bearer'),
});
export type AuthenticationResult = z.infer<typeof authenticationResultSchema>;

export const errorBodySchema = z.object({
  __type: z.string(),
  message: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `__type` can arrive namespaced (`com.amazonaws…#NotAuthorizedException`); keep the short name. */
export function shortErrorType(type: string): string {
  const hash = type.lastIndexOf('#');
  const colon = type.indexOf(':');
  const start = hash >= 0 ? hash + 1 : 0;
  return type.slice(start, colon > start ? colon : undefined);
}

/*
 * Request bodies of the operations the local IdP answers (and the adapter's client sends).
 * Unknown members are stripped, not refused: SDKs add fields (UserContextData, AnalyticsMetadata,
 * ClientMetadata) that Cognito accepts and ignores for our purposes.
 */
const stringMap = z.record(z.string(), z.string());
const attributeList = z.array(z.object({ Name: z.string().min(1), Value: z.string() }));

export const initiateAuthRequestSchema = z.object({
  AuthFlow: z.string().min(1),
  ClientId: z.string().min(1),
  AuthParameters: stringMap.optional(),
});
export type InitiateAuthRequest = z.infer<typeof initiateAuthRequestSchema>;

export const respondToAuthChallengeRequestSchema = z.object({
  ChallengeName: z.string().min(1),
  ClientId: z.string().min(1),
  ChallengeResponses: stringMap.optional(),
  Session: z.string().optional(),
});
export type RespondToAuthChallengeRequest = z.infer<typeof respondToAuthChallengeRequestSchema>;

export const getTokensFromRefreshTokenRequestSchema = z.object({
  RefreshToken: z.string().min(1),
  ClientId: z.string().min(1),
  ClientSecret: z.string().optional(),
});

export const revokeTokenRequestSchema = z.object({
  Token: z.string().min(1),
  ClientId: z.string().min(1),
  ClientSecret: z.string().optional(),
});

export const accessTokenRequestSchema = z.object({ AccessToken: z.string().min(1) });

export const signUpRequestSchema = z.object({
  ClientId: z.string().min(1),
  Username: z.string().min(1),
  Password: z.string().min(1),
  SecretHash: z.string().optional(),
  UserAttributes: attributeList.optional(),
});

export const confirmSignUpRequestSchema = z.object({
  ClientId: z.string().min(1),
  Username: z.string().min(1),
  ConfirmationCode: z.string().min(1),
  SecretHash: z.string().optional(),
});

export const adminCreateUserRequestSchema = z.object({
  UserPoolId: z.string().min(1),
  Username: z.string().min(1),
  UserAttributes: attributeList.optional(),
  TemporaryPassword: z.string().optional(),
  MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
});

export const adminSetUserPasswordRequestSchema = z.object({
  UserPoolId: z.string().min(1),
  Username: z.string().min(1),
  Password: z.string().min(1),
  Permanent: z.boolean().optional(),
});

export const adminAddUserToGroupRequestSchema = z.object({
  UserPoolId: z.string().min(1),
  Username: z.string().min(1),
  GroupName: z.string().min(1),
});

export const createGroupRequestSchema = z.object({
  UserPoolId: z.string().min(1),
  GroupName: z.string().min(1),
  Description: z.string().optional(),
  Precedence: z.number().int().min(0).optional(),
});

export type AttributeType = z.infer<typeof attributeList>[number];
