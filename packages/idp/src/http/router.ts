/**
 * One request → one answer. Order: local control (never delayed or failed), fault knobs and
 * counters, then the JSON API, the well-known documents, the OAuth2 module, and a 404.
 */
import type { IdpCore } from '../core.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { RequestHandler } from '../oauth2/backend.js';
import { OAUTH_PATHS } from '../oauth2/index.js';
import { OPERATIONS } from '../ops/table.js';
import type { Faults, OperationStats } from './faults.js';
import { handleJsonApi, targetOperation } from './json-api.js';
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
  log: (line: string) => void;
}

/** Counters and fault knobs key on names; a client-chosen target must not mint new keys. */
const UNKNOWN_OPERATION = 'unknown';

export function createRouter(deps: RouterDeps): (request: Request) => Promise<Response> {
  const { poolId } = deps.wellKnown;

  /** The name faults and counters know this request by (see Faults). */
  function operationName(request: Request, url: URL): string | undefined {
    if (url.pathname === '/' && request.method === 'POST') {
      const target = targetOperation(request);
      return target !== undefined && OPERATIONS.has(target) ? target : UNKNOWN_OPERATION;
    }
    if (OAUTH_PATHS.has(url.pathname)) return url.pathname.slice(1);
    return wellKnownName(url.pathname, poolId);
  }

  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/_local/')) return handleLocalControl(request, deps.control);
    const isOAuth = OAUTH_PATHS.has(url.pathname);
    // The OAuth2 module answers its own preflights with its own CORS policy.
    if (request.method === 'OPTIONS' && !isOAuth) return preflight(request);

    const op = request.method === 'OPTIONS' ? undefined : operationName(request, url);
    if (op) deps.stats.record(op);
    await deps.faults.delay();
    const forced = op === undefined ? undefined : deps.faults.failureFor(op);
    if (forced !== undefined) {
      const type = forced >= 500 ? 'InternalErrorException' : forced === 429 ? 'TooManyRequestsException' : 'InjectedFaultException';
      return withCors(request, cognitoErrorResponse(type, `Injected fault for ${op}`, forced));
    }

    if (url.pathname === '/' && request.method === 'POST') {
      return withCors(request, await handleJsonApi(deps.core, request, deps.log));
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
