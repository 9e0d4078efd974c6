/**
 * next-cognito-session: Amazon Cognito sessions in cookies for the Next.js App Router.
 */
export { createServerRunner, type ServerRunner, type ServerRunnerOptions } from './runner';
export { resolveConfig, type ResolvedConfig, type RunnerInput, ENV_VARS } from './config';
export * from './errors';
export type { Session, SessionUser, SessionState, RefreshMode } from './session/types';
export type { AuthSession, CurrentUser } from './session/operations';
export type { NextServerContext, ServerContext } from './session/server-context';
export { DEFAULT_MATCHER, type AuthMiddleware, type AuthMiddlewareOptions } from './next/middleware';
export type { ProtectRule } from './next/route-rules';
export type { RequireSessionOptions } from './next/require-session';
export { safeReturnTo } from './next/return-to';
export { extendClaims, type AccessTokenClaims, type IdTokenClaims, type Jwt } from './tokens';
