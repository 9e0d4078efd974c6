/**
 * Cognito-shaped access tokens signed in-process with a local RS256 key (jose), and the matching
 * JWKS served by an in-memory fetch — verification benchmarks run with no network at all.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const POOL_ID = 'us-east-1_BenchPool';
export const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;
export const JWKS_URI = `${ISSUER}/.well-known/jwks.json`;
export const CLIENT_ID = 'benchclient0000000000000000';
const KID = 'bench-key-1';

export interface Minter {
  publicKey: CryptoKey;
  publicJwk: JsonWebKey & { kid: string };
  jwksText: string;
  /** A fetch that answers the JWKS from memory (and refuses anything else). */
  fetch: (input: string) => Promise<Response>;
  /** An access token valid for an hour; `n` makes it distinct (sub, jti, username). */
  accessToken(n: number): Promise<string>;
}

export async function createMinter(): Promise<Minter> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const jwksText = JSON.stringify({ keys: [publicJwk] });
  const now = Math.floor(Date.now() / 1000);
  return {
    publicKey,
    publicJwk,
    jwksText,
    async fetch(input) {
      if (input !== JWKS_URI) throw new Error(`bench fetch: unexpected ${input}`);
      return new Response(jwksText, { headers: { 'content-type': 'application/json' } });
    },
    accessToken(n) {
      const sub = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
      return new SignJWT({
        sub,
        'cognito:groups': ['USERS'],
        iss: ISSUER,
        client_id: CLIENT_ID,
        origin_jti: `origin-${n}`,
        event_id: `event-${n}`,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: now,
        exp: now + 3600,
        iat: now,
        jti: `jti-${n}`,
        username: `user${n}@example.com`,
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .sign(privateKey);
    },
  };
}
