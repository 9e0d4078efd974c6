/**
 * Size checks run before a write reaches the jar, so an oversized session fails here with a
 * `CookieTooLarge` naming the cookie instead of as a silently dropped cookie in the browser or
 * a 431 / 502 from a proxy on a later request (limits and their reasons: options.ts).
 *
 * @example
 *   assertWithinBudget({ writes, resulting }, DEFAULT_COOKIE_LIMITS);
 */

import { CookieTooLarge } from '../errors.js';
import type { JarCookie, JarWrite } from './jar.js';
import { serializeSetCookie } from './set-cookie.js';
import type { CookieLimits } from './options.js';

/** Bytes of `name=value` as a browser stores and sends it (values percent-encoded). */
export function cookiePairBytes(cookie: JarCookie): number {
  return cookie.name.length + 1 + encodeURIComponent(cookie.value).length;
}

/** Bytes of the `Cookie` header these cookies produce (`a=1; b=2`). */
export function cookieHeaderBytes(cookies: readonly JarCookie[]): number {
  if (cookies.length === 0) return 0;
  return cookies.reduce((sum, c) => sum + cookiePairBytes(c), 0) + 2 * (cookies.length - 1);
}

export interface WriteBudget {
  /** The Set-Cookie lines about to be emitted, deletions included. */
  writes: readonly JarWrite[];
  /** Our session cookies as the browser will hold them after the write. */
  resulting: readonly JarCookie[];
}

export function assertWithinBudget({ writes, resulting }: WriteBudget, limits: CookieLimits): void {
  let setCookieBytes = 0;
  for (const write of writes) {
    const pair = cookiePairBytes(write);
    if (pair > limits.maxCookieBytes) {
      throw new CookieTooLarge(
        `cookie ${write.name} would be ${pair} bytes, over the per-cookie limit of ${limits.maxCookieBytes}`,
      );
    }
    setCookieBytes += serializeSetCookie(write).length + 'Set-Cookie: \r\n'.length;
  }
  if (setCookieBytes > limits.maxSetCookieBytes) {
    throw new CookieTooLarge(
      `writing ${writes.map((w) => w.name).join(', ')} needs ${setCookieBytes} bytes of Set-Cookie ` +
        `headers, over the limit of ${limits.maxSetCookieBytes}`,
    );
  }
  const headerBytes = cookieHeaderBytes(resulting);
  if (headerBytes > limits.maxCookieHeaderBytes) {
    const largest = [...resulting].sort((a, b) => cookiePairBytes(b) - cookiePairBytes(a))[0];
    throw new CookieTooLarge(
      `session cookies would take ${headerBytes} bytes of the Cookie header, over the limit of ` +
        `${limits.maxCookieHeaderBytes} (largest: ${largest?.name}, ${largest ? cookiePairBytes(largest) : 0} bytes)`,
    );
  }
}
