/**
 * The IdP's persistent state: everything that must survive a restart (and a kill -9). One JSON
 * document, validated on load so a hand-edited or truncated file fails loudly instead of
 * half-working. Keys of `users` are lower-cased usernames: Cognito pools created today treat
 * usernames case-insensitively.
 *
 * Every name-keyed collection is a `Map` in memory and a JSON object on disk. Names are chosen by
 * clients (`constructor`, `__proto__`, `toString` are valid Cognito usernames and group names), so
 * a plain object would answer them with Object.prototype's members; and zod's `record` silently
 * drops a `__proto__` key on load. `keyed()` reads the object's own entries into a Map instead,
 * and `serializeState` writes them back with `Object.fromEntries` (own data properties).
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
  /** IAM role members may assume through an identity pool (`cognito:roles` in their ID token). */
  roleArn: z.string().optional(),
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

/**
 * An identity of an identity pool (keyed by its id, `<region>:<uuid>`). Authenticated identities
 * name the login they belong to (`<provider> <sub>`); guest identities have none.
 */
const identitySchema = z.object({
  poolId: z.string(),
  login: z.string().optional(),
  createdAt: z.number(),
});
export type IdentityRecord = z.infer<typeof identitySchema>;

/**
 * Temporary AWS credentials issued by GetCredentialsForIdentity, keyed by access key id. The
 * secret is kept (SigV4 verification needs it); the session token only as its SHA-256.
 */
const awsCredentialSchema = z.object({
  identityId: z.string(),
  poolId: z.string(),
  secretAccessKey: z.string(),
  sessionTokenHash: z.string(),
  roleArn: z.string(),
  issuedAt: z.number(),
  expiresAt: z.number(),
});
export type AwsCredentialRecord = z.infer<typeof awsCredentialSchema>;

/** A JSON object of `name → value`, read into a Map from its own entries (see the module doc). */
function keyed<T extends z.ZodType>(value: T): z.ZodType<Map<string, z.output<T>>> {
  const entries = z.array(z.tuple([z.string(), value]));
  return z
    .custom<Record<string, unknown>>((input) => input !== null && typeof input === 'object' && !Array.isArray(input), {
      error: 'expected an object keyed by name',
    })
    .transform((input, ctx) => {
      const parsed = entries.safeParse(Object.entries(input));
      if (parsed.success) return new Map(parsed.data as [string, z.output<T>][]);
      for (const issue of parsed.error.issues) {
        // [entryIndex, 1, …rest] → the entry's own name, as the file spells it.
        const [index, , ...rest] = issue.path;
        const name = Object.keys(input)[Number(index)] ?? String(index);
        ctx.issues.push({ code: 'custom', message: issue.message, path: [name, ...rest], input });
      }
      return z.NEVER;
    });
}

export const stateSchema = z.object({
  version: z.literal(1),
  users: keyed(userSchema),
  groups: keyed(groupSchema),
  families: keyed(familySchema),
  refreshTokens: keyed(refreshTokenSchema),
  keys: z.array(signingKeySchema),
  // Absent from data files written before identity pools existed.
  identities: keyed(identitySchema)
    .optional()
    .transform((map) => map ?? new Map<string, IdentityRecord>()),
  awsCredentials: keyed(awsCredentialSchema)
    .optional()
    .transform((map) => map ?? new Map<string, AwsCredentialRecord>()),
});
export type IdpState = z.output<typeof stateSchema>;

export function emptyState(): IdpState {
  return {
    version: 1,
    users: new Map(),
    groups: new Map(),
    families: new Map(),
    refreshTokens: new Map(),
    keys: [],
    identities: new Map(),
    awsCredentials: new Map(),
  };
}

/** What readers get: mutation goes through `StateStore.mutate` only. */
export interface StateView {
  readonly version: IdpState['version'];
  readonly users: ReadonlyMap<string, UserRecord>;
  readonly groups: ReadonlyMap<string, GroupRecord>;
  readonly families: ReadonlyMap<string, FamilyRecord>;
  readonly refreshTokens: ReadonlyMap<string, RefreshTokenRecord>;
  readonly keys: readonly SigningKeyRecord[];
  readonly identities: ReadonlyMap<string, IdentityRecord>;
  readonly awsCredentials: ReadonlyMap<string, AwsCredentialRecord>;
}

/** The state as the JSON document `stateSchema` reads back. */
export function serializeState(state: StateView): string {
  return JSON.stringify({
    ...state,
    users: Object.fromEntries(state.users),
    groups: Object.fromEntries(state.groups),
    families: Object.fromEntries(state.families),
    refreshTokens: Object.fromEntries(state.refreshTokens),
    identities: Object.fromEntries(state.identities),
    awsCredentials: Object.fromEntries(state.awsCredentials),
  });
}

export function userKey(username: string): string {
  return username.toLowerCase();
}
