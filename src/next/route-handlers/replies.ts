/**
 * Response builders. Every answer carries the context's headers: `Cache-Control: no-store` and
 * whatever Set-Cookie lines the handler wrote, so redirects and errors deliver cookies too.
 */
import type { AuthError } from '../../errors';
import type { RouteContext } from './context';

export function json(ctx: RouteContext, body: unknown, status = 200): Response {
  const headers = new Headers(ctx.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers });
}

/** `{ error: { code, message } }` — message and code only, never a stack or a cause. */
export function jsonFailure(ctx: RouteContext, error: AuthError, extra: Record<string, unknown> = {}): Response {
  return json(ctx, { ...extra, error: error.toJSON() }, error.status);
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

const PATH_BASE = 'http://path.invalid';

/** `path` with query parameters merged in; `path` is app configuration or a safeReturnTo result. */
export function withQuery(path: string, params: Record<string, string | undefined>): string {
  const url = new URL(path, PATH_BASE);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
