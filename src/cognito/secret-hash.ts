/**
 * SECRET_HASH for app clients that have a client secret: base64(HMAC-SHA256(secret, username +
 * clientId)). Cognito wants it next to every USERNAME the client sends (InitiateAuth and each
 * challenge response), keyed by that very USERNAME value.
 */
import { base64Encode, utf8 } from './srp/encoding.js';
import { hmacSha256 } from './srp/hash.js';

export async function computeSecretHash(input: {
  clientSecret: string;
  clientId: string;
  username: string;
}): Promise<string> {
  const mac = await hmacSha256(utf8(input.clientSecret), utf8(input.username + input.clientId));
  return base64Encode(mac);
}
