/**
 * One call to the app's `GET <basePath>/session` (src/next/route-handlers/session.ts) and what
 * its answer means. The handler verifies the cookies and refreshes ahead of expiry on the
 * server, so this is also how a page gets a rotated session without a navigation.
 *
 * @example
 *   const answer = await requestSession(fetch, '/api/auth');
 *   if (answer.status === 'signedIn') console.log(answer.user.username, answer.expiresAt);
 */
import type { SessionUser } from '../session/types.js';
import { decodeClientJwt } from './jwt.js';
import { authUrl, type ClientAuthError, type ClientClaims, type ClientJwt, type FetchLike } from './types.js';

export type SessionAnswer =
  | {
      status: 'signedIn';
      user: SessionUser;
      claims: ClientClaims;
      /** Seconds since epoch when the first of the access and ID tokens expires. */
      expiresAt: number;
      /** Only when the app mounted the handlers with `exposeTokens: true`. */
      tokens?: { accessToken: ClientJwt; idToken: ClientJwt };
    }
  | { status: 'signedOut' }
  | { status: 'error'; error: ClientAuthError };

/** Never throws: network failures and odd answers come back as `status: 'error'`. */
export async function requestSession(fetchImpl: FetchLike, basePath: string): Promise<SessionAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(authUrl(basePath, 'session'), {
      method: 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
  } catch (cause) {
    return { status: 'error', error: { code: 'NetworkError', message: describe(cause) } };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return interpretSessionBody(response.status, body);
}

/** Pure: an HTTP status and parsed JSON body → what the session is. */
function interpretSessionBody(status: number, body: unknown): SessionAnswer {
  const record = isRecord(body) ? body : {};
  if (status < 200 || status >= 300) return { status: 'error', error: readErrorBody(status, body, 'session endpoint') };
  if (record.user === null) return { status: 'signedOut' };
  const { user, claims, expiresAt } = record;
  if (!isSessionUser(user) || !isRecord(claims) || typeof expiresAt !== 'number') {
    return {
      status: 'error',
      error: { code: 'UnexpectedResponse', message: 'session endpoint answered an unknown shape', status },
    };
  }
  const tokens = rawTokens(record.tokens);
  return {
    status: 'signedIn',
    user,
    claims: claims as ClientClaims,
    expiresAt,
    ...(tokens ? { tokens } : {}),
  };
}

function rawTokens(value: unknown): { accessToken: ClientJwt; idToken: ClientJwt } | undefined {
  if (!isRecord(value) || typeof value.accessToken !== 'string' || typeof value.idToken !== 'string') return undefined;
  const accessToken = decodeClientJwt(value.accessToken);
  const idToken = decodeClientJwt(value.idToken);
  return accessToken && idToken ? { accessToken, idToken } : undefined;
}

function isSessionUser(value: unknown): value is SessionUser {
  return (
    isRecord(value) &&
    typeof value.username === 'string' &&
    typeof value.userId === 'string' &&
    Array.isArray(value.groups)
  );
}

/** The handlers' `{ error: { code, message } }`, or what to say when the body is not that. */
export function readErrorBody(status: number, body: unknown, what: string): ClientAuthError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return {
    code: typeof error.code === 'string' ? error.code : 'UnexpectedResponse',
    message: typeof error.message === 'string' ? error.message : `${what} answered HTTP ${status}`,
    status,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : 'the session request failed';
}
