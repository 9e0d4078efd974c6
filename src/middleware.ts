/**
 * `next-cognito-session/middleware`: the auth middleware on its own, for `middleware.ts` (edge)
 * or `proxy.ts` (node). It takes the runner's options and the middleware's, and builds only
 * what a middleware runs — config, verifier, refresh, cookie storage — so the bundle Next ships
 * for every request carries no route handlers, no SRP, no `next/headers`.
 *
 * @example
 *   // middleware.ts
 *   import { createAuthMiddleware } from 'next-cognito-session/middleware';
 *   export default createAuthMiddleware({}, { protect: ['/dashboard/:path*'] }); // config from COGNITO_* env vars
 *   export const config = { matcher: [...] }; // DEFAULT_MATCHER, spelled out
 *
 * The first argument is what `createServerRunner` gets in `lib/auth.ts`: share one options
 * object between the two so both halves of the app check the same pool and claims. The
 * middleware's runtime has its own caches anyway (edge and node share no memory).
 */
import {
  createAuthMiddleware as middlewareFor,
  type AuthMiddleware,
  type AuthMiddlewareOptions,
} from './next/middleware.js';
import { createCoreFromOptions, type DefaultAccess, type DefaultId, type ServerRunnerOptions } from './runner-core.js';
import type { AccessClaimsSchema, IdClaimsSchema } from './tokens/index.js';

export { DEFAULT_MATCHER, type AuthMiddleware, type AuthMiddlewareOptions } from './next/middleware.js';
export type { ServerRunnerOptions } from './runner-core.js';
/**
 * Pass as `sealing` in the runner options when `cookies.encryptionSecret` is set: sealing is a
 * separate export so a middleware that does not seal ships no JWE code.
 */
export { createCookieSealer as cookieSealing } from './cookies/seal.js';

/** The same middleware as `createServerRunner(runnerOptions).middleware(middlewareOptions)`. */
export function createAuthMiddleware<
  A extends AccessClaimsSchema = DefaultAccess,
  I extends IdClaimsSchema = DefaultId,
>(runnerOptions: ServerRunnerOptions<A, I> = {}, middlewareOptions: AuthMiddlewareOptions = {}): AuthMiddleware {
  return middlewareFor(createCoreFromOptions(runnerOptions), middlewareOptions);
}
