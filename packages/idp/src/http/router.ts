/**
 * One request → one answer. Order: local control (never delayed or failed), fault knobs and
 * counters, then the JSON API, the well-known documents, the OAuth2 module, and a 404.
 * CORS is open for everything a browser app calls; IAM-authorised operations never grant it
 * (their callers are servers, and a page must not read an admin answer).
 */
import type { IdpCore } from '../core.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { RequestHandler } from '../oauth2/backend.js';
import { OAUTH_PATHS } from '../oauth2/index.js';
import { handleSts, isStsRequest } from '../identity/sts.js';
import type { AdminAuthConfig } from './admin-auth.js';
import type { Faults, OperationStats } from './faults.js';
import { handleJsonApi, isIamOperation, JSON_OPERATION_NAMES, targetOperation } from './json-api.js';
import { handleLocalControl, type LocalControl } from './local-control.js';
import { cognitoErrorResponse, plainJson, preflight, withCors } from './responses.js';
import { discoveryResponse, jwksResponse, wellKnownName, type WellKnownConfig } from './well-known.js';

export interface RouterDeps {
  core: IdpCore;
  keys: KeyRing;
  faults: Faults;
  stats: OperationStats;
  control: LocalControl;
  wellKnown: WellKnownConfig;
  oauth: RequestHandler;
  admin: AdminAuthConfig;
  sts: { region: string; now: () => number; wallClock: () => number };
  log: (line: string) => void;
}

/** Counters and fault knobs key on names; a client-chosen target must not mint new keys. */
const UNKNOWN_OPERATION = 'unknown';
/** STS's one action here; every form-encoded POST counts as it. */
const STS_OPERATION = 'GetCallerIdentity';

/** Every name `operationName` can answer: what faults may target and stats may count. */
export const OPERATION_NAMES: ReadonlySet<string> = new Set([
  ...JSON_OPERATION_NAMES,
  STS_OPERATION,
  UNKNOWN_OPERATION,
  ...[...OAUTH_PATHS].map((path) => path.slice(1)),
  'jwks',
  'openid-configuration',
]);

export function createRouter(deps: RouterDeps): (request: Request) => Promise<Response> {
  const { poolId } = deps.wellKnown;

  /** The name faults and counters know this request by (see Faults). */
  function operationName(request: Request, url: URL): string | undefined {
    if (url.pathname === '/' && isStsRequest(request)) return STS_OPERATION;
    if (url.pathname === '/' && request.method === 'POST') {
      const target = targetOperation(request);
      return target !== undefined && JSON_OPERATION_NAMES.includes(target) ? target : UNKNOWN_OPERATION;
    }
    if (OAUTH_PATHS.has(url.pathname)) return url.pathname.slice(1);
    return wellKnownName(url.pathname, poolId);
  }

  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/_local/')) return handleLocalControl(request, deps.control, deps.admin.ownOrigin());
    const isOAuth = OAUTH_PATHS.has(url.pathname);
    // The OAuth2 module answers its own preflights with its own CORS policy.
    if (request.method === 'OPTIONS' && !isOAuth) return preflight(request);

    const op = request.method === 'OPTIONS' ? undefined : operationName(request, url);
    if (op) deps.stats.record(op);
    // STS is a server's call too: a page gets no CORS grant to read who the credentials are.
    const iamOperation = op !== undefined && (isIamOperation(op) || op === STS_OPERATION);
    const cors = (response: Response) => (iamOperation ? response : withCors(request, response));
    await deps.faults.delay();
    const forced = op === undefined ? undefined : deps.faults.failureFor(op);
    if (forced !== undefined) {
      const type =
        forced >= 500
          ? 'InternalErrorException'
          : forced === 429
            ? 'TooManyRequestsException'
            : 'InjectedFaultException';
      return cors(cognitoErrorResponse(type, `Injected fault for ${op}`, forced));
    }

    if (url.pathname === '/' && isStsRequest(request)) {
      return handleSts(request, { identity: deps.core.identity, ...deps.sts });
    }
    if (url.pathname === '/' && request.method === 'POST') {
      return cors(await handleJsonApi(deps.core, request, { admin: deps.admin, log: deps.log }));
    }
    const document = wellKnownName(url.pathname, poolId);
    if (document === 'jwks') return jwksResponse(deps.keys);
    if (document === 'openid-configuration') return discoveryResponse(deps.wellKnown);
    if (isOAuth) {
      const answered = await deps.oauth(request);
      if (answered) return answered;
    }
    if (url.pathname === '/' && request.method === 'GET') {
      return plainJson({ service: 'local Cognito-compatible IdP', poolId, issuer: deps.wellKnown.issuer() });
    }
    return withCors(request, plainJson({ error: `not found: ${request.method} ${url.pathname}` }, 404));
  };
}
