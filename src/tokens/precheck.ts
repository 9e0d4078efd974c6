/**
 * Cheap structural checks that run before any key lookup or signature work, so garbage sent by
 * anyone on the internet costs a regex and a small JSON parse, never a JWKS fetch or an RSA verify.
 *
 * Header parameters that point at keys (`jwk`, `jku`, `x5u`, `x5c`) are never read: the only key
 * ever used is the issuer's JWK with the header's `kid`, from the configured JWKS URI.
 */
import { InvalidToken } from '../errors.js';
import { decodeSegment, splitCompact } from './decode.js';

/**
 * Cognito access tokens are ~1 KB and ID tokens rarely pass 6–10 KB even with many groups and
 * custom attributes; browsers cap a cookie near 4 KB anyway, so 16 KB is generous.
 */
export const DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;

/** Cognito kids are 44-char base64 SHA-256 values; anything this long is not a key id. */
const MAX_KID_LENGTH = 256;

/** @returns the decoded header, whose `kid` names the key to verify with. */
export function precheckToken(raw: unknown, maxLength: number): Record<string, unknown> & { kid: string } {
  if (typeof raw !== 'string' || raw.length === 0) throw new InvalidToken('token is empty');
  if (raw.length > maxLength) {
    throw new InvalidToken(`token is ${raw.length} characters, the limit is ${maxLength}`);
  }
  const [headerSegment] = splitCompact(raw);
  const header = decodeSegment(headerSegment, 'header');

  // Cognito signs with RS256 only. Refusing everything else here closes `none` and the
  // HS256-with-the-public-key confusion before a key is even looked at.
  if (header.alg !== 'RS256') {
    const shown = typeof header.alg === 'string' && /^[A-Za-z0-9]{1,16}$/.test(header.alg);
    throw new InvalidToken(`JWT alg must be RS256${shown ? `, got ${header.alg as string}` : ''}`);
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > MAX_KID_LENGTH) {
    throw new InvalidToken('JWT header has no usable "kid"');
  }
  // RFC 7515 §4.1.11: a recipient that does not understand a `crit` extension must reject.
  if (header.crit !== undefined) throw new InvalidToken('JWT header "crit" extensions are not supported');
  return header as Record<string, unknown> & { kid: string };
}
