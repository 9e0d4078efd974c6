/**
 * Response builders. Every answer carries the context's headers: `Cache-Control: private, no-store` and
 * whatever Set-Cookie lines the handler wrote, so redirects and errors deliver cookies too.
 */
import type { AuthError } from '../../errors.js';
import { publicError } from '../public-error.js';
import { withQuery } from '../return-to.js';
import type { RouteContext } from './context.js';

export function json(ctx: RouteContext, body: unknown, status = 200): Response {
  const headers = new Headers(ctx.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers });
}

/** `{ error: { code, message } }` — message and code only, never a stack or a cause. */
export function jsonFailure(ctx: RouteContext, error: AuthError): Response {
  logServerFault(ctx, error);
  return json(ctx, { error: publicError(error) }, error.status);
}

/** A failed sign-in goes back to the sign-in page with `?error=<code>` (and where it was headed). */
export function backToSignIn(
  ctx: RouteContext,
  error: AuthError,
  returnTo: string | undefined,
  status: 302 | 303,
): Response {
  logServerFault(ctx, error);
  return redirect(ctx, withQuery(ctx.options.signInPath, { error: error.code, returnTo }), status);
}

function logServerFault(ctx: RouteContext, error: AuthError): void {
  if (error.status >= 500) ctx.log(`auth route failed (${error.code}): ${error.message}`);
}

/**
 * A redirect with a relative Location (RFC 9110 §10.2.2 allows it): behind a proxy, Next's
 * `request.url` may name an internal host, while the browser resolves a path against the URL
 * it actually used.
 */
export function redirect(ctx: RouteContext, location: string, status: 302 | 303 = 303): Response {
  const headers = new Headers(ctx.headers);
  headers.set('location', location);
  return new Response(null, { status, headers });
}
