/**
 * Shared pieces of the hostile suite: real sessions from the local IdP (password flow, fast),
 * session cookies laid out by hand — so a forged or oversized value lands in a cookie exactly as
 * an attacker would send it, without the storage's chunking or budget getting in the way — and
 * the pool's signing keys read from the IdP's state file, for tokens that are correctly signed
 * but wrong in their claims (the confused-deputy cases).
 */
import { readFile } from 'node:fs/promises';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { createCognitoClient } from '../../../src/cognito/client';
import { encodeCookieName, lastAuthUserKey, tokenKey, type JarCookie } from '../../../src/cookies';
import { decodeUnverified } from '../../../src/tokens';

export const SESSION_PREFIX = 'CognitoIdentityServiceProvider.';

export interface IdpLike {
  url: string;
  poolId: string;
  defaultClientId: string;
}

export interface RealSession {
  username: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export async function passwordSignIn(
  idp: IdpLike,
  user: { username: string; password: string },
  clientId = idp.defaultClientId,
): Promise<RealSession> {
  // Setting the scene, not under test: a loaded CI machine may take seconds for the IdP's SRP math.
  const cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId, timeoutMs: 30_000 });
  const answer = await cognito.initiateAuth('USER_PASSWORD_AUTH', { USERNAME: user.username, PASSWORD: user.password });
  const tokens = answer.AuthenticationResult;
  if (!tokens?.RefreshToken) throw new Error(`sign-in stopped at ${answer.ChallengeName ?? 'no tokens'}`);
  return {
    username: String(decodeUnverified(tokens.AccessToken).payload.username),
    accessToken: tokens.AccessToken,
    idToken: tokens.IdToken,
    refreshToken: tokens.RefreshToken,
  };
}

/** Amplify-named session cookies with raw (decoded) values; undefined tokens are left out. */
export function sessionCookies(
  clientId: string,
  tokens: { username: string; accessToken?: string; idToken?: string; refreshToken?: string },
): JarCookie[] {
  const cookies: JarCookie[] = [{ name: encodeCookieName(lastAuthUserKey(clientId)), value: tokens.username }];
  for (const kind of ['accessToken', 'idToken', 'refreshToken'] as const) {
    const value = tokens[kind];
    if (value !== undefined) cookies.push({ name: encodeCookieName(tokenKey(clientId, tokens.username, kind)), value });
  }
  return cookies;
}

/** What a browser sends: values percent-encoded as js-cookie and Next write them. */
export function cookieHeader(cookies: readonly JarCookie[]): string {
  return cookies.map(({ name, value }) => `${name}=${encodeURIComponent(value)}`).join('; ');
}

export function tokenFromSetCookie(response: Response, suffix: string): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    if (name.endsWith(suffix) && !/max-age=0/i.test(line)) return decodeURIComponent(pair!.slice(eq + 1));
  }
  return undefined;
}

export function jtiOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const jti = decodeUnverified(token).payload.jti;
    return typeof jti === 'string' ? jti : undefined;
  } catch {
    return undefined;
  }
}

export interface PoolKey {
  kid: string;
  key: CryptoKey;
}

/** The IdP's active private keys, from its state file (written before startIdp resolves). */
export async function poolSigningKeys(dataFile: string): Promise<{ access: PoolKey; id: PoolKey }> {
  const state = JSON.parse(await readFile(dataFile, 'utf8')) as {
    keys: Array<{ kid: string; use: 'access' | 'id'; privateJwk: JWK; retiredAt?: number }>;
  };
  const pick = async (use: 'access' | 'id'): Promise<PoolKey> => {
    const record = state.keys.find((key) => key.use === use && key.retiredAt === undefined);
    if (!record) throw new Error(`no active ${use} key in ${dataFile}`);
    return { kid: record.kid, key: (await importJWK(record.privateJwk, 'RS256')) as CryptoKey };
  };
  return { access: await pick('access'), id: await pick('id') };
}

/** Status and body of a response, with the body read once. */
export async function readResponse(response: Response): Promise<{ status: number; text: string; json: any }> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/**
 * How Node's HTTP server refused a request whose header block is over its limit (16 KiB).
 * It answers 431 and closes the socket at once; when the client is still writing a large block
 * (a megabyte does not fit in the socket buffer), the write fails first and the 431 is never
 * read. Both mean the request was refused before any application code saw it.
 */
export type OversizedOutcome = { refused: 431 } | { refused: 'connection-closed'; code: string };

const CLOSED_MID_WRITE = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);

export async function sendOversized(url: string, init: RequestInit): Promise<OversizedOutcome | { status: number }> {
  try {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    return response.status === 431 ? { refused: 431 } : { status: response.status };
  } catch (error) {
    const code = closedMidWrite(error);
    if (code) return { refused: 'connection-closed', code };
    throw error;
  }
}

/** The socket error code when `error` is a fetch failure from the server closing mid-write. */
export function closedMidWrite(error: unknown): string | undefined {
  for (let at: any = error; at; at = at.cause) {
    if (typeof at.code === 'string' && CLOSED_MID_WRITE.has(at.code)) return at.code;
  }
  return undefined;
}
