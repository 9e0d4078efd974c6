/**
 * What a `signInDetails` cookie may hold: Amplify's `CognitoAuthSignInDetails`
 * (@aws-amplify/auth 6, providers/cognito/types/models.d.ts), bounded.
 *
 * @example
 *   isAuthFlowType('USER_SRP_AUTH'); // true
 *
 * The cookie is display-only — how the user signed in — and nothing signs it: unless
 * `encryptionSecret` seals the session cookies, the browser can write any text there. So its
 * readers (session-cookies.ts on the server, the client's cookie-session.ts) keep only values of
 * this shape and drop the rest, and the session stays valid. Zod-free so the client bundle can
 * share the rule without carrying a validator.
 */

/** Amplify's `AuthFlowType`. */
export const AUTH_FLOW_TYPES = [
  'USER_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'CUSTOM_WITH_SRP',
  'CUSTOM_WITHOUT_SRP',
  'USER_AUTH',
] as const;
export type AuthFlowType = (typeof AUTH_FLOW_TYPES)[number];

/**
 * `loginId` is what the user typed as username: Cognito usernames and aliases are at most 128
 * characters (and the sign-in route accepts no longer one), so a longer value was not written by
 * a sign-in.
 */
export const MAX_LOGIN_ID_LENGTH = 128;

/** Longest cookie text worth parsing: the JSON of the largest valid value, with room for escapes. */
export const MAX_SIGN_IN_DETAILS_LENGTH = 1024;

/** Amplify's `CognitoAuthSignInDetails`, stored as JSON. */
export interface SignInDetails {
  loginId?: string;
  authFlowType?: AuthFlowType;
}

export function isAuthFlowType(value: unknown): value is AuthFlowType {
  return typeof value === 'string' && (AUTH_FLOW_TYPES as readonly string[]).includes(value);
}
