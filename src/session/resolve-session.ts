/**
 * From session cookies to a verified session: read, decide, verify, refresh, write back.
 *
 * The hot path (valid tokens, verified before by this runner) is two cache lookups and no I/O.
 * Every way out says why: an outage or a misconfiguration is an `error` state that keeps the
 * cookies, never a silent `signedOut`.
 */
import {
  clearSessionCookies,
  lastAuthUserKey,
  readSessionCookies,
  writeSessionCookies,
  type CookieStorage,
  type SessionCookies,
} from '../cookies/index.js';
import {
  type AuthError,
  CookieCorrupt,
  InvalidToken,
  isAuthError,
  RefreshTokenRevoked,
  TokenExpired,
} from '../errors.js';
import { assertSamePair, buildSession, sessionUsername } from './build-session.js';
import type { AuthCore } from './core.js';
import { decideRefresh } from './refresh-decision.js';
import type { RefreshMode, SessionState } from './types.js';

export interface ResolveOptions {
  mode?: RefreshMode;
  /** Overrides the runner's refresh margin (seconds), e.g. per middleware. */
  marginSeconds?: number;
  /**
   * The jar only learns it is read-only when a write throws (Next's `cookies()`): probe with a
   * harmless write before refreshing, see `canWrite`. Jars that know they are writable skip it.
   */
  probeWrites?: boolean;
}

export async function resolveSession(
  core: AuthCore,
  storage: CookieStorage,
  { mode = 'auto', marginSeconds = core.config.session.refreshMarginSeconds, probeWrites = false }: ResolveOptions = {},
): Promise<SessionState> {
  let cookies: SessionCookies | null;
  try {
    cookies = await readSessionCookies(storage, core.config.clientId, { logger: core.logger });
  } catch (error) {
    if (!(error instanceof CookieCorrupt)) throw error;
    core.logger.warn(`session cookies unusable, clearing them: ${error.message}`);
    await clearQuietly(core, storage);
    return { status: 'signedOut', reason: error };
  }
  if (!cookies) return { status: 'signedOut' };

  // Verify first: on the hot path both tokens are verified-cache hits that hand back their
  // payloads, so the refresh decision costs no base64 or JSON parsing at all.
  const current = await verifyCurrent(core, cookies);
  if (current.status === 'signedIn') {
    const { accessToken, idToken } = current.session.tokens;
    // Before any refresh: a signed-out family must not be renewed either (revoked-families.ts).
    if (await core.revokedFamilies.isRevoked(accessToken.payload)) {
      core.logger.warn('session tokens belong to a signed-out token family; clearing the session');
      await clearQuietly(core, storage);
      return {
        status: 'signedOut',
        reason: new RefreshTokenRevoked('the session was signed out (on this or another instance)'),
      };
    }
    const decision = decideRefresh({
      accessExp: accessToken.payload.exp,
      idExp: idToken.payload.exp,
      nowMs: core.now(),
      marginSeconds,
    });
    if (mode !== 'force' && decision === 'fresh') return current;
    // Past `exp` the tokens are expired even while the verifier's few seconds of clock-skew
    // grace still accept them: if the refresh fails they are not served.
    const fallback: SessionState =
      decision === 'expired'
        ? { status: 'signedOut', reason: new TokenExpired('the session tokens have expired') }
        : current;
    return refreshSession(core, storage, cookies, fallback, mode, probeWrites);
  }
  if (mode === 'force' || (current.status === 'signedOut' && isReplaceable(current.reason))) {
    return refreshSession(core, storage, cookies, current, mode, probeWrites);
  }
  return current;
}

/**
 * Tokens a refresh may replace: expired or missing ones, and unreadable ones (a truncated
 * cookie). A token that parses but fails its signature or claims is not replaced — that is a
 * forgery or a misconfiguration, and refreshing would only hide it.
 */
function isReplaceable(reason: AuthError | undefined): boolean {
  return reason instanceof TokenExpired || reason instanceof InvalidToken;
}

async function verifyCurrent(core: AuthCore, cookies: SessionCookies): Promise<SessionState> {
  if (!cookies.accessToken || !cookies.idToken) {
    return { status: 'signedOut', reason: new TokenExpired('the session has no access or ID token cookie') };
  }
  try {
    const { accessToken, idToken } = await verifyPair(core, cookies.accessToken, cookies.idToken);
    return { status: 'signedIn', session: buildSession(accessToken, idToken, cookies.signInDetails), refreshed: false };
  } catch (error) {
    return failedVerification(core, error);
  }
}

