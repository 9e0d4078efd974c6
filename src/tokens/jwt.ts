/**
 * The value a verifier hands out: the payload it checked, and the exact string it checked, so
 * callers can forward the token (Authorization header, cookie) without re-encoding anything.
 * Same shape as Amplify's `JWT`, so code written against `fetchAuthSession()` keeps working.
 *
 * @example
 *   const jwt = await verifier.verifyAccessToken(raw);
 *   headers.set('authorization', `Bearer ${jwt}`); // toString() is the raw token
 */

export interface Jwt<P> {
  readonly payload: P;
  toString(): string;
}

/**
 * Frozen all the way down: verified tokens are shared between requests through the verified-token
 * cache, so one caller mutating `payload` must not change what the next caller sees.
 */
export function createJwt<P>(raw: string, payload: P): Jwt<P> {
  return Object.freeze({ payload: deepFreeze(payload), toString: () => raw });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
