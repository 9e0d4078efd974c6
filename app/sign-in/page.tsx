import Link from 'next/link';
import type { Metadata } from 'next';
import { safeReturnTo } from 'next-cognito-session';
import { serverSessionState } from '../_lib/session';
import { knownSignInError, signInErrorMessage } from '../_components/messages';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Both forms post to the auth route handler as plain HTML forms, so sign-in works without
 * JavaScript. A failure comes back here as `?error=<code>`; NewPasswordRequired means the
 * handler holds the challenge in an HttpOnly cookie and waits for `newPassword` alone. The raw
 * `?error=` text is never rendered, not even in an attribute: anyone can write that link.
 */
export default async function SignIn({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const error = first(params.error);
  const returnTo = safeReturnTo(first(params.returnTo), '/dashboard');
  const state = await serverSessionState();
  const signedInAs = state.status === 'signedIn' ? (state.session.user.email ?? state.session.user.username) : null;
  const needsNewPassword = error === 'NewPasswordRequired';
  const hostedHref = `/api/auth/sign-in?${new URLSearchParams({ provider: 'hosted', returnTo })}`;

  return (
    <main>
      <h1>{needsNewPassword ? 'Choose a new password' : 'Sign in'}</h1>

      {signedInAs && !error ? (
        <p className="notice" role="status">
          You are already signed in as <strong>{signedInAs}</strong>. <Link href={returnTo}>Continue</Link>, or sign in
          as someone else below.
        </p>
      ) : null}

      {error ? (
        <p
          className={needsNewPassword ? 'notice' : 'alert'}
          role="alert"
          data-testid="sign-in-error"
          data-code={knownSignInError(error) ?? 'unknown'}
        >
          {signInErrorMessage(error)}
        </p>
      ) : null}

      {needsNewPassword ? (
        <>
          <form className="form" method="post" action="/api/auth/sign-in" data-testid="new-password-form">
            <input type="hidden" name="returnTo" value={returnTo} />
            <label>
              New password
              <input name="newPassword" type="password" autoComplete="new-password" required />
            </label>
            <div className="actions">
              <button type="submit" data-testid="new-password-submit">
                Set password and sign in
              </button>
            </div>
          </form>
          <p className="muted">
            Not you, or took too long? <Link href={`/sign-in?${new URLSearchParams({ returnTo })}`}>Start over</Link>.
          </p>
        </>
      ) : (
        <>
          <form className="form" method="post" action="/api/auth/sign-in">
            <input type="hidden" name="returnTo" value={returnTo} />
            <label>
              Email or username
              <input
                name="username"
                type="text"
                inputMode="email"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
              />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" required />
            </label>
            <div className="actions">
              <button type="submit" data-testid="sign-in-submit">
                Sign in
              </button>
            </div>
          </form>
          <div className="divider">or</div>
          {/* A plain link: the route handler answers with a redirect to the IdP, not a page. */}
          <a className="button secondary" href={hostedHref} data-testid="hosted-sign-in">
            Sign in with the hosted UI
          </a>
        </>
      )}
    </main>
  );
}
