/**
 * The gate in front of Cognito's IAM-authorised operations (`Admin*`, `CreateGroup`, …): the
 * request must be signed (SigV4, service `cognito-idp`, the pool's region) with the IdP's admin
 * key pair, as Cognito demands IAM credentials, and must not come from a web page of another
 * origin — the default key pair is documented, so a page could otherwise sign with it.
 */
import { foreignPageReason } from './browser-callers.js';
import { cognitoErrorResponse } from './responses.js';
import { verifySigV4, type SigV4Credentials } from './sigv4.js';

export interface AdminAuthConfig {
  credentials: SigV4Credentials;
  region: string;
  /** The IdP's listening origin, the only page origin allowed. */
  ownOrigin: () => string;
  /** Wall clock for the signature's ±15 min window — not the pool's injectable clock. */
  wallClock: () => number;
}

/** The refusal to answer, or undefined when the caller may run the operation. */
export function adminRefusal(request: Request, body: Uint8Array, config: AdminAuthConfig): Response | undefined {
  const page = foreignPageReason(request, config.ownOrigin());
  if (page !== undefined) {
    return cognitoErrorResponse(
      'AccessDeniedException',
      `Admin operations are refused from web pages: ${page}. Call them from a server with the IdP's admin credentials.`,
      403,
    );
  }
  const verdict = verifySigV4(
    { method: request.method, url: new URL(request.url), headers: request.headers, body },
    { credentials: config.credentials, region: config.region, service: 'cognito-idp', now: config.wallClock() },
  );
  // Cognito speaks the awsJson1_1 protocol, whose authentication errors are 400s with __type.
  return verdict.ok ? undefined : cognitoErrorResponse(verdict.type, verdict.message, 400);
}
