/**
 * `next-cognito-session/protocol`: Cognito's wire protocol as plain functions — the JSON API's
 * framing, the pool-id rule, the SRP-6a group and derivations, PKCE and SECRET_HASH.
 *
 * The adapter and the local IdP (`next-cognito-session-idp`) speak the same protocol from two
 * ends; this subpath is the one place both take it from, so a byte-level rule (padding of SRP
 * hex, the HKDF info string, base64url) cannot drift between them. It has no state and no I/O.
 * It follows the library's version but is not meant for apps: the adapter's own API covers them.
 */
export { IDENTITY_TARGET_PREFIX, JSON_CONTENT_TYPE, TARGET_PREFIX, shortErrorType } from './cognito/protocol.js';
export { awsIssuer, isAwsRegion, parsePoolId, POOL_ID_FORM, type PoolId } from './cognito/pool-id.js';
export { computeSecretHash } from './cognito/secret-hash.js';
export {
  base64UrlEncode,
  codeChallengeS256,
  createCodeVerifier,
  isValidCodeVerifier,
  timingSafeEqual,
} from './cognito/pkce.js';
export {
  computePasswordClaim,
  createClientEphemeral,
  formatSrpTimestamp,
  isValidSrpTimestamp,
  parseSrpTimestamp,
  srpPoolName,
} from './cognito/srp.js';
export { mod, randomBigInt } from './cognito/srp/bigint.js';
export { modPow, srpMath, SRP_MATH_ENV, type SrpMath } from './cognito/srp/mod-pow.js';
export { computeU, computeX, deriveClaimKey, signClaim } from './cognito/srp/derive.js';
export {
  base64Decode,
  base64Encode,
  bytesEqual,
  bytesToHex,
  concatBytes,
  hexToBytes,
  paddedHex,
  parseHexInteger,
  utf8,
} from './cognito/srp/encoding.js';
export { EPHEMERAL_BYTES, N, SALT_BYTES, g, k } from './cognito/srp/group.js';
export { hkdfSha256, hmacSha256, sha256, sha256Hex } from './cognito/srp/hash.js';
