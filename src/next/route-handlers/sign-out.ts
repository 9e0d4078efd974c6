/**
 * POST sign-out { global?, returnTo? }: clear the session cookies (every chunk), revoke what
 * they held at the IdP, and end the hosted UI's session too.
 *
 * - Local (default): revokes this session's refresh token, best effort, as Amplify's `signOut()`
 *   does — a copied cookie stops working too. An outage never blocks signing out.
 * - Global: GlobalSignOut ends every session of the user on every device, then the refresh token
 *   is revoked as well. If the IdP cannot be reached the cookies are still cleared, and the
 *   answer says the global part failed (`globalSignOut: 'failed'`, or `?warning=IdpUnavailable`
 *   for forms) so the app can tell the user their other devices are still signed in.
 * - Hosted UI (with `config.oauth`, unless `hostedSignOut: false`): forms are sent on to the
 *   IdP's `/logout`, which lands on `redirectSignOut` rather than `returnTo`; JSON answers carry
 *   `hostedSignOutUrl` for the client to go to (see hosted-sign-out.ts). Skipped when the global
 *   part failed: the warning could not ride along (Cognito's `logout_uri` must match a listed
 *   URL exactly, and /logout has no `state`), and after an outage the IdP's own page would most
 *   likely be an error, so the browser goes to the app's own landing page with the warning.
 *
 * The session's token family is recorded as revoked in the runner's store (verified first, so a
 * forged token cannot sign a stranger out), and every instance sharing it refuses the old access
 * token from its next request on instead of trusting it until `exp`.
 *
 * Unreadable session cookies — corrupt chunks, or a session cookie that arrived twice (a copy
 * planted by a sibling subdomain, a `Path=` variant) — are cleared and nothing is revoked:
 * either copy may be another user's token, and revoking it would end a stranger's session
 * while the caller's own stayed alive. A `global` sign-out then reports that its part failed.
 */
import { map, object, oneOf, optional, string, type Output } from '../../schema.js';
import { clearSessionCookies, readSessionCookies, type SessionCookies } from '../../cookies/index.js';
import { isAuthError, NotAuthenticated, type AuthError } from '../../errors.js';
import { decodeUnverified } from '../../tokens/index.js';
import { safeReturnTo, withQuery } from '../return-to.js';
import { bodyKind, parseFields, readFields } from './body.js';
import type { RouteContext } from './context.js';
import { RouteError } from './errors.js';
import { hostedSignOutUrl } from './hosted-sign-out.js';
import { publicError } from '../public-error.js';
import { json, redirect } from './replies.js';

const flag = map(
  oneOf([undefined, true, false, 'true', 'false', 'on', '1', '0', '']),
  (value) => value === true || value === 'true' || value === 'on' || value === '1',
);
// returnTo is not length-limited here: an unusable one falls back to afterSignOutPath in
// safeReturnTo, and a sign-out must never fail over where to go afterwards.
const signOutSchema = object({ global: flag, returnTo: optional(string()) });

export async function signOut(ctx: RouteContext): Promise<Response> {
  const kind = bodyKind(ctx.request);
  const input = await readInput(ctx);
  const read = await readQuietly(ctx);
  await clearSessionCookies(ctx.storage, ctx.core.config.clientId);

  const failure =
    'unreadable' in read
      ? input.global
        ? read.unreadable
        : undefined
      : read.cookies
        ? await revoke(ctx, read.cookies, input.global)
        : undefined;
  if ('cookies' in read && read.cookies) forgetUser(ctx, read.cookies);
  const globalFailed = input.global && failure !== undefined;
  const hosted = globalFailed ? undefined : hostedSignOutUrl(ctx.core.config, ctx.options);
  if (kind === 'form') {
    if (hosted) return redirect(ctx, hosted);
    const target = safeReturnTo(input.returnTo, ctx.options.afterSignOutPath);
    return redirect(ctx, globalFailed ? withQuery(target, { warning: failure.code }) : target);
  }
  const answer = !input.global
    ? { signedOut: true }
    : globalFailed
      ? { signedOut: true, globalSignOut: 'failed', error: publicError(failure) }
      : { signedOut: true, globalSignOut: 'succeeded' };
  return json(ctx, hosted ? { ...answer, hostedSignOutUrl: hosted } : answer);
}

