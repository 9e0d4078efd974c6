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
import { z } from 'zod';

const seconds = z.number().int().nonnegative();
const groups = z.array(z.string());

/**
 * Cognito writes `email_verified` as a boolean in ID tokens, but attributes that went through
 * AdminUpdateUserAttributes or a pre-token hook can come back as the strings "true"/"false".
 */
const booleanish = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((value) => value === 'true'),
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

export const accessTokenClaims = z.looseObject({
  sub: z.string(),
  iss: z.string(),
  client_id: z.string(),
  origin_jti: z.string().optional(),
  event_id: z.string().optional(),
  token_use: z.literal('access'),
  scope: z.string(),
  auth_time: seconds,
  exp: seconds,
  iat: seconds,
  jti: z.string(),
  username: z.string(),
  'cognito:groups': groups.optional(),
  version: z.number().int().optional(),
  device_key: z.string().optional(),
});

/** Kept unrefined so `extendClaims` may replace keys; zod refuses that on refined objects. */
const idTokenBase = z.looseObject({
  sub: z.string(),
  aud: z.string(),
  iss: z.string(),
  'cognito:username': z.string(),
  email: z.string().optional(),
  email_verified: booleanish.optional(),
  phone_number: z.string().optional(),
  phone_number_verified: booleanish.optional(),
  'cognito:groups': groups.optional(),
  origin_jti: z.string().optional(),
  event_id: z.string().optional(),
  token_use: z.literal('id'),
  auth_time: seconds,
  exp: seconds,
  iat: seconds,
  jti: z.string().optional(),
  nonce: z.string().optional(),
});

export const idTokenClaims = idTokenBase.check(customAttributesAreStrings);

/** What any schema used for access tokens must accept as a minimum. */
export type AccessClaimsSchema = z.ZodType<z.output<typeof accessTokenClaims>, unknown>;
/** What any schema used for ID tokens must accept as a minimum. */
export type IdClaimsSchema = z.ZodType<z.output<typeof idTokenClaims>, unknown>;

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
export function extendClaims<
  A extends z.core.$ZodLooseShape = {},
  I extends z.core.$ZodLooseShape = {},
>(extra: { access?: z.ZodObject<A>; id?: z.ZodObject<I> }) {
  return {
    access: accessTokenClaims.extend((extra.access?.shape ?? {}) as A),
    id: idTokenBase.extend((extra.id?.shape ?? {}) as I).check(customAttributesAreStrings),
  };
}
