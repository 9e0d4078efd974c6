/**
 * From what an app passes (`createServerRunner(options)`, or the middleware entry's first
 * argument) to the `AuthCore` that serves it: config from options and env vars, then caches,
 * client and sealer. One function for both entry points, so the middleware and the pages of one
 * app read the same options the same way.
 */
import { type Env } from './config-env.js';
import { resolveConfig, type RunnerInput } from './config.js';
import { createAuthCore, type AuthCore, type CoreOptions } from './session/core.js';
import type { AccessClaimsSchema, IdClaimsSchema, accessTokenClaims, idTokenClaims } from './tokens/index.js';

export type DefaultAccess = typeof accessTokenClaims;
export type DefaultId = typeof idTokenClaims;

export interface ServerRunnerOptions<A extends AccessClaimsSchema = DefaultAccess, I extends IdClaimsSchema = DefaultId>
  extends RunnerInput, Omit<CoreOptions, 'claims'> {
  /** Where env vars come from; default `process.env`. */
  env?: Env;
  /** The app's claims, usually `extendClaims(...)`; they type `getServerSession()`'s session. */
  claims?: { access?: A; id?: I };
}

export function createCoreFromOptions(options: ServerRunnerOptions<AccessClaimsSchema, IdClaimsSchema>): AuthCore {
  return createAuthCore(resolveConfig(options, options.env ?? readProcessEnv()), options);
}

function readProcessEnv(): Env {
  // `process` exists in Node and in Next's edge runtime; guard for other hosts.
  return typeof process === 'undefined' ? {} : (process.env as Env);
}
