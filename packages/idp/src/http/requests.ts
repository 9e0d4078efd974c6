/**
 * Request bodies of the Cognito JSON API operations the local IdP answers.
 *
 * Kept apart from protocol.ts because only the IdP validates requests: it uses zod's classic API,
 * which the adapter's edge bundle must not pull in (see src/schema.ts).
 */
import { z } from 'zod';

/*
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