async function verifyPair(core: AuthCore, accessRaw: string, idRaw: string) {
  const [accessToken, idToken] = await Promise.all([
    core.verifier.verifyAccessToken(accessRaw),
    core.verifier.verifyIdToken(idRaw),
  ]);
  assertSamePair(accessToken.payload, idToken.payload);
  return { accessToken, idToken };
}

function failedVerification(core: AuthCore, error: unknown): SessionState {
  const authError = asAuthError(error);
  // JWKS down with nothing cached is an outage, not a verdict on the token.
  if (authError.code === 'JwksUnavailable' || authError.code === 'ConfigInvalid') {
    core.logger.warn(`session check failed: ${authError.message}`);
    return { status: 'error', error: authError };
  }
  if (authError.code !== 'TokenExpired')
    core.logger.warn(`session tokens rejected (${authError.code}): ${authError.message}`);
  return { status: 'signedOut', reason: authError };
}

/** `current` is what this request gets if no refresh happens: still-valid tokens, or why not. */
async function refreshSession(
  core: AuthCore,
  storage: CookieStorage,
  cookies: SessionCookies,
  current: SessionState,
  mode: RefreshMode,
  probeWrites: boolean,
): Promise<SessionState> {
  const cannotRefresh =
    mode === 'never'
      ? 'this context does not refresh (run the middleware on this path)'
      : !cookies.refreshToken
        ? 'there is no refresh token cookie'
        : !(await canWrite(core, storage, cookies.username, probeWrites))
          ? 'cookies cannot be written here, so new tokens would be lost'
          : undefined;
  if (cannotRefresh) {
    if (current.status === 'signedOut' && current.reason instanceof TokenExpired) {
      return { status: 'signedOut', reason: new TokenExpired(`session tokens expired and ${cannotRefresh}`) };
    }
    return current;
  }

  try {
    const fresh = await core.refresher.refresh({ refreshToken: cookies.refreshToken!, username: cookies.username });
    const { accessToken, idToken } = await verifyPair(core, fresh.accessToken, fresh.idToken);
    await writeSessionCookies(storage, core.config.clientId, {
      username: sessionUsername(accessToken.payload, idToken.payload),
      accessToken: fresh.accessToken,
      idToken: fresh.idToken,
      ...(fresh.refreshToken ? { refreshToken: fresh.refreshToken } : {}),
    });
    return { status: 'signedIn', session: buildSession(accessToken, idToken, cookies.signInDetails), refreshed: true };
  } catch (error) {
    return failedRefresh(core, storage, current, asAuthError(error));
  }
}

async function failedRefresh(
  core: AuthCore,
  storage: CookieStorage,
  current: SessionState,
  error: AuthError,
): Promise<SessionState> {
  if (error.code === 'RefreshTokenRevoked') {
    core.logger.warn(`refresh refused (${error.code}), clearing the session: ${error.message}`);
    await clearQuietly(core, storage);
    return { status: 'signedOut', reason: error };
  }
  // RefreshTokenReuse: this request carries a refresh token that was already rotated — by
  // another instance, or by a response the browser has not applied yet. A newer cookie may be on
  // its way in a parallel response; clearing here could land after it and sign the user out.
  // Outages: never a reason to sign anyone out. Either way cookies are kept, and tokens that are
  // still valid are served.
  core.logger.warn(`refresh failed (${error.code}), session cookies kept: ${error.message}`);
  if (current.status === 'signedIn') return { ...current, warning: error };
  return error.code === 'RefreshTokenReuse' ? { status: 'signedOut', reason: error } : { status: 'error', error };
}

/**
 * Whether writes reach the browser. Next's `cookies()` only tells by throwing on the first write
 * in a server component, and refreshing there would rotate the refresh token and then drop the
 * new one — a sign-out in disguise. So we write LastAuthUser's own value first: harmless where
 * writes work, and the jar learns it is read-only where they don't.
 */
async function canWrite(core: AuthCore, storage: CookieStorage, username: string, probe: boolean): Promise<boolean> {
  if (!storage.jar.writable || !probe) return storage.jar.writable;
  await storage.setItem(lastAuthUserKey(core.config.clientId), username);
  return storage.jar.writable;
}

async function clearQuietly(core: AuthCore, storage: CookieStorage): Promise<void> {
  if (!storage.jar.writable) return;
  try {
    await clearSessionCookies(storage, core.config.clientId);
  } catch (error) {
    core.logger.warn(`could not clear session cookies: ${asAuthError(error).message}`);
  }
}

function asAuthError(error: unknown): AuthError {
  if (isAuthError(error)) return error;
  throw error;
}
