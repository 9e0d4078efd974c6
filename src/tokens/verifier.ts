/**
 * Verifies Cognito access and ID tokens for one user pool and one app client, in the edge runtime
 * and in Node alike. Each verifier owns its JWKS cache and its verified-token cache; nothing is
 * shared through module state, so two runners in one process never see each other's keys.
 *
 * The pipeline, cheapest first:
 *   verified-token cache hit → done (no parsing, no crypto)
 *   size, shape, `alg` = RS256, `kid` present          (precheck.ts, before any key work)
 *   JWK by `kid` from the issuer's JWKS                 (jwks.ts)
 *   RS256 signature                                    (signature.ts, WebCrypto)
 *   `iss`, `token_use`, `client_id` / `aud`, `exp` / `nbf` (checks.ts, on the injected clock)
 *   claims schema                                      (claims.ts, or the app's extension)
 *
 * No JWT library: with `alg` pinned to RS256 and the key always the issuer's JWK by `kid`, what
 * is left is one WebCrypto call, the same in the edge runtime and in Node (see docs/design.md).
 *
 * @example
 *   const verifier = createTokenVerifier({ userPoolId: 'eu-west-1_AbCdEf123', clientId });
 *   const { payload } = await verifier.verifyAccessToken(raw); // payload.username, payload.scope …
 */
import { awsIssuer, parsePoolId } from '../cognito/pool-id.js';
import { ClaimsInvalid, ConfigInvalid, InvalidSignature } from '../errors.js';
import { check, describeIssue } from '../schema.js';
import { checkClient, checkIssuer, checkTime, checkTokenUse, expiresAtMs, type TokenUse } from './checks.js';
import { decodeSegment, splitCompact } from './decode.js';
import {
  accessTokenClaims,
  idTokenClaims,
  type AccessClaimsOf,
  type AccessClaimsSchema,
  type IdClaimsOf,
  type IdClaimsSchema,
} from './claims.js';
import { RemoteJwks, type FetchLike } from './jwks.js';
import { createJwt, type Jwt } from './jwt.js';
import { DEFAULT_MAX_TOKEN_LENGTH, precheckToken } from './precheck.js';
import { ImportedKeys, verifyRs256 } from './signature.js';
import { VerifiedTokenCache } from './verified-cache.js';

/**
 * 5 s absorbs clock skew between Cognito and a server whose NTP is slightly off, and a cookie
 * read a moment before expiry. More would let tokens outlive their revocation-bounded hour for
 * no gain: the session layer refreshes a minute before `exp` anyway.
 */
export const DEFAULT_GRACE_SECONDS = 5;

export interface TokenVerifierOptions<
  A extends AccessClaimsSchema = typeof accessTokenClaims,
  I extends IdClaimsSchema = typeof idTokenClaims,
> {
  userPoolId: string;
  clientId: string;
  /**
   * Default `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, the region being the pool
   * id's prefix; required for emulator ids such as cognito-local's `local_…`.
   */
  issuer?: string;
  /** Default `<issuer>/.well-known/jwks.json`. */
  jwksUri?: string;
  graceSeconds?: number;
  fetch?: FetchLike;
  /** Epoch milliseconds; drives exp/nbf, the verified-token cache and the JWKS cache timers. */
  now?: () => number;
  jwksTimeoutMs?: number;
  /** JWKS cache tuning; see RemoteJwksOptions for the defaults and why. */
  jwks?: { maxAgeMs?: number; cooldownMs?: number; penaltyMs?: number };
  /** Verified-token cache entries; 0 turns the cache off. Default 1,000. */
  cacheSize?: number;
  /** Verified-token cache budget in token characters. Default 4 Mi. */
  cacheMaxChars?: number;
  /** Longer tokens are refused before any parsing. Default 16 KiB. */
  maxTokenLength?: number;
  /** Schemas for the payloads, usually from `extendClaims(...)`. */
  claims?: { access?: A; id?: I };
}

export interface TokenVerifier<AccessPayload, IdPayload> {
  readonly issuer: string;
  readonly jwksUri: string;
  verifyAccessToken(raw: string): Promise<Jwt<AccessPayload>>;
  verifyIdToken(raw: string): Promise<Jwt<IdPayload>>;
}

interface Cached {
  readonly use: TokenUse;
  readonly jwt: Jwt<unknown>;
}

export function createTokenVerifier<
  A extends AccessClaimsSchema = typeof accessTokenClaims,
  I extends IdClaimsSchema = typeof idTokenClaims,
>(options: TokenVerifierOptions<A, I>): TokenVerifier<AccessClaimsOf<A>, IdClaimsOf<I>> {
  const { clientId } = options;
  if (!clientId) throw new ConfigInvalid('token verifier: clientId is required');
  const issuer = options.issuer ?? defaultIssuer(options.userPoolId);
  const jwksUri = options.jwksUri ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
  const graceSeconds = options.graceSeconds ?? DEFAULT_GRACE_SECONDS;
  if (!(graceSeconds >= 0)) throw new ConfigInvalid('token verifier: graceSeconds must be ≥ 0');
  const now = options.now ?? Date.now;
  const maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const schemas = {
    access: (options.claims?.access ?? accessTokenClaims) as AccessClaimsSchema,
    id: (options.claims?.id ?? idTokenClaims) as IdClaimsSchema,
  };

  const jwks = new RemoteJwks({
    uri: jwksUri,
    fetch: options.fetch,
    timeoutMs: options.jwksTimeoutMs,
    now,
    ...options.jwks,
  });
  const keys = new ImportedKeys();
  const verified = new VerifiedTokenCache<Cached>({
    maxEntries: options.cacheSize,
    maxChars: options.cacheMaxChars,
    now,
  });

  async function verify(raw: string, use: TokenUse): Promise<Jwt<unknown>> {
    const hit = verified.get(raw);
    // The same string cannot be a valid token of both uses; a mismatch falls through so the
    // full path produces the proper WrongTokenUse error.
    if (hit?.use === use) return hit.jwt;

    const { kid } = precheckToken(raw, maxTokenLength);
    const payload = decodeSegment(splitCompact(raw)[1], 'payload');
    const jwk = await jwks.getJwk(kid);
    if (!(await verifyRs256(raw, keys.get(jwk)))) throw new InvalidSignature('JWT signature does not verify');
    checkIssuer(payload, issuer);
    checkTokenUse(payload, use);
    checkClient(payload, use, clientId);
    checkTime(payload, now(), graceSeconds);

    const parsed = check(schemas[use], payload);
    if (!parsed.success) {
      throw new ClaimsInvalid(`${use} token claims: ${parsed.error.issues.map(describeIssue).join('; ')}`);
    }
    const jwt = createJwt(raw, parsed.data);
    verified.set(raw, { use, jwt }, expiresAtMs(payload, graceSeconds));
    return jwt;
  }

  return {
    issuer,
    jwksUri,
    verifyAccessToken: (raw) => verify(raw, 'access') as Promise<Jwt<AccessClaimsOf<A>>>,
    verifyIdToken: (raw) => verify(raw, 'id') as Promise<Jwt<IdClaimsOf<I>>>,
  };
}

/** Cognito's issuer for a pool whose id starts with its AWS region. */
function defaultIssuer(userPoolId: string): string {
  const region = parsePoolId(userPoolId ?? '')?.region;
  if (!region) {
    throw new ConfigInvalid(
      `token verifier: userPoolId ${JSON.stringify(userPoolId)} is not <region>_<id>; pass issuer explicitly for emulators`,
    );
  }
  return awsIssuer(region, userPoolId);
}
