/**
 * POST sign-in: username and password (SRP, like Amplify, so the password never leaves this
 * server), or `newPassword` to finish a NEW_PASSWORD_REQUIRED challenge started by the former.
 *
 * @example
 *   <form method="post" action="/api/auth/sign-in"> username, password, returnTo </form>
 *   fetch('/api/auth/sign-in', { method: 'POST', body: JSON.stringify({ username, password }) })
 *
 * Forms get a 303 to `returnTo` (or back to the sign-in page with `?error=<code>`); JSON callers
 * get `{ user }` or `{ error: { code, message } }`. The pending challenge's Cognito session rides
 * in an HttpOnly cookie, so it never appears in a URL or in page script.
 */
import { object, optional, string, type Output } from '../../schema.js';
import { isOperationUnsupported } from '../../cognito/client.js';
import { completeNewPassword, signInWithPassword, signInWithSrp, type SignInResult } from '../../cognito/sign-in.js';
import { signInDetailsShape, type AuthFlowType, type SignInDetails } from '../../cookies/index.js';
import { IdpRejected, type AuthError } from '../../errors.js';
import { safeReturnTo } from '../return-to.js';
import { bodyKind, parseFields, readFields, type BodyKind } from './body.js';
import type { RouteContext } from './context.js';
import { establishSession } from './establish-session.js';
import { publicIdpError, RouteError } from './errors.js';
import { backToSignIn, json, jsonFailure, redirect } from './replies.js';

/** Cognito's default challenge session validity is three minutes. */
const CHALLENGE_TTL_SECONDS = 180;

const text = (min: number, max: number, required?: string) => string({ min, max, message: required });
const returnTo = optional(string({ max: 2048 }));
const credentialsSchema = object({
  username: string({ trim: true, min: 1, max: 128, message: 'username is required' }),
  password: text(1, 256, 'password is required'),
  returnTo,
});
const newPasswordSchema = object({ newPassword: text(1, 256, 'newPassword is required'), returnTo });
// The challenge cookie is unsealed without `encryptionSecret`: its details pass the same check
// as the signInDetails cookie they become.
const pendingChallengeSchema = object({
  ...signInDetailsShape,
  session: string({ min: 1 }),
  username: string({ min: 1 }),
});

export async function signIn(ctx: RouteContext): Promise<Response> {
  const kind = bodyKind(ctx.request);
  let rawReturnTo: unknown;
  try {
    const fields = await readFields(ctx.request);
    rawReturnTo = fields.returnTo;
    const session =
      'newPassword' in fields
        ? await answerNewPassword(ctx, parseFields(fields, newPasswordSchema).newPassword)
        : await signInWithCredentials(ctx, parseFields(fields, credentialsSchema));
    if (kind === 'form') return redirect(ctx, safeReturnTo(rawReturnTo, ctx.options.afterSignInPath));
    return json(ctx, { user: session.user });
  } catch (error) {
    return failed(ctx, kind, publicIdpError(error, ctx.log), rawReturnTo);
  }
}

async function signInWithCredentials(ctx: RouteContext, input: Output<typeof credentialsSchema>) {
  const { core } = ctx;
  const { username, password } = input;
  let authFlowType: AuthFlowType = 'USER_SRP_AUTH';
  let result: SignInResult;
  try {
    result = await signInWithSrp(ctx.cognito, {
      userPoolId: core.config.userPoolId,
      username,
      password,
      now: () => new Date(core.now()),
    });
  } catch (error) {
    if (!ctx.options.passwordFallback || !srpRefused(error)) throw error;
    authFlowType = 'USER_PASSWORD_AUTH';
    result = await signInWithPassword(ctx.cognito, { username, password });
  }
  return finish(ctx, result, { loginId: username, authFlowType });
}

async function answerNewPassword(ctx: RouteContext, newPassword: string) {
  const pending = await ctx.transactions.read(ctx, 'challenge', pendingChallengeSchema);
  if (!pending) {
    throw new RouteError('InvalidRequest', 'There is no password change in progress, or it expired. Sign in again.');
  }
  let result: SignInResult;
  try {
    result = await completeNewPassword(ctx.cognito, {
      session: pending.session,
      username: pending.username,
      newPassword,
    });
  } catch (error) {
    // Here NotAuthorizedException means the challenge session expired, not a wrong password.
    if (!(error instanceof IdpRejected && error.cognitoType === 'NotAuthorizedException')) throw error;
    ctx.transactions.clear(ctx, 'challenge');
    throw new RouteError('InvalidRequest', 'The password change took too long and expired. Sign in again.');
  }
  const session = await finish(ctx, result, { loginId: pending.loginId, authFlowType: pending.authFlowType });
  ctx.transactions.clear(ctx, 'challenge');
  return session;
}

async function finish(ctx: RouteContext, result: SignInResult, signInDetails: SignInDetails) {
  if (result.kind === 'signedIn') {
    const { AccessToken, IdToken, RefreshToken } = result.tokens;
    return establishSession(
      ctx,
      { accessToken: AccessToken, idToken: IdToken, ...(RefreshToken ? { refreshToken: RefreshToken } : {}) },
      signInDetails,
    );
  }
  if (result.name === 'NEW_PASSWORD_REQUIRED') {
    await ctx.transactions.write(
      ctx,
      'challenge',
      { session: result.session, username: result.username, ...signInDetails },
      CHALLENGE_TTL_SECONDS,
    );
    throw new RouteError('NewPasswordRequired', 'Choose a new password to finish signing in.');
  }
  ctx.log(`sign-in stopped at unsupported challenge ${result.name}`);
  throw new RouteError('ChallengeUnsupported', 'This account needs a sign-in step this app does not support.');
}

/**
 * The app client does not allow USER_SRP_AUTH. Cognito says so with InvalidParameterException
 * ("... flow not enabled for this client"); emulators may not implement the flow at all.
 */
function srpRefused(error: unknown): boolean {
  if (isOperationUnsupported(error)) return true;
  return (
    error instanceof IdpRejected &&
    error.cognitoType === 'InvalidParameterException' &&
    /not (enabled|supported)/i.test(error.message)
  );
}

function failed(ctx: RouteContext, kind: BodyKind, error: AuthError, rawReturnTo: unknown): Response {
  if (kind === 'json') return jsonFailure(ctx, error);
  const back = safeReturnTo(rawReturnTo, '');
  return backToSignIn(ctx, error, back || undefined, 303);
}
