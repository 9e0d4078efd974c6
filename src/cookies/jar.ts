/**
 * `CookieJar`: the only door between the cookie algebra and a framework's cookie I/O.
 *
 * @example
 *   const jar = createMemoryJar({ 'CognitoIdentityServiceProvider.abc.LastAuthUser': 'demo' });
 *   jar.setAll([{ name: 'x', value: '1', options: { path: '/' } }]);
 *   jar.getAll(); // both cookies
 *
 * Names are wire names (js-cookie-encoded, see names.ts); values are decoded strings, because
 * every framework API underneath (Next's cookies, the `cookie` package) percent-encodes on write
 * and decodes on read. A write with `maxAge <= 0` is a deletion.
 *
 * Every jar reads the request through `parseCookieHeader` (cookie-header.ts) and keeps every
 * copy of a name the browser sent: which copy counts is never decided here (storage.ts refuses
 * a session cookie that arrived twice).
 */

import { isDeletion, type CookieWriteOptions } from './attributes.js';
import { parseCookieHeader } from './cookie-header.js';

export interface JarCookie {
  name: string;
  value: string;
}

export interface JarWrite extends JarCookie {
  options: CookieWriteOptions;
}

export interface CookieJar {
  /**
   * Cookies of the current request in header order, every copy of a name included, with this
   * jar's own earlier writes applied.
   */
  getAll(): JarCookie[];
  /** Never throws for a read-only context: it logs and turns `writable` false instead. */
  setAll(cookies: readonly JarWrite[]): void;
  /** False when writes cannot reach the browser (server components, static rendering). */
  readonly writable: boolean;
}

export interface JarLogger {
  debug(message: string): void;
}

/**
 * Applies writes to a request's cookies the way the next request would show them: a write
 * replaces every copy of its name (in the place of the first), a deletion removes them all, the
 * last write of a name wins, and names nobody wrote keep all their copies.
 */
export function applyWrites(cookies: readonly JarCookie[], writes: readonly JarWrite[]): JarCookie[] {
  if (writes.length === 0) return [...cookies];
  const latest = new Map<string, JarWrite>();
  for (const write of writes) latest.set(write.name, write);
  const result: JarCookie[] = [];
  const placed = new Set<string>();
  const place = (name: string) => {
    placed.add(name);
    const write = latest.get(name)!;
    if (!isDeletion(write.options)) result.push({ name, value: write.value });
  };
  for (const cookie of cookies) {
    if (!latest.has(cookie.name)) result.push(cookie);
    else if (!placed.has(cookie.name)) place(cookie.name);
  }
  for (const name of latest.keys()) if (!placed.has(name)) place(name);
  return result;
}

export interface MemoryJar extends CookieJar {
  /** Every write in order, for tests and for copying into a real response later. */
  readonly writes: readonly JarWrite[];
}

/**
 * A jar that collects writes instead of sending them: the middleware's (over the request's
 * Cookie header, writes copied to the response later), static rendering (`nextServerContext:
 * null`) and tests. `initial` is a raw Cookie header, cookies, or a name → value record.
 * `writable: false` models a context where writes must be dropped.
 */
export function createMemoryJar(
  initial: string | null | Record<string, string> | readonly JarCookie[] = [],
  options: { writable?: boolean } = {},
): MemoryJar {
  const start =
    initial === null || typeof initial === 'string'
      ? parseCookieHeader(initial)
      : Array.isArray(initial)
        ? [...(initial as readonly JarCookie[])]
        : Object.entries(initial).map(([name, value]) => ({ name, value }));
  const writes: JarWrite[] = [];
  const writable = options.writable ?? true;
  return {
    writable,
    writes,
    getAll: () => applyWrites(start, writes),
    setAll(cookies) {
      if (writable) writes.push(...cookies.map((c) => ({ ...c, options: { ...c.options } })));
    },
  };
}
