/**
 * Test support for src/tokens: RSA keys made in the test, tokens minted with jose, and a real
 * JWKS endpoint on 127.0.0.1:0 that counts its hits and can be told to fail. Test-only: imports
 * node:http, so nothing under src/ outside tests may import it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTHeaderParameters } from 'jose';

export const POOL_ID = 'eu-west-1_TestPool1';
export const CLIENT_ID = 'client-under-test';

export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export type JwksMode = 'up' | 'error' | 'hang';

export interface JwksServer {
  readonly url: string;
  readonly issuer: string;
  readonly jwksUri: string;
  hits: number;
  /** Request paths in arrival order, to prove nothing but the JWKS URI was ever fetched. */
  paths: string[];
  mode: JwksMode;
  /** Answer delay in ms while `up`, to let concurrent callers pile up. */
  delayMs: number;
  keys: JWK[];
  close(): Promise<void>;
}

/** Serves `/<poolId>/.well-known/jwks.json` the way the local IdP does. */
export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state = { hits: 0, paths: [] as string[], mode: 'up' as JwksMode, delayMs: 0, keys };
  const server: Server = createServer((req, res) => {
    state.hits += 1;
    state.paths.push(req.url ?? '');
    if (state.mode === 'hang') return; // never answers; the client's timeout must end it
    if (state.mode === 'error') {
      res.writeHead(503).end();
      return;
    }
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: state.keys }));
    }, state.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const issuer = `${url}/${POOL_ID}`;
  return Object.assign(state, {
    url,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A settable clock in epoch ms; tokens are minted relative to it. */
export function makeClock(start = Date.UTC(2030, 0, 1)) {
  const clock = { ms: start, now: () => clock.ms, seconds: () => Math.floor(clock.ms / 1000) };
  return clock;
}

export function accessClaims(issuer: string, nowSeconds: number, extra: Record<string, unknown> = {}) {
  return {
    sub: 'sub-123',
    iss: issuer,
    client_id: CLIENT_ID,
    origin_jti: 'origin-1',
    event_id: 'event-1',
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: nowSeconds - 60,
    exp: nowSeconds + 3600,
    iat: nowSeconds,
    jti: `jti-${Math.random()}`,
    username: 'alice@example.com',
    'cognito:groups': ['ADMINS'],
    ...extra,
  };
}

export function idClaims(issuer: string, nowSeconds: number, extra: Record<string, unknown> = {}) {
  return {
    sub: 'sub-123',
    aud: CLIENT_ID,
    iss: issuer,
    'cognito:username': 'alice@example.com',
    email: 'alice@example.com',
    email_verified: true,
    'custom:tenant': 'acme',
    origin_jti: 'origin-1',
    event_id: 'event-1',
    token_use: 'id',
    auth_time: nowSeconds - 60,
    exp: nowSeconds + 3600,
    iat: nowSeconds,
    jti: `jti-${Math.random()}`,
    ...extra,
  };
}

/** Signs `claims` with `key`; `header` overrides/extends the protected header (kid, jku, …). */
export async function mint(
  key: TestKey,
  claims: Record<string, unknown>,
  header: Partial<JWTHeaderParameters> = {},
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header }).sign(key.privateKey);
}

/** Builds a compact JWS by hand, for headers jose refuses to sign (alg none, …). */
export function unsignedJwt(header: object, claims: object, signature = ''): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.${signature}`;
}