/**
 * A body that does not parse (`global=yes`, bad JSON, a stray content type) still signs out:
 * leaving the cookies in place over a typo would be the one wrong answer. It signs out locally
 * only, because "everywhere" must be asked for unambiguously.
 */
async function readInput(ctx: RouteContext): Promise<Output<typeof signOutSchema>> {
  let fields: Record<string, unknown> = {};
  try {
    fields = await readFields(ctx.request);
    return parseFields(fields, signOutSchema);
  } catch (error) {
    if (!(error instanceof RouteError && error.code === 'InvalidRequest')) throw error;
    ctx.log(`sign-out body refused (${error.message}); signing out locally`);
    return { global: false, returnTo: typeof fields.returnTo === 'string' ? fields.returnTo : undefined };
  }
}

/**
 * Per-user state (identity-pool credentials) is dropped for the `sub` the cookies name. The token
 * is not verified: it may have expired, and a forged one can only make its victim's next
 * credentials cost one more IdP call — dropping grants nothing.
 */
function forgetUser(ctx: RouteContext, cookies: SessionCookies): void {
  const token = cookies.idToken ?? cookies.accessToken;
  if (!token) return;
  try {
    const { sub } = decodeUnverified(token).payload;
    if (typeof sub === 'string') ctx.core.signedOut(sub);
  } catch {
    // Not a JWT: nothing was cached for it.
  }
}

/** Unreadable cookies are still cleared by the caller; there is just nothing it may revoke. */
async function readQuietly(ctx: RouteContext): Promise<{ cookies: SessionCookies | null } | { unreadable: AuthError }> {
  try {
    return { cookies: await readSessionCookies(ctx.storage, ctx.core.config.clientId) };
  } catch (error) {
    if (!isAuthError(error)) throw error;
    ctx.log(`sign-out: session cookies unusable (${error.code}: ${error.message}); clearing them, revoking nothing`);
    return { unreadable: error };
  }
}

/** @returns the failure worth reporting, if any. */
async function revoke(ctx: RouteContext, cookies: SessionCookies, global: boolean): Promise<AuthError | undefined> {
  const { cognito } = ctx;
  await recordRevokedFamily(ctx, cookies);
  let failure: AuthError | undefined;
  if (global) {
    if (!cookies.accessToken) {
      failure = new NotAuthenticated('the session had no access token to sign out everywhere with');
    } else {
      try {
        await cognito.globalSignOut(cookies.accessToken);
      } catch (error) {
        failure = signOutFailure(ctx, error);
      }
    }
  }
  // A second call into an outage would only double the wait for the user.
  if (cookies.refreshToken && failure?.code !== 'IdpUnavailable') {
    try {
      await cognito.revokeToken(cookies.refreshToken);
    } catch (error) {
      // After a successful GlobalSignOut the token may already be dead; only an outage matters.
      const reported = signOutFailure(ctx, error);
      if (global) failure ??= reported.code === 'IdpUnavailable' ? reported : undefined;
    }
  }
  return failure;
}

/** An expired or invalid access token has nothing left to refuse, so nothing is recorded. */
async function recordRevokedFamily(ctx: RouteContext, cookies: SessionCookies): Promise<void> {
  if (!cookies.accessToken) return;
  try {
    const token = await ctx.core.verifier.verifyAccessToken(cookies.accessToken);
    await ctx.core.revokedFamilies.record(token.payload);
  } catch (error) {
    if (!isAuthError(error)) throw error;
  }
}

function signOutFailure(ctx: RouteContext, error: unknown): AuthError {
  if (!isAuthError(error)) throw error;
  ctx.log(`sign-out at the IdP failed (${error.code}): ${error.message}`);
  return error;
}
