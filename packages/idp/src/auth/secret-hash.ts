/**
 * SECRET_HASH for app clients with a secret: Base64(HMAC-SHA256(secret, username + clientId)),
 * computed by the same code the session library sends it with. Public clients (the reference
 * app's) have no secret and skip the check, as in Cognito.
 */
import { computeSecretHash, timingSafeEqual } from 'next-cognito-session/protocol';
import { CognitoError } from '../cognito-error.js';

export async function assertSecretHash(
  client: { clientId: string; clientSecret?: string },
  username: string,
  secretHash: string | undefined,
): Promise<void> {
  if (client.clientSecret === undefined) return;
  const expected = await computeSecretHash({ clientSecret: client.clientSecret, clientId: client.clientId, username });
  if (!timingSafeEqual(expected, secretHash ?? '')) {
    throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${client.clientId}`);
  }
}

/** GetTokensFromRefreshToken / RevokeToken send the client secret itself, not a hash. */
export function assertClientSecret(
  client: { clientId: string; clientSecret?: string },
  given: string | undefined,
): void {
  if (client.clientSecret === undefined) return;
  if (!timingSafeEqual(client.clientSecret, given ?? '')) {
    throw new CognitoError(
      'NotAuthorizedException',
      `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`,
    );
  }
}
