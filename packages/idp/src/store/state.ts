/**
 * The IdP's persistent state: everything that must survive a restart (and a kill -9). One JSON
 * document, validated on load so a hand-edited or truncated file fails loudly instead of
 * half-working. Keys of `users` are lower-cased usernames: Cognito pools created today treat
 * usernames case-insensitively.
 */
import { z } from 'zod';

const userStatusSchema = z.enum(['CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD']);
export type UserStatus = z.infer<typeof userStatusSchema>;

const userSchema = z.object({
  username: z.string(),
  sub: z.string(),
  status: userStatusSchema,
  enabled: z.boolean(),
  attributes: z.record(z.string(), z.string()),
  groups: z.array(z.string()),
  /** SRP salt and verifier (hex); the password itself is never stored. */
  srp: z.object({ salt: z.string(), verifier: z.string() }),
  confirmationCode: z.string().optional(),
  /** Wrong ConfirmSignUp codes since this code was issued; the fifth replaces the code. */
  confirmationFailures: z.number().int().nonnegative().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type UserRecord = z.infer<typeof userSchema>;

const groupSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  precedence: z.number().optional(),
});
export type GroupRecord = z.infer<typeof groupSchema>;

/** One sign-in: every refresh token rotated out of it shares the family id (`origin_jti`). */
const familySchema = z.object({
  id: z.string(),
  username: z.string(),
  clientId: z.string(),
  /** Seconds since epoch; copied into every token the family yields. */
  authTime: z.number(),
  eventId: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.number(),
  revokedAt: z.number().optional(),
});
export type FamilyRecord = z.infer<typeof familySchema>;

/** Keyed by the SHA-256 of the token; the token itself is never stored. */
const refreshTokenSchema = z.object({
  familyId: z.string(),
  issuedAt: z.number(),
  expiresAt: z.number(),
  /** Set when the token was rotated out; it then only works inside the client's grace period. */
  supersededAt: z.number().optional(),
});
export type RefreshTokenRecord = z.infer<typeof refreshTokenSchema>;

const signingKeySchema = z.object({
  kid: z.string(),
  use: z.enum(['access', 'id']),
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
  retiredAt: z.number().optional(),
});
export type SigningKeyRecord = z.infer<typeof signingKeySchema>;

export const stateSchema = z.object({
  version: z.literal(1),
  users: z.record(z.string(), userSchema),
  groups: z.record(z.string(), groupSchema),
  families: z.record(z.string(), familySchema),
  refreshTokens: z.record(z.string(), refreshTokenSchema),
  keys: z.array(signingKeySchema),
});
export type IdpState = z.infer<typeof stateSchema>;

export function emptyState(): IdpState {
  return { version: 1, users: {}, groups: {}, families: {}, refreshTokens: {}, keys: [] };
}

export function userKey(username: string): string {
  return username.toLowerCase();
}
