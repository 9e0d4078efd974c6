/**
 * `signOut()` for client components: POST `<basePath>/sign-out` as JSON (the handler clears
 * every session cookie and revokes the refresh token; `global` also ends the user's sessions on
 * other devices), then a full navigation so server components render signed out.
 *
 * @example
 *   <button onClick={() => signOut({ global: true })}>Sign out everywhere</button>
 *
 * When the global part could not reach the IdP the user IS signed out here; the landing URL
 * gets `?warning=<code>`, as the form flavour of the handler does, so the page can say that
 * other devices may still be signed in.
 *
 * When the app uses the hosted UI the handler answers `hostedSignOutUrl` (the IdP's `/logout`),
 * and the browser goes there instead of `returnTo`: that ends the hosted UI's own session, so
 * the next hosted sign-in asks for the password again. The IdP then sends the browser to the
 * app's `redirectSignOut` URL; `returnTo` cannot ride through it.
 */
import { safeReturnTo, withQuery } from '../next/return-to.js';
import { isRecord, readErrorBody } from './session-endpoint.js';
import {
  authUrl,
  ClientRequestError,
  DEFAULT_BASE_PATH,
  defaultFetch,
  type ClientAuthError,
  type FetchLike,
} from './types.js';

export interface SignOutOptions {
  /** Also sign out on every other device (Cognito GlobalSignOut). */
  global?: boolean;
  /**
   * A path on this site to land on; anything else falls back to `/`. Ignored when the handler
   * answers `hostedSignOutUrl`: the browser then lands on the app's `redirectSignOut`.
   */
  returnTo?: string;
  /** Where `auth.routeHandlers()` is mounted. Default `/api/auth`. */
  basePath?: string;
  fetch?: FetchLike;
  /** Default `window.location.assign`; pass `false` to stay on the page. */
  navigate?: ((url: string) => void) | false;
}

export interface SignOutResult {
  signedOut: true;
  globalSignOut?: 'succeeded' | 'failed';
  /** Why the global part failed. */
  error?: ClientAuthError;
  /** Where the browser was (or would have been) sent: `returnTo`, or the IdP's `/logout`. */
  location: string;
}

/** The sign-out request failed or was refused: the cookies may still be set. */
export class SignOutFailed extends ClientRequestError {}

/** @throws SignOutFailed when the request failed or was refused: the cookies may still be set. */
export async function signOut(options: SignOutOptions = {}): Promise<SignOutResult> {
  const fetchImpl = options.fetch ?? defaultFetch;
  const target = safeReturnTo(options.returnTo, '/');

  let response: Response;
  try {
    response = await fetchImpl(authUrl(options.basePath ?? DEFAULT_BASE_PATH, 'sign-out'), {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ global: options.global === true, returnTo: target }),
    });
  } catch (cause) {
    throw new SignOutFailed('NetworkError', cause instanceof Error ? cause.message : 'sign-out request failed');
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok || !isRecord(body) || body.signedOut !== true) {
    const { code, message } = readErrorBody(response.status, body, 'sign-out');
    throw new SignOutFailed(code, message, response.status);
  }

  const result: SignOutResult = { signedOut: true, location: target };
  if (body.globalSignOut === 'succeeded' || body.globalSignOut === 'failed') result.globalSignOut = body.globalSignOut;
  if (isRecord(body.error) && typeof body.error.code === 'string') {
    result.error = { code: body.error.code, message: String(body.error.message ?? '') };
  }
  if (result.globalSignOut === 'failed')
    result.location = withQuery(target, { warning: result.error?.code ?? 'IdpUnavailable' });
  else if (isHttpUrl(body.hostedSignOutUrl)) result.location = body.hostedSignOutUrl;

  const navigate = options.navigate ?? browserNavigate;
  if (navigate) navigate(result.location);
  return result;
}

/** The one off-site URL we navigate to comes from our own handler; still, never a `javascript:` one. */
function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

function browserNavigate(url: string): void {
  if (typeof window !== 'undefined') window.location.assign(url);
}
