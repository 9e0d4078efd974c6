/**
 * GET sign-in-callback?code&state (or ?error=): where the hosted UI sends the browser back.
 * Every failure — missing or expired transaction, state mismatch, refused code, outage — lands
 * on the sign-in page with `?error=<code>`; a callback URL is user-visible and must never end
 * in an exception page.
 */
import { object, string } from '../../schema.js';
import { timingSafeEqual } from '../../cognito/pkce.js';
import { IdpRejected } from '../../errors.js';
import { safeReturnTo } from '../return-to.js';
import type { RouteContext } from './context.js';
import { establishSession } from './establish-session.js';
import { publicIdpError, RouteError } from './errors.js';
import { backToSignIn, redirect } from './replies.js';
import { hostedSignInSlot } from './hosted-sign-in.js';
import { exchangeCode } from './token-exchange.js';

const transactionSchema = object({
  state: string({ min: 1 }),
  verifier: string({ min: 43 }),
  returnTo: string(),
});

export async function signInCallback(ctx: RouteContext): Promise<Response> {
  const params = new URL(ctx.request.url).searchParams;
  const state = params.get('state') ?? '';
  // Another tab's sign-in keeps its own cookie: only this flow's is read, and cleared.
  const slot = hostedSignInSlot(state);
  const transaction = await ctx.transactions.read(ctx, slot, transactionSchema);
  // Single-use whatever happens next: a replayed callback finds nothing to match.
  ctx.transactions.clear(ctx, slot);

  if (!transaction || !timingSafeEqual(state, transaction.state)) {
    return backToSignIn(
      ctx,
      new RouteError(
        'StateMismatch',
        'The sign-in attempt expired or was started in another browser. Please try again.',
      ),
      undefined,
      302,
    );
  }
  // Sanitised when the flow started, but the cookie is only sealed with a secret configured:
  // without one it is plain JSON a user could rewrite into an off-site Location.
  const returnTo = safeReturnTo(transaction.returnTo, ctx.options.afterSignInPath);
  const oauthError = params.get('error');
  if (oauthError) {
    ctx.log(`hosted UI returned ${oauthError}: ${params.get('error_description') ?? 'no description'}`);
    return backToSignIn(
      ctx,
      new IdpRejected(oauthError, 'The sign-in page did not complete the sign-in.'),
      returnTo,
      302,
    );
  }
  const code = params.get('code');
  if (!code)
    return backToSignIn(ctx, new RouteError('InvalidRequest', 'The sign-in callback carried no code.'), returnTo, 302);

  try {
    const tokens = await exchangeCode(ctx, { code, verifier: transaction.verifier });
    await establishSession(ctx, tokens);
  } catch (error) {
    return backToSignIn(ctx, publicIdpError(error, ctx.log), returnTo, 302);
  }
  return redirect(ctx, returnTo, 302);
}
