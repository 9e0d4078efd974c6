/**
 * GET sign-in?provider=hosted&returnTo=/path: start the Cognito hosted UI flow — authorization
 * code with PKCE (S256) — and remember state, verifier and returnTo in a five-minute transaction
 * cookie for the callback.
 */
import { codeChallengeS256, createCodeVerifier } from '../../cognito/pkce.js';
import { ConfigInvalid } from '../../errors.js';
import { safeReturnTo } from '../return-to.js';
import type { RouteContext } from './context.js';
import { RouteError } from './errors.js';
import { redirect } from './replies.js';

/** Cognito's authorization codes live five minutes; a slower round trip fails anyway. */
const OAUTH_TRANSACTION_TTL_SECONDS = 300;

/**
 * Each hosted sign-in in flight has its own transaction cookie, so two tabs can sign in at once.
 * Past this many (a user clicking "sign in" over and over) the older ones are dropped, which
 * keeps the Cookie header of the auth routes small; those tabs get "please try again".
 */
const MAX_PENDING_HOSTED_SIGN_INS = 4;

/**
 * The transaction cookie of one flow, keyed by the start of its `state`, which the callback gets
 * back from the IdP. 16 base64url characters are 96 random bits: no two live flows share one,
 * and the whole state is still compared (in constant time) before anything is trusted.
 */
export function hostedSignInSlot(state: string) {
  return { kind: 'oauth', key: state.slice(0, 16) } as const;
}

export async function hostedSignIn(ctx: RouteContext): Promise<Response> {
  const params = new URL(ctx.request.url).searchParams;
  if (params.get('provider') !== 'hosted') {
    throw new RouteError(
      'InvalidRequest',
      'GET sign-in starts the hosted UI and needs ?provider=hosted; POST credentials instead',
    );
  }
  const oauth = requireOAuth(ctx);
  const state = createCodeVerifier();
  const verifier = createCodeVerifier();
  const returnTo = safeReturnTo(params.get('returnTo'), ctx.options.afterSignInPath);
  const pending = ctx.transactions.pendingKeys(ctx, 'oauth');
  if (pending.length >= MAX_PENDING_HOSTED_SIGN_INS) {
    for (const key of pending) ctx.transactions.clear(ctx, { kind: 'oauth', key });
  }
  await ctx.transactions.write(
    ctx,
    hostedSignInSlot(state),
    { state, verifier, returnTo },
    OAUTH_TRANSACTION_TTL_SECONDS,
  );

  const authorize = new URL(`${oauth.domain}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: ctx.core.config.clientId,
    redirect_uri: oauth.redirectSignIn,
    scope: oauth.scopes.join(' '),
    state,
    code_challenge: await codeChallengeS256(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return redirect(ctx, authorize.toString(), 302);
}

export function requireOAuth(ctx: RouteContext) {
  const { oauth } = ctx.core.config;
  if (!oauth) {
    throw new ConfigInvalid(
      'the hosted UI needs config.oauth (env COGNITO_OAUTH_DOMAIN, COGNITO_REDIRECT_SIGN_IN, COGNITO_REDIRECT_SIGN_OUT)',
    );
  }
  return oauth;
}
