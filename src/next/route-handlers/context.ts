/**
 * What one handler invocation works with: the core, the options, the request, and the headers
 * its response will carry — cookie writes land there, whatever response is built at the end.
 */
import type { CognitoClient } from '../../cognito/client.js';
import { createHeadersJar, type CookieStorage } from '../../cookies/index.js';
import type { AuthCore } from '../../session/core.js';
import { PRIVATE_NO_STORE } from '../cache-policy.js';
import type { ResolvedRouteOptions } from './options.js';
import type { TransactionCookies } from './transaction-cookie.js';

export interface RouteContext {
  readonly core: AuthCore;
  /** The core's Cognito client plus sign-in and sign-out, for the handlers only. */
  readonly cognito: CognitoClient;
  readonly options: ResolvedRouteOptions;
  readonly request: Request;
  /** Response headers under construction; Set-Cookie lines from `storage` accumulate here. */
  readonly headers: Headers;
  /** Session cookie storage over this request's cookies and `headers`. */
  readonly storage: CookieStorage;
  readonly transactions: TransactionCookies;
  log(line: string): void;
}

export type RouteHandler = (ctx: RouteContext) => Promise<Response>;

export function createRouteContext(input: {
  core: AuthCore;
  cognito: CognitoClient;
  options: ResolvedRouteOptions;
  request: Request;
  transactions: TransactionCookies;
}): RouteContext {
  const { core, request } = input;
  // Every answer may carry session Set-Cookie lines: never one for a shared cache (cache-policy.ts).
  const headers = new Headers({ 'cache-control': PRIVATE_NO_STORE });
  const jar = createHeadersJar(request, { headers }, { logger: core.logger });
  let storage: CookieStorage | undefined;
  return {
    ...input,
    headers,
    // Lazy: attribute resolution can throw ConfigInvalid, which only routes touching cookies should meet.
    get storage() {
      return (storage ??= core.storage(jar, request));
    },
    log: (line) => core.logger.warn(line),
  };
}
