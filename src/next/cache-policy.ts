/**
 * Keeping session answers out of shared caches. A response that carries session Set-Cookie
 * lines, or whose content was granted by a session check, must never be stored by a CDN or
 * proxy: one that stores Set-Cookie hands one user's refresh token to everyone who asks next;
 * one that strips it loses the rotated token and signs the user out; one that stores a protected
 * page serves it to visitors the middleware never sees.
 *
 * Setting the header in the middleware is enough for pass-through responses too: Next copies
 * the middleware response's headers onto the outgoing response before the page or route runs
 * (next/dist/server/lib/router-server.js), and then adds its own Cache-Control only when none
 * is set — `s-maxage=31536000` for a static page (server/send-payload.js sendRenderResult, the
 * app-route template) — and copies a route handler's own headers only where the response has
 * none yet (server/send-response.js). `test/hostile/shared-cache.test.ts` proves the final
 * header under `next start`.
 */
import { mutable } from './mutable-response.js';

/** `private` for caches that ignore `no-store` on shared responses; `no-store` for everyone. */
export const PRIVATE_NO_STORE = 'private, no-store';

/** Overrides whatever caching the page, route or hook chose. `headers` must be mutable. */
export function keepOutOfSharedCaches(headers: Headers): void {
  headers.set('cache-control', PRIVATE_NO_STORE);
}

/** The same for a whole response, copied first when its headers are immutable. */
export function privateResponse(response: Response): Response {
  const target = mutable(response);
  keepOutOfSharedCaches(target.headers);
  return target;
}
