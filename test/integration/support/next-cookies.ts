/**
 * What `await cookies()` from `next/headers` returns, built from Next 16's own cookie classes so
 * the tests meet Next's parsing, serialisation and refusal behaviour rather than our idea of it:
 * - server component: `RequestCookiesAdapter.seal(RequestCookies)` — reads work, `set`/`delete`
 *   throw `ReadonlyRequestCookiesError` ("Cookies can only be modified in a Server Action or
 *   Route Handler …");
 * - route handler / server action: `MutableRequestCookiesAdapter.wrap(RequestCookies, onUpdate)` —
 *   writes land in a `ResponseCookies` that reads reflect, and `onUpdate` receives the Set-Cookie
 *   lines Next appends to the response.
 * Next wires these up inside its request scope (`cookies()` needs a request store); here the same
 * objects are handed to `nextServerContext: { cookies: () => store, headers: () => headers }`
 * directly, `headers` standing in for `headers()` of `next/headers` (the raw Cookie header).
 *
 * @example
 *   const page = serverComponentCookies(browser.cookieHeader());
 *   await auth.runWithServerContext({ nextServerContext: page.context, operation });
 *   page.setCalls; // how often something tried to write
 */
import {
  MutableRequestCookiesAdapter,
  RequestCookiesAdapter,
} from 'next/dist/server/web/spec-extension/adapters/request-cookies';
import { RequestCookies } from 'next/dist/server/web/spec-extension/cookies';

type NextCookies = ReturnType<typeof RequestCookiesAdapter.seal>;

export interface CookieStoreProbe {
  /** The object `cookies()` would resolve to. */
  readonly store: NextCookies;
  /** What `headers()` would resolve to: the request's headers, its raw Cookie header included. */
  readonly headers: Headers;
  /** `nextServerContext` for `runWithServerContext`. */
  readonly context: { cookies: () => NextCookies; headers: () => Headers };
  /** Calls to `set`/`delete`, whether or not Next let them through. */
  readonly setCalls: number;
  /** Set-Cookie lines the response would carry (always empty for a server component). */
  readonly setCookieLines: readonly string[];
  /** Decoded value of a cookie as the store reads it now. */
  value(name: string): string | undefined;
}

function requestHeaders(cookieHeader: string): Headers {
  return new Headers(cookieHeader ? { cookie: cookieHeader } : {});
}

function probe(inner: NextCookies, headers: Headers, lines: () => readonly string[]): CookieStoreProbe {
  let setCalls = 0;
  const store = new Proxy(inner, {
    get(target, prop) {
      const member = Reflect.get(target, prop, target) as unknown;
      if ((prop === 'set' || prop === 'delete') && typeof member === 'function') {
        return (...args: unknown[]) => {
          setCalls += 1;
          return (member as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(target) : member;
    },
  });
  return {
    store,
    headers,
    context: { cookies: () => store, headers: () => headers },
    get setCalls() {
      return setCalls;
    },
    get setCookieLines() {
      return lines();
    },
    value: (name) => inner.get(name)?.value,
  };
}

/** `cookies()` during a server component render: read-only. */
export function serverComponentCookies(cookieHeader: string): CookieStoreProbe {
  const headers = requestHeaders(cookieHeader);
  return probe(RequestCookiesAdapter.seal(new RequestCookies(headers)), headers, () => []);
}

/** `cookies()` in a route handler or server action: writable, writes become Set-Cookie lines. */
export function routeHandlerCookies(cookieHeader: string): CookieStoreProbe {
  let lines: string[] = [];
  const headers = requestHeaders(cookieHeader);
  const store = MutableRequestCookiesAdapter.wrap(new RequestCookies(headers), (serialized) => {
    lines = serialized;
  }) as unknown as NextCookies;
  return probe(store, headers, () => lines);
}
