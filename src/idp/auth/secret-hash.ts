/**
 * SECRET_HASH for app clients with a secret: Base64(HMAC-SHA256(secret, username + clientId)).
 * Public clients (the reference app's) have no secret and skip the check, as in Cognito.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CognitoError } from '../cognito-error';

export function assertSecretHash(
  client: { clientId: string; clientSecret?: string },
  username: string,
  secretHash: string | undefined,
): void {
  if (client.clientSecret === undefined) return;
  const expected = createHmac('sha256', client.clientSecret).update(username + client.clientId).digest();
  const given = Buffer.from(secretHash ?? '', 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${client.clientId}`);
  }
}

/** GetTokensFromRefreshToken / RevokeToken send the client secret itself, not a hash. */
export function assertClientSecret(client: { clientId: string; clientSecret?: string }, given: string | undefined): void {
  if (client.clientSecret === undefined) return;
  const a = Buffer.from(client.clientSecret);
  const b = Buffer.from(given ?? '');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new CognitoError('NotAuthorizedException', `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
  }
}
