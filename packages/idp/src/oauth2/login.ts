/**
 * POST /login: the sign-in form's answer. Checks the password through the backend, opens a
 * hosted-UI session, and completes the authorization the form's transaction stands for.
 *
 * Failures never say which half was wrong ("Incorrect username or password."), so the form
 * cannot be used to find out which usernames exist.
 */
import type { OAuthContext } from './context.js';
import { redirectWithCode } from './grant.js';
import { html, readCookie, readForm, setCookie } from './http.js';
import { renderErrorPage, renderLoginPage } from './html.js';
import { loginFormSchema, parseParams } from './params.js';

const GENERIC_FAILURE = 'Incorrect username or password.';
/** Cognito's hosted UI says the same during a lockout, for known and unknown names alike. */
const LOCKED_OUT = 'Password attempts exceeded';
const NEW_PASSWORD_REQUIRED =
  'Your password must be changed before you can sign in here. Sign in through the app to set a ' +
  'new password, then try again.';
const START_AGAIN =
  'This sign-in page has expired or was opened in another browser. Go back to the app and sign ' + 'in again.';

export async function login(request: Request, ctx: OAuthContext): Promise<Response> {
  const form = await readForm(request);
  if (!form.ok) return html(renderErrorPage('Sign-in failed', form.description), 400);

  const transactionId = form.params.get('transaction') ?? '';
  const transaction = ctx.transactions.get(transactionId);
  // The browser cookie check stops another site from posting its own credentials into this form
  // (login CSRF): SameSite=Lax keeps the cookie off cross-site POSTs.
  const browserId = readCookie(request, ctx.cookieNames.browser);
  if (!transaction || browserId !== transaction.browserId) {
    return html(renderErrorPage('Sign-in expired', START_AGAIN), 400);
  }

  const again = (error: string, username?: string) =>
    html(
      renderLoginPage({
        transaction: transactionId,
        clientId: transaction.request.clientId,
        username,
        error,
      }),
      400,
    );

  const parsed = parseParams(loginFormSchema, form.params);
  if (!parsed.ok) return again(parsed.description, form.params.get('username') ?? undefined);
  const { username, password } = parsed.value;

  const check = await ctx.backend.checkPassword(username, password);
  if (!check.ok) {
    const message =
      check.reason === 'new_password_required'
        ? NEW_PASSWORD_REQUIRED
        : check.reason === 'locked'
          ? LOCKED_OUT
          : GENERIC_FAILURE;
    return again(message, username);
  }

  ctx.transactions.delete(transactionId);
  const user = { username: check.username, authTime: Math.floor(ctx.backend.now() / 1000) };
  const sessionId = crypto.randomUUID();
  ctx.sessions.set(sessionId, user);
  const sessionCookie = setCookie(request, ctx.cookieNames.session, sessionId, {
    maxAge: ctx.sessionTtlSeconds,
  });
  return redirectWithCode(ctx, transaction.request, user, [sessionCookie]);
}
