/**
 * Claims schemas for Cognito access and ID tokens. They run after the signature, issuer, token use,
 * audience and time checks, so they only decide whether a genuine token has the shape the app
 * relies on. Unknown claims pass through: Cognito adds claims over time and pre-token-generation
 * hooks add the app's own.
 *
 * @example
 *   const claims = extendClaims({ id: z.object({ 'custom:tenant': z.string() }) }); // the app's zod
 *   const verifier = createTokenVerifier({ userPoolId, clientId, claims });
 *   const { payload } = await verifier.verifyIdToken(raw); // payload['custom:tenant']: string
 */
import {
  array,
  check,
  int,
  literal,
  looseObject,
  map,
  oneOf,
  optional,
  refine,
  Schema,
  string,
  type Output,
  type ShapeOutput,
  type StandardSchemaV1,
} from '../schema.js';

const seconds = () => int({ min: 0 });
const groups = () => optional(array(string()));

/**
 * Cognito writes `email_verified` as a boolean in ID tokens, but attributes that went through
 * AdminUpdateUserAttributes or a pre-token hook can come back as the strings "true"/"false".
 */
const booleanish = () =>
  optional(map(oneOf([true, false, 'true', 'false']), (value) => value === true || value === 'true'));

/**
 * Cognito custom attributes always reach tokens as strings, whatever their declared type; a
 * non-string value means something other than Cognito minted the claim.
 */
function customAttributesAreStrings(claims: Record<string, unknown>, fail: (message: string, key: string) => void) {
  for (const [name, value] of Object.entries(claims)) {
    if (name.startsWith('custom:') && typeof value !== 'string') fail('custom attributes must be strings', name);
  }
}

/**
 * Required is what the session stands on: identity, issuer, client, use and expiry. The rest is
 * optional because real issuers differ: pools without token revocation write no `origin_jti` or
 * `jti`, moto writes no `iat` or `scope`, and machine tokens carry no `username` (the session
 * then takes the ID token's `cognito:username`, see `sessionUsername`).
 */
const accessShape = {
  sub: string(),
  iss: string(),
  client_id: string(),
  origin_jti: optional(string()),
  event_id: optional(string()),
  token_use: literal('access'),
  scope: optional(string()),
  auth_time: seconds(),
  exp: seconds(),
  iat: optional(seconds()),
  jti: optional(string()),
  username: optional(string()),
  'cognito:groups': groups(),
  version: optional(int()),
  device_key: optional(string()),
};

/** `email` is there only when the pool has the attribute and the client may read it. */
const idShape = {
  sub: string(),
  aud: string(),
  iss: string(),
  'cognito:username': string(),
  email: optional(string()),
  email_verified: booleanish(),
  phone_number: optional(string()),
  phone_number_verified: booleanish(),
  'cognito:groups': groups(),
  origin_jti: optional(string()),
  event_id: optional(string()),
  token_use: literal('id'),
  auth_time: seconds(),
  exp: seconds(),
  iat: optional(seconds()),
  jti: optional(string()),
  nonce: optional(string()),
};

type Claims<Known> = Known & { [claim: string]: unknown };
type KnownAccessClaims = ShapeOutput<typeof accessShape>;
type KnownIdClaims = ShapeOutput<typeof idShape>;

export const accessTokenClaims: Schema<Claims<KnownAccessClaims>, unknown> = looseObject(accessShape);
export const idTokenClaims: Schema<Claims<KnownIdClaims>, unknown> = refine(
  looseObject(idShape),
  customAttributesAreStrings,
);

/** What any schema used for access tokens must accept as a minimum: any Standard Schema. */
export type AccessClaimsSchema = StandardSchemaV1<unknown, Output<typeof accessTokenClaims>>;
/** What any schema used for ID tokens must accept as a minimum: any Standard Schema. */
export type IdClaimsSchema = StandardSchemaV1<unknown, Output<typeof idTokenClaims>>;

/** `custom:*` attributes are typed as strings even though the object schema cannot name them. */
export type CustomAttributes = { readonly [name: `custom:${string}`]: string | undefined };

export type AccessTokenClaims = Output<typeof accessTokenClaims>;
export type IdTokenClaims = Output<typeof idTokenClaims> & CustomAttributes;

/** Payload type a verifier built with `schema` hands out for ID tokens. */
export type IdClaimsOf<S extends IdClaimsSchema> = Output<S> & CustomAttributes;
/** Payload type a verifier built with `schema` hands out for access tokens. */
export type AccessClaimsOf<S extends AccessClaimsSchema> = Output<S>;

type NoClaims = StandardSchemaV1<unknown, Record<never, never>>;
/** The base claims with the app's: a claim the app names takes the app's type. */
type Extended<Known, S extends StandardSchemaV1> = Claims<Omit<Known, keyof Output<S>> & Output<S>>;

/**
 * Adds the app's own claims (custom attributes, pre-token-hook claims) to the base schemas. The
 * app's schemas are any Standard Schema — zod, valibot, arktype — usually an object of the
 * claims it adds. Both run on every token: the base one keeps what the session stands on, the
 * app's may narrow a claim it names (e.g. `cognito:groups` to the app's groups), and its output
 * wins for those claims.
 */
export function extendClaims<A extends StandardSchemaV1 = NoClaims, I extends StandardSchemaV1 = NoClaims>(extra: {
  access?: A;
  id?: I;
}): { access: Schema<Extended<KnownAccessClaims, A>>; id: Schema<Extended<KnownIdClaims, I>> } {
  return {
    access: withAppClaims(accessTokenClaims, extra.access) as Schema<Extended<KnownAccessClaims, A>>,
    id: withAppClaims(idTokenClaims, extra.id) as Schema<Extended<KnownIdClaims, I>>,
  };
}

function withAppClaims(base: Schema<Record<string, unknown>, unknown>, app: StandardSchemaV1 | undefined) {
  if (!app) return base;
  return new Schema<Record<string, unknown>, unknown>((value, path, issues) => {
    const before = issues.length;
    const claims = base.run(value, path, issues);
    const result = check(app, value);
    if (!result.success) {
      for (const issue of result.error.issues) issues.push({ ...issue, path: [...path, ...issue.path] });
      return claims;
    }
    const own = result.data;
    return issues.length === before && typeof own === 'object' && own !== null ? { ...claims, ...own } : claims;
  });
}
