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
 */

import { isDeletion, type CookieWriteOptions } from './attributes.js';

export interface JarCookie {
  name: string;
  value: string;
}

export interface JarWrite extends JarCookie {
  options: CookieWriteOptions;
}

export interface CookieJar {
  /** Cookies of the current request, with this jar's own earlier writes applied. */
  getAll(): JarCookie[];
  /** Never throws for a read-only context: it logs and turns `writable` false instead. */
  setAll(cookies: readonly JarWrite[]): void;
  /** False when writes cannot reach the browser (server components, static rendering). */
  readonly writable: boolean;
}

export interface JarLogger {
  debug(message: string): void;
}

/** Applies writes to a snapshot the way a browser would: later writes win, deletions remove. */
export function applyWrites(cookies: readonly JarCookie[], writes: readonly JarWrite[]): JarCookie[] {
  const byName = new Map<string, string>();
  // The browser sends the most specific duplicate first and js-cookie keeps the first, so do we.
  for (const { name, value } of cookies) if (!byName.has(name)) byName.set(name, value);
  for (const write of writes) {
    if (isDeletion(write.options)) byName.delete(write.name);
    else byName.set(write.name, write.value);
  }
  return [...byName].map(([name, value]) => ({ name, value }));
}

export interface MemoryJar extends CookieJar {
  /** Every write in order, for tests and for copying into a real response later. */
  readonly writes: readonly JarWrite[];
}

/**
 * A jar with no request behind it: static rendering (`nextServerContext: null`) and tests.
 * `writable: false` models a context where writes must be dropped.
 */
export function createMemoryJar(
  initial: Record<string, string> | readonly JarCookie[] = [],
  options: { writable?: boolean } = {},
): MemoryJar {
  const start = Array.isArray(initial)
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
