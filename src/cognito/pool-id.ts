/**
 * User-pool ids and AWS regions: the one rule for both, shared by the config, the token verifier,
 * SRP and the local IdP (through `next-cognito-session/protocol`).
 *
 * AWS issues pool ids as `<region>_<id>` (`us-east-1_AbC123`), but emulators keep only the shape:
 * cognito-local's ids are `local_<8 characters>`, LocalStack and moto use the AWS form. So an id
 * is checked for the shape alone, and its prefix counts as a region only where an AWS URL is
 * built from it (the default endpoint and issuer). With the endpoint and issuer set explicitly,
 * nothing needs a region at all.
 *
 * @example
 *   parsePoolId('us-east-1_AbC123') // { prefix: 'us-east-1', name: 'AbC123', region: 'us-east-1' }
 *   parsePoolId('local_4Xq9ZtP2')   // { prefix: 'local', name: '4Xq9ZtP2' } — no region
 *   awsIssuer('eu-west-1', 'eu-west-1_AbC') // 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC'
 */

/** `us-east-1`, `ap-southeast-2`, `us-gov-west-1`, `eu-central-2` … */
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/**
 * Cognito's API reference gives UserPoolId as `[\w-]+_[0-9a-zA-Z]+`, at most 55 characters. The
 * prefix here leaves out `_`: with one underscore, "the part after `_`" — the pool name SRP
 * hashes, taken by Amplify as `userPoolId.split('_')[1]` — means one thing on both ends. No
 * Cognito or emulator id has two.
 */
const POOL_ID = /^(?<prefix>[0-9A-Za-z-]+)_(?<name>[0-9A-Za-z]+)$/;
const POOL_ID_MAX_LENGTH = 55;

export const POOL_ID_FORM = '<prefix>_<id>, e.g. us-east-1_AbC123 (or local_AbC123 on cognito-local)';

export interface PoolId {
  /** Before the `_`: the region on AWS, anything on an emulator (`local`). */
  readonly prefix: string;
  /** After the `_`: what SRP hashes as the pool name. */
  readonly name: string;
  /** The prefix, when it is an AWS region. */
  readonly region?: string;
}

export function parsePoolId(userPoolId: string): PoolId | undefined {
  if (userPoolId.length > POOL_ID_MAX_LENGTH) return undefined;
  const groups = POOL_ID.exec(userPoolId)?.groups;
  if (!groups) return undefined;
  const { prefix, name } = groups as { prefix: string; name: string };
  return isAwsRegion(prefix) ? { prefix, name, region: prefix } : { prefix, name };
}

export function isPoolId(value: string): boolean {
  return parsePoolId(value) !== undefined;
}

export function isAwsRegion(value: string): boolean {
  return AWS_REGION.test(value);
}

/** Cognito's JSON API in `region`. */
export function awsEndpoint(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/`;
}

/** The `iss` Cognito writes into a pool's tokens; its JWKS is under `/.well-known/jwks.json`. */
export function awsIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/**
 * Identity-pool ids: Cognito Identity's API reference gives `[\w-]+:[0-9a-f-]+`, at most 55
 * characters; the part before `:` is the region (the local IdP's `local_…` pools use `local`).
 */
const IDENTITY_POOL_ID = /^[\w-]+:[0-9a-f-]+$/;
export const IDENTITY_POOL_ID_FORM = '<region>:<uuid>, e.g. us-east-1:4c5a2b1e-7d3f-4e8a-9b6c-0f1e2d3c4b5a';

export function isIdentityPoolId(value: string): boolean {
  return value.length <= POOL_ID_MAX_LENGTH && IDENTITY_POOL_ID.test(value);
}
