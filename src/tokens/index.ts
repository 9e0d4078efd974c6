/**
 * Token verification for Cognito access and ID tokens: claims schemas, the verifier with its
 * per-issuer JWKS cache and verified-token cache, and an unverified decoder for refresh decisions.
 */
export {
  accessTokenClaims,
  idTokenClaims,
  extendClaims,
  type AccessTokenClaims,
  type IdTokenClaims,
  type AccessClaimsOf,
  type IdClaimsOf,
  type AccessClaimsSchema,
  type IdClaimsSchema,
  type CustomAttributes,
} from './claims.js';
export { decodeUnverified, type UnverifiedJwt, type UnverifiedPayload } from './decode.js';
export type { Jwt } from './jwt.js';
export { RemoteJwks, type RemoteJwksOptions, type FetchLike } from './jwks.js';
export {
  createTokenVerifier,
  DEFAULT_GRACE_SECONDS,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './verifier.js';
export { VerifiedTokenCache, type VerifiedTokenCacheOptions } from './verified-cache.js';
