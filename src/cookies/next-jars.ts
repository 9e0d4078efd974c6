/**
 * Jars over Next.js cookie APIs, typed structurally so this folder never imports `next` at
 * runtime (edge bundles stay small, and tests need no Next internals).
 *
 * @example
 *   // server component, route handler or server action
 *   const jar = createNextHeadersJar(await cookies());
 *   // middleware / proxy
 *   const jar = createNextMiddlewareJar(request, response);
 */

import type { CookieWriteOptions } from './attributes.js';
import { isDeletion } from './attributes.js';
import { applyWrites, type CookieJar, type JarCookie, type JarLogger, type JarWrite } from './jar.js';

/** What `await cookies()` from `next/headers` offers (`ReadonlyRequestCookies`). */
export interface NextCookieStoreLike {
  getAll(): JarCookie[];
  set(name: string, value: string, options?: CookieWriteOptions): unknown;
}

/** `NextRequest`'s `request.cookies` (`RequestCookies`). */
export interface NextRequestLike {
  cookies: {
    getAll(): JarCookie[];
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
 */
export function createNextHeadersJar(
  store: NextCookieStoreLike,
  options: { logger?: JarLogger } = {},
): CookieJar {
  const logger: JarLogger = options.logger ?? console;
  let writable = true;
  // Writes that went through: Next reflects them in `getAll` in route handlers, but keeping
  // our own record means reads after writes do not depend on that.
  const written: JarWrite[] = [];
  return {
    get writable() {
      return writable;
    },
    getAll: () => applyWrites(store.getAll(), written),
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
 */
export function createNextMiddlewareJar(request: NextRequestLike, response: NextResponseLike): CookieJar {
  return {
    writable: true,
    getAll: () => request.cookies.getAll(),
    setAll(cookies) {
      for (const { name, value, options } of cookies) {
        response.cookies.set(name, value, options);
        if (isDeletion(options)) request.cookies.delete(name);
        else request.cookies.set(name, value);
      }
    },
  };
}
