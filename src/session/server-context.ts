/**
 * `runWithServerContext`: one request's view of the session, over whichever cookie I/O the
 * caller has — like Amplify's `runWithAmplifyServerContext`, minus its module-global config.
 *
 * @example
 *   const user = await auth.runWithServerContext({
 *     nextServerContext: { cookies },              // from 'next/headers'
 *     operation: (ctx) => auth.getCurrentUser(ctx),
 *   });
 *
 * Cookies are read from the request's raw Cookie header (`headers`), because Next's `cookies()`
 * keeps one value per name and would hide a duplicated session cookie (cookie-header.ts).
 * Without `headers` the runner takes `headers()` from `next/headers`, as `cookies` usually is.
 */
import {
  createMemoryJar,
  createNextHeadersJar,
  createNextMiddlewareJar,
  type CookieStorage,
  type NextCookieStoreLike,
  type NextRequestLike,
  type NextResponseLike,
  type RequestHeadersLike,
  type RequestLike,
} from '../cookies/index.js';
import type { AuthCore } from './core.js';
import { resolveSession } from './resolve-session.js';
import type { RefreshMode, SessionState } from './types.js';

export type NextServerContext =
  /** Static rendering / build time: no request, in-memory cookies, never a session. */
  | null
  /**
   * Server components, route handlers, server actions: pass `cookies` from `next/headers`, and
   * `headers` from there too when not in a Next request scope (tests); the runner fills it in.
   */
  | {
      cookies: () => NextCookieStoreLike | Promise<NextCookieStoreLike>;
      headers?: () => RequestHeadersLike | Promise<RequestHeadersLike>;
    }
  /** Middleware / proxy: the request and the response you will return. */
  | { request: NextRequestLike & RequestLike; response: NextResponseLike };

/** Opaque per-operation handle; pass it to the runner's session functions. */
export interface ServerContext {
  readonly storage: CookieStorage;
  /** Memoised per refresh mode: several calls in one operation resolve the session once. */
  session(mode: RefreshMode): Promise<SessionState>;
}

export async function createServerContext(
  core: AuthCore,
  nextServerContext: NextServerContext,
): Promise<ServerContext> {
  const storage = await storageFor(core, nextServerContext);
  // Only `cookies()` hides whether writes work (server component vs route handler/action).
  const probeWrites = nextServerContext !== null && 'cookies' in nextServerContext;
  const resolved = new Map<RefreshMode, Promise<SessionState>>();
  return {
    storage,
    session(mode) {
      let state = resolved.get(mode);
      if (!state) {
        state = resolveSession(core, storage, { mode, probeWrites });
        resolved.set(mode, state);
        // A forced refresh makes the automatic answer stale.
        if (mode === 'force') resolved.set('auto', state);
      }
      return state;
    },
  };
}

async function storageFor(core: AuthCore, context: NextServerContext): Promise<CookieStorage> {
  if (context === null) return core.storage(createMemoryJar([], { writable: false }));
  if ('cookies' in context) {
    if (!context.headers)
      throw new TypeError('nextServerContext { cookies } needs `headers` as well (from next/headers)');
    const [store, requestHeaders] = await Promise.all([context.cookies(), context.headers()]);
    return core.storage(createNextHeadersJar(store, requestHeaders, { logger: core.logger }));
  }
  return core.storage(createNextMiddlewareJar(context.request, context.response), context.request);
}
