/**
 * Jars over Next.js cookie APIs, typed structurally so this folder never imports `next` at
 * runtime (edge bundles stay small, and tests need no Next internals).
 *
 * @example
 *   // server component, route handler or server action
 *   const jar = createNextHeadersJar(await cookies(), await headers());
 *   // middleware / proxy
 *   const jar = createNextMiddlewareJar(request, response);
 *
 * Reads come from the request's raw Cookie header (cookie-header.ts), never from Next's cookie
 * maps: `RequestCookies` keeps one value per name (the last), so a duplicated session cookie —
 * cookie tossing from a sibling subdomain — would be invisible there and silently decided.
 */

import type { CookieWriteOptions } from './attributes.js';
import { isDeletion } from './attributes.js';
import { parseCookieHeader } from './cookie-header.js';
import { applyWrites, type CookieJar, type JarLogger, type JarWrite } from './jar.js';

/** Request headers: `await headers()` from `next/headers`, a `Headers`, `request.headers`. */
export interface RequestHeadersLike {
  get(name: string): string | null;
}

/** What `await cookies()` from `next/headers` offers (`ReadonlyRequestCookies`); only written to. */
export interface NextCookieStoreLike {
  set(name: string, value: string, options?: CookieWriteOptions): unknown;
}

/** `NextRequest`: its raw headers, and `request.cookies` (`RequestCookies`) for mirroring writes. */
export interface NextRequestLike {
  headers: RequestHeadersLike;
  cookies: {
    set(name: string, value: string): unknown;
    delete(name: string): unknown;
  };
}

/** `NextResponse`'s `response.cookies` (`ResponseCookies`). */
export interface NextResponseLike {
  cookies: { set(name: string, value: string, options?: CookieWriteOptions): unknown };
}

/**
 * In server components Next's `cookies().set` throws ("Cookies can only be modified in a Server
 * Action or Route Handler"); there is no way to ask beforehand. The first throw marks the jar
 * read-only and later writes are skipped, because a render must not fail over a cookie it could
 * never have delivered — middleware is where refreshed cookies get written.
 *
 * `requestHeaders` are the same request's (`headers()`): reads parse its Cookie header and apply
 * this jar's own writes; `store` only takes writes.
 */
export function createNextHeadersJar(
  store: NextCookieStoreLike,
  requestHeaders: RequestHeadersLike,
  options: { logger?: JarLogger } = {},
): CookieJar {
  const logger: JarLogger = options.logger ?? console;
  let writable = true;
  // Writes that went through, applied to reads: the header is what the request carried.
  const written: JarWrite[] = [];
  return {
    get writable() {
      return writable;
    },
    getAll: () => applyWrites(parseCookieHeader(requestHeaders.get('cookie')), written),
    setAll(cookies) {
      if (!writable) {
        logger.debug(`skipped writing ${cookies.length} cookie(s): cookies() is read-only here`);
        return;
      }
      for (const cookie of cookies) {
        try {
          store.set(cookie.name, cookie.value, cookie.options);
          written.push(cookie);
        } catch (error) {
          writable = false;
          logger.debug(
            `cookies() refused a write (${error instanceof Error ? error.message : String(error)}); ` +
              'treating this context as read-only',
          );
          return;
        }
      }
    },
  };
}

/**
 * Middleware jar: writes go to the response (for the browser) and into `request.cookies`, so
 * code later in the same middleware reads the new session. Forwarding the new Cookie header to
 * route handlers is the middleware's job (`NextResponse.next({ request: { headers } })`).
 *
 * The header is read once, up front: `request.cookies.set` rewrites the request's Cookie header
 * from Next's one-value-per-name map, which would hide duplicates from later reads.
 */
export function createNextMiddlewareJar(request: NextRequestLike, response: NextResponseLike): CookieJar {
  const sent = parseCookieHeader(request.headers.get('cookie'));
  const written: JarWrite[] = [];
  return {
    writable: true,
    getAll: () => applyWrites(sent, written),
    setAll(cookies) {
      written.push(...cookies);
      for (const { name, value, options } of cookies) {
        response.cookies.set(name, value, options);
        if (isDeletion(options)) request.cookies.delete(name);
        else request.cookies.set(name, value);
      }
    },
  };
}
