/**
 * Jar over plain Fetch API `Request`/`Response` headers, for route handlers or other runtimes
 * that hand us standard objects.
 *
 * @example
 *   const response = new Response(null);
 *   const jar = createHeadersJar(request, response);
 *   // … write through storage, then return `response`: it carries the Set-Cookie lines.
 */

import { parseCookieHeader } from './cookie-header.js';
import { applyWrites, type CookieJar, type JarLogger, type JarWrite } from './jar.js';
import { serializeSetCookie } from './set-cookie.js';

export interface HeadersReaderLike {
  headers: { get(name: string): string | null };
}

export interface HeadersWriterLike {
  headers: { append(name: string, value: string): void };
}

/**
 * Without a response the jar is read-only. Responses from `Response.redirect()` or `fetch()`
 * have immutable headers and `append` throws a TypeError: that also turns the jar read-only
 * instead of failing the request.
 */
export function createHeadersJar(
  request: HeadersReaderLike,
  response?: HeadersWriterLike,
  options: { logger?: JarLogger } = {},
): CookieJar {
  let writable = response !== undefined;
  const written: JarWrite[] = [];
  return {
    get writable() {
      return writable;
    },
    getAll: () => applyWrites(parseCookieHeader(request.headers.get('cookie')), written),
    setAll(cookies) {
      if (!response || !writable) {
        options.logger?.debug(`skipped writing ${cookies.length} cookie(s): no writable response`);
        return;
      }
      for (const cookie of cookies) {
        try {
          response.headers.append('set-cookie', serializeSetCookie(cookie));
          written.push(cookie);
        } catch (error) {
          writable = false;
          options.logger?.debug(
            `response headers refused Set-Cookie (${error instanceof Error ? error.message : String(error)})`,
          );
          return;
        }
      }
    },
  };
}
