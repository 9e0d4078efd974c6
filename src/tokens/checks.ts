/**
 * The checks that follow a good signature: issuer, time (on the injected clock), token use and
 * audience. Pure functions of the payload, so they are easy to read next to the spec:
 * - access tokens carry the app client in `client_id` and have no `aud`;
 * - ID tokens carry it in `aud` (a string; an array is accepted as RFC 7519 allows);
 * - Cognito sets no `nbf`, but emulators and other IdPs may, so it is honoured when present.
 */
import { ClaimsInvalid, TokenExpired, TokenNotYetValid, WrongAudience, WrongIssuer, WrongTokenUse } from '../errors.js';

export type TokenUse = 'access' | 'id';

/** Milliseconds at which a token with this payload stops verifying: exp + grace. */
export function expiresAtMs(payload: Readonly<Record<string, unknown>>, graceSeconds: number): number {
  const exp = payload.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw new ClaimsInvalid('claim "exp" is missing or not a number');
  }
  return (exp + graceSeconds) * 1000;
}

/**
 * How far in the future `iat` may lie. Minutes, not the seconds of the exp grace: a server whose
 * clock runs behind Cognito's must still accept tokens minted a moment ago "in its future", but
 * a token issued hours ahead comes from a broken IdP clock or a stolen key, never from Cognito.
 */
export const MAX_IAT_SKEW_SECONDS = 300;

export function checkTime(payload: Readonly<Record<string, unknown>>, nowMs: number, graceSeconds: number): void {
  const expiresAt = expiresAtMs(payload, graceSeconds);
  if (nowMs >= expiresAt) {
    throw new TokenExpired(`token expired at ${isoSeconds(payload.exp as number)} (grace ${graceSeconds}s)`);
  }
  const iat = payload.iat;
  if (iat !== undefined) {
    if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new ClaimsInvalid('claim "iat" is not a number');
    if (iat * 1000 > nowMs + MAX_IAT_SKEW_SECONDS * 1000) {
      throw new TokenNotYetValid(
        `token issued in the future (iat ${isoSeconds(iat)}, allowed skew ${MAX_IAT_SKEW_SECONDS}s)`,
      );
    }
  }
  const nbf = payload.nbf;
  if (nbf === undefined) return;
  if (typeof nbf !== 'number' || !Number.isFinite(nbf)) throw new ClaimsInvalid('claim "nbf" is not a number');
  if (nowMs < (nbf - graceSeconds) * 1000) {
    throw new TokenNotYetValid(`token not valid before ${isoSeconds(nbf)} (grace ${graceSeconds}s)`);
  }
}

/** The issuer is compared exactly: one pool, one `iss`, no normalisation an attacker could use. */
export function checkIssuer(payload: Readonly<Record<string, unknown>>, issuer: string): void {
  const actual = payload.iss;
  if (actual === issuer) return;
  // `iss` comes from the token: short strings are shown, anything else only by its type.
  const shown =
    typeof actual === 'string'
      ? JSON.stringify(actual.length > 200 ? `${actual.slice(0, 200)}…` : actual)
      : actual === undefined
        ? 'missing'
        : typeof actual;
  throw new WrongIssuer(`claim "iss" is ${shown}, expected ${JSON.stringify(issuer)}`);
}

export function checkTokenUse(payload: Readonly<Record<string, unknown>>, expected: TokenUse): void {
  const actual = payload.token_use;
  if (actual === expected) return;
  const shown = actual === 'access' || actual === 'id' ? `"${actual}"` : 'missing or unknown';
  throw new WrongTokenUse(`claim "token_use" is ${shown}, expected "${expected}"`);
}

export function checkClient(payload: Readonly<Record<string, unknown>>, use: TokenUse, clientId: string): void {
  if (use === 'access') {
    if (payload.client_id !== clientId) {
      throw new WrongAudience(`claim "client_id" does not name this app client (${clientId})`);
    }
    return;
  }
  const aud = payload.aud;
  const matches = aud === clientId || (Array.isArray(aud) && aud.includes(clientId));
  if (!matches) throw new WrongAudience(`claim "aud" does not name this app client (${clientId})`);
}

function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString();
}
