/**
 * Who is calling /oauth2/token or /oauth2/revoke. Public clients name themselves with client_id;
 * confidential ones prove it with their secret, in HTTP Basic (RFC 6749 §2.3.1, both halves
 * form-urlencoded) or as client_secret in the body — but not both at once.
 */
import { timingSafeEqual } from 'next-cognito-session/protocol';
import type { OAuthClientInfo } from './backend.js';
import type { OAuthContext } from './context.js';
import { OAuthError } from './errors.js';

interface BodyCredentials {
  client_id?: string;
  client_secret?: string;
}

export function authenticateClient(request: Request, ctx: OAuthContext, body: BodyCredentials): OAuthClientInfo {
  const basic = readBasic(request.headers.get('authorization'));
  if (basic && body.client_secret !== undefined) {
    throw new OAuthError('invalid_request', 'use either HTTP Basic or client_secret, not both');
  }
  if (basic && body.client_id !== undefined && body.client_id !== basic.id) {
    throw new OAuthError('invalid_request', 'client_id does not match the HTTP Basic credentials');
  }
  const clientId = basic?.id ?? body.client_id;
  const secret = basic?.secret ?? body.client_secret;
  // RFC 6749 §5.2: a failed Basic attempt must answer 401 with the scheme to retry.
  const challenge: Record<string, string> = basic ? { 'WWW-Authenticate': 'Basic realm="oauth2"' } : {};
  const refuse = (description: string) => new OAuthError('invalid_client', description, 401, challenge);

  if (!clientId) throw new OAuthError('invalid_request', 'client_id is required');
  const client = ctx.backend.findClient(clientId);
  if (!client) throw refuse('client_id is not a known app client');
  if (client.clientSecret === undefined) {
    if (secret !== undefined && secret !== '') throw refuse('this app client has no secret');
    return client;
  }
  if (secret === undefined) throw refuse('this app client requires client authentication');
  if (!timingSafeEqual(secret, client.clientSecret)) throw refuse('client authentication failed');
  return client;
}

function readBasic(header: string | null): { id: string; secret: string } | undefined {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  } catch {
    throw malformedBasic();
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) throw malformedBasic();
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function malformedBasic(): OAuthError {
  return new OAuthError('invalid_client', 'the HTTP Basic credentials are malformed', 401, {
    'WWW-Authenticate': 'Basic realm="oauth2"',
  });
}

/** Many clients skip the form-encoding step; a bare secret with `%` must still decode sanely. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
