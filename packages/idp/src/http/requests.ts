/**
 * Request bodies of the Cognito JSON API operations the local IdP answers, with Cognito's own
 * member constraints (lengths and patterns from the API reference's service model), so the IdP
 * refuses what Cognito refuses — and nothing a client sends is stored at a size Cognito would
 * never accept. Each constraint carries the phrase Cognito's validator uses ("Member must have
 * length less than or equal to 128"); the IdP frames it as "Value at 'username' failed to …".
 *
 * Kept apart from protocol.ts because only the IdP validates requests: it uses zod's classic API,
 * which the adapter's edge bundle must not pull in (see src/schema.ts).
 */
import { z } from 'zod';

/** Cognito's `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`: letters, marks, symbols, digits, punctuation; no spaces. */
const VISIBLE = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const NON_SPACE = /^\S+$/;

function constrained(min: number, max: number, pattern?: { regex: RegExp; cognito: string }) {
  let schema = z.string();
  if (min > 0) schema = schema.min(min, `Member must have length greater than or equal to ${min}`);
  schema = schema.max(max, `Member must have length less than or equal to ${max}`);
  return pattern
    ? schema.regex(pattern.regex, `Member must satisfy regular expression pattern: ${pattern.cognito}`)
    : schema;
}

const visible = { regex: VISIBLE, cognito: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };
const nonSpace = { regex: NON_SPACE, cognito: '[\\S]+' };

/** UsernameType: 1–128. Also GroupNameType's shape. */
export const usernameSchema = constrained(1, 128, visible);
/** PasswordType: at most 256, no whitespace (required where an operation needs one). */
export const passwordSchema = constrained(1, 256, nonSpace);
/** SecretHashType: 1–128, base64. */
export const secretHashSchema = constrained(1, 128, { regex: /^[\w+=/]+$/, cognito: '[\\w+=/]+' });
/** SessionType: 20–2048. */
const sessionSchema = constrained(20, 2048);
/** TokenModelType's pattern; the length bound is local (Cognito's ID tokens with hooks reach ~10 KB). */
export const tokenSchema = constrained(1, 32_768, { regex: /^[A-Za-z0-9\-_=.]+$/, cognito: '[A-Za-z0-9-_=.]+' });
const clientIdSchema = constrained(1, 128, { regex: /^[\w+]+$/, cognito: '[\\w+]+' });
/** ClientSecretType is 1–64 `[\w+]+`; the IdP's own client secrets are free-form, so only a bound. */
const clientSecretSchema = constrained(1, 256);
const userPoolIdSchema = constrained(1, 55, { regex: /^[\w-]+_[0-9a-zA-Z]+$/, cognito: '[\\w-]+_[0-9a-zA-Z]+' });
const confirmationCodeSchema = constrained(1, 2048, nonSpace);
const groupNameSchema = constrained(1, 128, visible);
const descriptionSchema = constrained(0, 2048);
/** AuthFlowType / ChallengeNameType are enums in Cognito; the operations name what they support. */
const enumNameSchema = constrained(1, 64);

/** AttributeNameType 1–32, AttributeValueType ≤ 2048. */
const attributeList = z.array(
  z.object({
    Name: constrained(1, 32, visible),
    Value: constrained(0, 2048),
  }),
);

/**
 * AuthParameters, ChallengeResponses, ClientMetadata: Cognito documents no bounds for these maps
 * (StringType), so these are local — generous for every real client, finite for a hostile one.
 * Entries the IdP reads are checked again against their own type (see ops/parameters.ts).
 */
const MAX_MAP_ENTRIES = 100;
const stringMap = z
  .record(constrained(1, 256), constrained(0, 4096))
  .refine((map) => Object.keys(map).length <= MAX_MAP_ENTRIES, {
    message: `Member must have at most ${MAX_MAP_ENTRIES} entries`,
  });

/*
 * Unknown members are stripped, not refused: SDKs add fields (UserContextData, AnalyticsMetadata)
 * that Cognito accepts and ignores for our purposes.
 */

export const initiateAuthRequestSchema = z.object({
  AuthFlow: enumNameSchema,
  ClientId: clientIdSchema,
  AuthParameters: stringMap.optional(),
  ClientMetadata: stringMap.optional(),
});
export type InitiateAuthRequest = z.infer<typeof initiateAuthRequestSchema>;

export const respondToAuthChallengeRequestSchema = z.object({
  ChallengeName: enumNameSchema,
  ClientId: clientIdSchema,
  ChallengeResponses: stringMap.optional(),
  Session: sessionSchema.optional(),
  ClientMetadata: stringMap.optional(),
});
export type RespondToAuthChallengeRequest = z.infer<typeof respondToAuthChallengeRequestSchema>;

export const getTokensFromRefreshTokenRequestSchema = z.object({
  RefreshToken: tokenSchema,
  ClientId: clientIdSchema,
  ClientSecret: clientSecretSchema.optional(),
  ClientMetadata: stringMap.optional(),
});

export const revokeTokenRequestSchema = z.object({
  Token: tokenSchema,
  ClientId: clientIdSchema,
  ClientSecret: clientSecretSchema.optional(),
});

export const accessTokenRequestSchema = z.object({ AccessToken: tokenSchema });

export const signUpRequestSchema = z.object({
  ClientId: clientIdSchema,
  Username: usernameSchema,
  Password: passwordSchema,
  SecretHash: secretHashSchema.optional(),
  UserAttributes: attributeList.optional(),
  ValidationData: attributeList.optional(),
  ClientMetadata: stringMap.optional(),
});

export const confirmSignUpRequestSchema = z.object({
  ClientId: clientIdSchema,
  Username: usernameSchema,
  ConfirmationCode: confirmationCodeSchema,
  SecretHash: secretHashSchema.optional(),
  ClientMetadata: stringMap.optional(),
});

export const adminCreateUserRequestSchema = z.object({
  UserPoolId: userPoolIdSchema,
  Username: usernameSchema,
  UserAttributes: attributeList.optional(),
  TemporaryPassword: passwordSchema.optional(),
  MessageAction: z.enum(['RESEND', 'SUPPRESS']).optional(),
  ClientMetadata: stringMap.optional(),
});

export const adminSetUserPasswordRequestSchema = z.object({
  UserPoolId: userPoolIdSchema,
  Username: usernameSchema,
  Password: passwordSchema,
  Permanent: z.boolean().optional(),
});

export const adminAddUserToGroupRequestSchema = z.object({
  UserPoolId: userPoolIdSchema,
  Username: usernameSchema,
  GroupName: groupNameSchema,
});

export const createGroupRequestSchema = z.object({
  UserPoolId: userPoolIdSchema,
  GroupName: groupNameSchema,
  Description: descriptionSchema.optional(),
  Precedence: z.number().int().min(0).optional(),
});

export type AttributeType = z.infer<typeof attributeList>[number];
