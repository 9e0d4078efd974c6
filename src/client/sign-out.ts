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
 */
import { safeReturnTo } from '../next/return-to';
import { DEFAULT_BASE_PATH, type ClientAuthError, type FetchLike } from './types';

export interface SignOutOptions {
  /** Also sign out on every other device (Cognito GlobalSignOut). */
  global?: boolean;
  /** A path on this site to land on; anything else falls back to `/`. */
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
  /** Where the browser was (or would have been) sent. */
  location: string;
}

export class SignOutFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SignOutFailed';
  }
}

/** @throws SignOutFailed when the request failed or was refused: the cookies may still be set. */
export async function signOut(options: SignOutOptions = {}): Promise<SignOutResult> {
  const basePath = (options.basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));
  const target = safeReturnTo(options.returnTo, '/');

  let response: Response;
  try {
    response = await fetchImpl(`${basePath}/sign-out`, {
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
    const error = isRecord(body) && isRecord(body.error) ? body.error : {};
    throw new SignOutFailed(
      typeof error.code === 'string' ? error.code : 'UnexpectedResponse',
      typeof error.message === 'string' ? error.message : `sign-out answered HTTP ${response.status}`,
      response.status,
    );
  }

  const result: SignOutResult = { signedOut: true, location: target };
  if (body.globalSignOut === 'succeeded' || body.globalSignOut === 'failed') result.globalSignOut = body.globalSignOut;
  if (isRecord(body.error) && typeof body.error.code === 'string') {
    result.error = { code: body.error.code, message: String(body.error.message ?? '') };
  }
  if (result.globalSignOut === 'failed') result.location = withWarning(target, result.error?.code ?? 'IdpUnavailable');

  const navigate = options.navigate ?? browserNavigate;
  if (navigate) navigate(result.location);
  return result;
}

function withWarning(path: string, code: string): string {
  const url = new URL(path, 'http://sign-out.invalid');
  url.searchParams.set('warning', code);
  return `${url.pathname}${url.search}${url.hash}`;
}

function browserNavigate(url: string): void {
  if (typeof window !== 'undefined') window.location.assign(url);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
