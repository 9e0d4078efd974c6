/**
 * next-cognito-session/identity-pool: temporary AWS credentials for the signed-in user (or a
 * guest) from a Cognito identity pool, in route handlers, server actions and server components.
 * Kept out of the main entry so the middleware's edge bundle never carries it.
 *
 * @example
 *   // lib/aws.ts — server only
 *   import { createIdentityPool } from 'next-cognito-session/identity-pool';
 *   export const identityPool = createIdentityPool(auth); // COGNITO_IDENTITY_POOL_ID
 *
 *   // app/api/whoami/route.ts
 *   const { credentials, identityId } = await auth.runWithServerContext({
 *     nextServerContext: { cookies, headers },
 *     operation: (ctx) => identityPool.fetchAuthSession(ctx),
 *   });
 *   const sts = new STSClient({ region, credentials });
 */
export {
  createIdentityPool,
  type IdentityPoolCredentials,
  type IdentityPoolOptions,
  type IdentityPoolSession,
} from './identity-pool.js';
export type { AwsCredentials } from '../cognito/identity-client.js';
export { CREDENTIALS_RENEW_MARGIN_MS } from './credentials-cache.js';
