/**
 * JWTs as the browser sees them: decoded, NOT verified. The browser has no business checking
 * signatures — it could be lied to by any script on the page anyway. The server verifies every
 * token it acts on (src/tokens/verifier.ts); the browser only displays claims.
 *
 * @example
 *   const jwt = decodeClientJwt(raw); // null for a sealed (JWE) or malformed value
 *   jwt?.payload.exp;
 */
import { decodeUnverified } from '../tokens/decode.js';
import type { ClientJwt } from './types.js';

export function decodeClientJwt(raw: string): ClientJwt | null {
  try {
    const { payload } = decodeUnverified(raw);
    return Object.freeze({ payload, toString: () => raw });
  } catch {
    return null;
  }
}
