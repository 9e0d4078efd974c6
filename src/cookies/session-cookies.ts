/**
 * The Cognito session as Amplify lays it out in cookies: `LastAuthUser` names the user, and
 * per-user keys hold that user's tokens (names.ts).
 *
 * @example
 *   const session = await readSessionCookies(storage, clientId);
 *   if (session?.refreshToken) { … }
 *   await writeSessionCookies(storage, clientId, { username, accessToken, idToken, refreshToken });
 */

import { CookieCorrupt } from '../errors.js';
import { check, object, oneOf, optional, string } from '../schema.js';
import type { CookieJar, JarLogger } from './jar.js';
import { lastAuthUserKey, parseUserKey, tokenKey } from './names.js';
import {
  AUTH_FLOW_TYPES,
  MAX_LOGIN_ID_LENGTH,
  MAX_SIGN_IN_DETAILS_LENGTH,
  type SignInDetails,
} from './sign-in-details.js';
import { createCookieStorage, type CookieStorage } from './storage.js';

export type { SignInDetails } from './sign-in-details.js';

export interface SessionCookies {
  username: string;
  accessToken?: string;
  idToken?: string;
  refreshToken?: string;
  /** Milliseconds the client's clock is off from the IdP's, as Amplify records it. */
  clockDrift?: number;
  signInDetails?: SignInDetails;
}

export interface SessionCookieWrite {
  username: string;
  accessToken: string;
  idToken: string;
  /** Omit to keep the stored one: REFRESH_TOKEN_AUTH and non-rotating clients return none. */
  refreshToken?: string;
  /** Omit to keep the stored one. */
  clockDrift?: number;
  /** Omit to keep the stored one (a refresh does not know how the user signed in). */
  signInDetails?: SignInDetails;
}

function isStorage(source: CookieStorage | CookieJar): source is CookieStorage {
  return 'getItem' in source;
}

/** Unknown keys are stripped: only these two ever reach `Session.user`. */
export const signInDetailsShape = {
  loginId: optional(string({ min: 1, max: MAX_LOGIN_ID_LENGTH })),
  authFlowType: optional(oneOf(AUTH_FLOW_TYPES)),
};
const signInDetailsSchema = object(signInDetailsShape);

/**
 * The details, or why they were dropped. Never a reason to refuse the session: the value is
 * unsigned and display-only (sign-in-details.ts), and a forged `{"authFlowType":{"x":1}}` that
 * reached a page used to be a 500.
 */
function parseSignInDetails(raw: string): { details: SignInDetails } | { dropped: string } {
  if (raw.length > MAX_SIGN_IN_DETAILS_LENGTH)
    return { dropped: `longer than ${MAX_SIGN_IN_DETAILS_LENGTH} characters` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { dropped: 'not JSON' };
  }
  const result = check(signInDetailsSchema, parsed);
  if (!result.success) return { dropped: result.error.issues.map((issue) => issue.message).join('; ') };
  const { loginId, authFlowType } = result.data;
  return {
    details: { ...(loginId !== undefined ? { loginId } : {}), ...(authFlowType !== undefined ? { authFlowType } : {}) },
  };
}

export interface ReadSessionOptions {
  /** Told (at debug) when a display-only cookie was dropped. */
  logger?: JarLogger;
}

/**
 * Reads the session of `clientId`'s last user. A bare jar is read without sealing.
 *
 * @returns null when nobody is signed in (no LastAuthUser, or none of the three tokens).
 * @throws CookieCorrupt when any cookie of the session is unusable — chunks that do not fit,
 *   a cookie that arrived twice (storage.ts) — a session is all or nothing. The display-only
 *   `signInDetails` is the exception: a value of the wrong shape is left out.
 */
export async function readSessionCookies(
  source: CookieStorage | CookieJar,
  clientId: string,
  options: ReadSessionOptions = {},
): Promise<SessionCookies | null> {
  const storage = isStorage(source) ? source : createCookieStorage(source);
  const username = await storage.getItem(lastAuthUserKey(clientId));
  if (!username) return null;
  const kinds = ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails'];
  const [accessToken, idToken, refreshToken, clockDrift, signInDetails] = await storage.readItems(
    kinds.map((kind) => tokenKey(clientId, username, kind)),
  );
  if (!accessToken && !idToken && !refreshToken) return null;

  const session: SessionCookies = { username };
  if (accessToken) session.accessToken = accessToken;
  if (idToken) session.idToken = idToken;
  if (refreshToken) session.refreshToken = refreshToken;
  if (clockDrift) {
    // Amplify writes `${number}` and reads it with parseInt, defaulting to 0.
    const drift = Number.parseInt(clockDrift, 10);
    if (Number.isNaN(drift)) throw new CookieCorrupt('clockDrift cookie is not a number');
    session.clockDrift = drift;
  }
  if (signInDetails) {
    const parsed = parseSignInDetails(signInDetails);
    if ('details' in parsed) session.signInDetails = parsed.details;
    else options.logger?.debug(`signInDetails cookie of ${username} ignored: ${parsed.dropped}`);
  }
  return session;
}

/** Token cookies of `clientId` belonging to users other than `username`. */
function otherUsersKeys(storage: CookieStorage, clientId: string, username: string | null): string[] {
  return storage.keys().filter((key) => {
    const parsed = parseUserKey(clientId, key);
    return parsed !== null && parsed.username !== username;
  });
}

/**
 * Writes a session in one budgeted batch. Token cookies left by a previous user of this client
 * are removed in the same write: Amplify never reads them again (LastAuthUser points elsewhere),
 * yet they would still ride along in every request's Cookie header and eat the size budget.
 */
export async function writeSessionCookies(
  storage: CookieStorage,
  clientId: string,
  session: SessionCookieWrite,
): Promise<void> {
  const { username } = session;
  const key = (kind: string) => tokenKey(clientId, username, kind);
  const entries: Array<[string, string | null]> = otherUsersKeys(storage, clientId, username).map((stale) => [
    stale,
    null,
  ]);
  entries.push(
    [lastAuthUserKey(clientId), username],
    [key('accessToken'), session.accessToken],
    [key('idToken'), session.idToken],
  );
  if (session.refreshToken !== undefined) entries.push([key('refreshToken'), session.refreshToken]);
  if (session.signInDetails !== undefined) {
    entries.push([key('signInDetails'), JSON.stringify(session.signInDetails)]);
  }
  if (session.clockDrift !== undefined) entries.push([key('clockDrift'), `${session.clockDrift}`]);
  await storage.writeItems(entries);
}

/**
 * Signs out of `clientId` in cookies: LastAuthUser and every user's token cookies (all chunks),
 * mirroring Amplify's `clearTokens`. Remembered-device keys are left alone, as Amplify does.
 */
export async function clearSessionCookies(storage: CookieStorage, clientId: string): Promise<void> {
  const doomed = otherUsersKeys(storage, clientId, null);
  const last = lastAuthUserKey(clientId);
  if (storage.keys().includes(last)) doomed.push(last);
  await storage.writeItems(doomed.map((key) => [key, null]));
}
