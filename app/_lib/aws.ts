import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { cookies, headers } from 'next/headers';
import { createIdentityPool } from 'next-cognito-session/identity-pool';
import { auth } from './auth';

/**
 * The identity pool's credentials for route handlers and server components. Its own module:
 * middleware.ts imports auth.ts, and nothing of this belongs in the edge bundle. Null when the
 * app runs without COGNITO_IDENTITY_POOL_ID.
 */
export const identityPool = auth.config.identityPool ? createIdentityPool(auth) : null;

export interface CallerIdentity {
  arn: string;
  account: string;
  identityId: string;
  accessKeyId: string;
}

/**
 * STS GetCallerIdentity with the visitor's own credentials: proof they are real. Against AWS the
 * SDK's default STS endpoint answers; the local IdP answers STS on its own URL.
 */
export async function callerIdentity(): Promise<CallerIdentity | null> {
  const pool = auth.config.identityPool;
  if (!identityPool || !pool) return null;
  const session = await auth.runWithServerContext({
    nextServerContext: { cookies, headers },
    operation: (ctx) => identityPool.fetchAuthSession(ctx),
  });
  if (!session.credentials || !session.identityId) return null;
  const onAws = new URL(pool.endpoint).hostname.endsWith('.amazonaws.com');
  const sts = new STSClient({
    region: pool.id.split(':')[0]!,
    credentials: session.credentials,
    ...(onAws ? {} : { endpoint: pool.endpoint }),
    maxAttempts: 1,
  });
  try {
    const answer = await sts.send(new GetCallerIdentityCommand({}));
    return {
      arn: answer.Arn ?? '',
      account: answer.Account ?? '',
      identityId: session.identityId,
      accessKeyId: session.credentials.accessKeyId,
    };
  } finally {
    sts.destroy();
  }
}
