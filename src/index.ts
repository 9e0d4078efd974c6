/**
 * next-cognito-session: Amazon Cognito sessions in cookies for the Next.js App Router.
 */
export { createServerRunner, type ServerRunner, type ServerRunnerOptions } from './runner.js';
export { resolveConfig, type ResolvedConfig, type RunnerInput } from './config.js';
export { ENV_VARS } from './config-env.js';
export * from './errors.js';
export type { Session, SessionUser, SessionState, RefreshMode } from './session/types.js';
export type { AuthSession, CurrentUser } from './session/operations.js';
export type { NextServerContext, ServerContext } from './session/server-context.js';
export { DEFAULT_MATCHER, type AuthMiddleware, type AuthMiddlewareOptions } from './next/middleware.js';
export type { ProtectRule } from './next/route-rules.js';
export type { RequireSessionOptions } from './next/require-session.js';
export type { GuardedRouteHandler, SessionRouteHandler, WithAuthOptions } from './next/with-auth.js';
export { safeReturnTo } from './next/return-to.js';
export type { SessionStore } from './store/types.js';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory.js';
export { createRedisStore, type RedisClientLike, type RedisStore, type RedisStoreOptions } from './store/redis.js';
export { extendClaims, type AccessTokenClaims, type IdTokenClaims, type Jwt } from './tokens/index.js';
