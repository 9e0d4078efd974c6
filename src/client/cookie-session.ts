/**
 * Pure: a `document.cookie` string → the session Amplify's layout describes, decoded but not
 * verified (see jwt.ts). Works only when the app runs in readable-cookie mode; with HttpOnly
 * cookies the browser cannot see them and the caller asks `GET /api/auth/session` instead.
 *
 * @example
 *   const found = readCookieSession(document.cookie, { now: Date.now() });
 *   if (found.kind === 'found') found.session.user.username;
 *
 * Names and values are decoded the way js-cookie (Amplify's browser storage) does, and chunked
 * values are joined with the same algebra the server writes them with (src/cookies), so a
 * 10 KB ID token split over `…idToken.0`, `…idToken.1`, … reads back whole or not at all.
 */
import { combineChunks } from '../cookies/chunks.js';
import {
  AMPLIFY_KEY_PREFIX,
  decodeCookieName,
  decodeCookieValue,
  lastAuthUserKey,
  tokenKey,
} from '../cookies/names.js';
import {
  isAuthFlowType,
  MAX_LOGIN_ID_LENGTH,
  MAX_SIGN_IN_DETAILS_LENGTH,
  type SignInDetails,
} from '../cookies/sign-in-details.js';
import type { SessionUser } from '../session/types.js';
import { decodeClientJwt } from './jwt.js';
import type { ClientClaims, ClientJwt } from './types.js';

export interface CookieSession {
  user: SessionUser;
  tokens: { accessToken: ClientJwt; idToken: ClientJwt };
  /** The ID token's claims. */
  claims: ClientClaims;
  /** Seconds since epoch when the first of the two tokens expires. */
  expiresAt: number;
}

export type CookieSessionResult =
  | { kind: 'found'; session: CookieSession }
  /** No session cookies visible: signed out, or HttpOnly cookies. */
  | { kind: 'absent' }
  /** Cookies are there but cannot be used here: expired, sealed, chunks torn, several clients. */
  | { kind: 'unusable'; reason: string };

export interface ReadCookieSessionOptions {
  /** The app client whose cookies to read; default: the only one with a `LastAuthUser`. */
  clientId?: string;
  /** Milliseconds since epoch; tokens expiring at or before it are `unusable`. */
  now?: number;
}

/**
 * Cookie string → storage key (decoded name) → decoded value. The first of duplicate names wins,
 * as with js-cookie's `get(name)`; names that are not valid percent-encoding are skipped.
 */
export function parseCookieString(cookieString: string): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = decodeCookieName(part.slice(0, eq).trim());
    if (name === null || cookies.has(name)) continue;
    cookies.set(name, decodeCookieValue(part.slice(eq + 1).trim()));
  }
  return cookies;
}

const LAST_AUTH_USER = new RegExp(`^${AMPLIFY_KEY_PREFIX.replace(/\./g, '\\.')}\\.([^.]+)\\.LastAuthUser$`);

/** Client ids that have a `LastAuthUser` cookie (Cognito client ids never contain a dot). */
function clientIdsInCookies(cookies: ReadonlyMap<string, string>): string[] {
  const ids: string[] = [];
  for (const key of cookies.keys()) {
    const match = LAST_AUTH_USER.exec(key);
    if (match?.[1]) ids.push(match[1]);
  }
  return ids;
}

export function readCookieSession(cookieString: string, options: ReadCookieSessionOptions = {}): CookieSessionResult {
  const cookies = parseCookieString(cookieString);
  let clientId = options.clientId;
  if (clientId === undefined) {
    const ids = clientIdsInCookies(cookies);
    if (ids.length === 0) return { kind: 'absent' };
    if (ids.length > 1) return { kind: 'unusable', reason: `sessions of ${ids.length} app clients; pass clientId` };
    clientId = ids[0] as string;
  }
  try {
    return readForClient(cookies, clientId, options.now);
  } catch (error) {
    // combineChunks throws CookieCorrupt for gaps and chunks of different writes.
    return { kind: 'unusable', reason: error instanceof Error ? error.message : 'unreadable session cookies' };
  }
}

function readForClient(cookies: ReadonlyMap<string, string>, clientId: string, now?: number): CookieSessionResult {
  const username = combineChunks(lastAuthUserKey(clientId), cookies).value;
  if (!username) return { kind: 'absent' };
  const read = (kind: string) => combineChunks(tokenKey(clientId, username, kind), cookies).value;

  const rawAccess = read('accessToken');
  const rawId = read('idToken');
  if (!rawAccess || !rawId) return { kind: 'absent' };
  const accessToken = decodeClientJwt(rawAccess);
  const idToken = decodeClientJwt(rawId);
  // Sealed cookies (encryptionSecret) are JWE, five segments: only the server can open them.
  if (!accessToken || !idToken) return { kind: 'unusable', reason: 'session cookies are not readable JWTs (sealed?)' };

  const access = accessToken.payload;
  const id = idToken.payload;
  if (access.token_use !== 'access' || id.token_use !== 'id') {
    return { kind: 'unusable', reason: 'session cookies hold tokens of the wrong use' };
  }
  if (access.exp === undefined || id.exp === undefined || typeof access.sub !== 'string') {
    return { kind: 'unusable', reason: 'session tokens lack exp or sub' };
  }
  const expiresAt = Math.min(access.exp, id.exp);
  if (now !== undefined && expiresAt * 1000 <= now) return { kind: 'unusable', reason: 'session tokens expired' };

  const user: SessionUser = {
    username: access.username ?? id['cognito:username'] ?? username,
    userId: access.sub,
    groups: stringArray(access['cognito:groups']),
  };
  if (typeof id.email === 'string') user.email = id.email;
  const signInDetails = parseSignInDetails(read('signInDetails'));
  if (signInDetails) user.signInDetails = signInDetails;

  return { kind: 'found', session: { user, tokens: { accessToken, idToken }, claims: id, expiresAt } };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Display-only extra: a malformed value is ignored rather than failing the whole session, and
 * fields keep the server's bounds (sign-in-details.ts) without the server's validator.
 */
function parseSignInDetails(raw: string | null): SignInDetails | undefined {
  if (!raw || raw.length > MAX_SIGN_IN_DETAILS_LENGTH) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const { loginId, authFlowType } = parsed as Record<string, unknown>;
    const details: SignInDetails = {};
    if (typeof loginId === 'string' && loginId.length > 0 && loginId.length <= MAX_LOGIN_ID_LENGTH)
      details.loginId = loginId;
    if (isAuthFlowType(authFlowType)) details.authFlowType = authFlowType;
    return details;
  } catch {
    return undefined;
  }
}
