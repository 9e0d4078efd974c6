/**
 * Claims schemas for Cognito access and ID tokens. They run after the signature, issuer, token use,
 * audience and time checks, so they only decide whether a genuine token has the shape the app
 * relies on. Unknown claims pass through: Cognito adds claims over time and pre-token-generation
 * hooks add the app's own.
 *
 * @example
 *   const claims = extendClaims({ id: z.object({ 'custom:tenant': z.string() }) });
 *   const verifier = createTokenVerifier({ userPoolId, clientId, claims });
 *   const { payload } = await verifier.verifyIdToken(raw); // payload['custom:tenant']: string
 */
import * as z from 'zod/mini';
import type { Schema } from '../schema.js';

const seconds = z.int().check(z.nonnegative());
const groups = z.array(z.string());

/**
 * Cognito writes `email_verified` as a boolean in ID tokens, but attributes that went through
 * AdminUpdateUserAttributes or a pre-token hook can come back as the strings "true"/"false".
 */
const booleanish = z.union([
  z.boolean(),
  z.pipe(
    z.enum(['true', 'false']),
    z.transform((value: 'true' | 'false') => value === 'true'),
  ),
]);

/**
 * Cognito custom attributes always reach tokens as strings, whatever their declared type; a
 * non-string value means something other than Cognito minted the claim.
 */
function customAttributesAreStrings(ctx: z.core.ParsePayload<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(ctx.value)) {
    if (name.startsWith('custom:') && typeof value !== 'string') {
      ctx.issues.push({
        code: 'custom',
        message: 'custom attributes must be strings',
        path: [name],
        input: value,
      });
    }
  }
}

/**
 * Required is what the session stands on: identity, issuer, client, use and expiry. The rest is
 * optional because real issuers differ: pools without token revocation write no `origin_jti` or
 * `jti`, moto writes no `iat` or `scope`, and machine tokens carry no `username` (the session
 * then takes the ID token's `cognito:username`, see `sessionUsername`).
 */
export const accessTokenClaims = z.looseObject({
  sub: z.string(),
  iss: z.string(),
  client_id: z.string(),
  origin_jti: z.optional(z.string()),
  event_id: z.optional(z.string()),
  token_use: z.literal('access'),
  scope: z.optional(z.string()),
  auth_time: seconds,
  exp: seconds,
  iat: z.optional(seconds),
  jti: z.optional(z.string()),
  username: z.optional(z.string()),
  'cognito:groups': z.optional(groups),
  version: z.optional(z.int()),
  device_key: z.optional(z.string()),
});

/**
 * Kept unrefined so `extendClaims` may replace keys; zod refuses that on refined objects. `email`
 * is there only when the pool has the attribute and the client may read it.
 */
const idTokenBase = z.looseObject({
  sub: z.string(),
  aud: z.string(),
  iss: z.string(),
  'cognito:username': z.string(),
  email: z.optional(z.string()),
  email_verified: z.optional(booleanish),
  phone_number: z.optional(z.string()),
  phone_number_verified: z.optional(booleanish),
  'cognito:groups': z.optional(groups),
  origin_jti: z.optional(z.string()),
  event_id: z.optional(z.string()),
  token_use: z.literal('id'),
  auth_time: seconds,
  exp: seconds,
  iat: z.optional(seconds),
  jti: z.optional(z.string()),
  nonce: z.optional(z.string()),
});

export const idTokenClaims = idTokenBase.check(customAttributesAreStrings);

/** What any schema used for access tokens must accept as a minimum. */
export type AccessClaimsSchema = Schema<z.output<typeof accessTokenClaims>>;
/** What any schema used for ID tokens must accept as a minimum. */
export type IdClaimsSchema = Schema<z.output<typeof idTokenClaims>>;

/** `custom:*` attributes are typed as strings even though the object schema cannot name them. */
export type CustomAttributes = { readonly [name: `custom:${string}`]: string | undefined };

export type AccessTokenClaims = z.output<typeof accessTokenClaims>;
export type IdTokenClaims = z.output<typeof idTokenClaims> & CustomAttributes;

/** Payload type a verifier built with `schema` hands out for ID tokens. */
export type IdClaimsOf<S extends IdClaimsSchema> = z.output<S> & CustomAttributes;
/** Payload type a verifier built with `schema` hands out for access tokens. */
export type AccessClaimsOf<S extends AccessClaimsSchema> = z.output<S>;

/**
 * Adds the app's own claims (custom attributes, pre-token-hook claims) to the base schemas.
 * A key already in the base schema is replaced, which lets an app narrow e.g. `cognito:groups`.
 */
/* eslint-disable @typescript-eslint/no-empty-object-type -- `{}` is zod's empty shape: no claims added */
export function extendClaims<A extends z.core.$ZodLooseShape = {}, I extends z.core.$ZodLooseShape = {}>(extra: {
  access?: z.core.$ZodObject<A>;
  id?: z.core.$ZodObject<I>;
}) {
  /* eslint-enable @typescript-eslint/no-empty-object-type */
  return {
    access: z.extend(accessTokenClaims, (extra.access?._zod.def.shape ?? {}) as A),
    id: z.extend(idTokenBase, (extra.id?._zod.def.shape ?? {}) as I).check(customAttributesAreStrings),
  };
}
